"""Replace files and whole folders so that readers and interrupted runs see the old or the new, never a mix.

The scheme, for a folder TARGET (the tables in content/data, the site in output/):

1. the new version is written completely into a sibling `.TARGET.new-<random>` and flushed to disk;
2. it is swapped with TARGET in one step: Linux's renameat2(RENAME_EXCHANGE) exchanges the two names
   atomically (a reader opens the old folder or the new one). Where the file system cannot exchange,
   TARGET is first renamed to `.TARGET.old` (the marker of an unfinished swap), then the new folder to TARGET;
3. what now holds the old version is removed.

Every run starts under an exclusive lock (on the parent folder) by recovering: when TARGET is missing and
`.TARGET.old` exists, a run was killed between the two renames and the old version goes back; any other
`.TARGET.new-*` or `.TARGET.old` is what a killed run left behind, and is removed. Single files (state,
caches) are written to a temporary sibling and renamed over the target; such a temporary left by a killed
run is removed by a later one (clean_temporaries).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

_RENAME_EXCHANGE = 2   # from <linux/fs.h>
_AT_FDCWD = -100


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False when the system or file system cannot (the caller falls back)."""
    renameat2 = getattr(_LIBC, "renameat2", None) if _LIBC else None
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _sibling(target: Path, tag: str) -> Path:
    return target.parent / f".{target.name}.{tag}"


def write_file(path: Path, data: bytes | str) -> None:
    """Write a file whole or not at all: a temporary sibling, flushed, renamed over the target."""
    with replacing(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def replacing(path: Path, sync: bool = True) -> Iterator[BinaryIO]:
    """A handle to a temporary sibling of path that is renamed over it when the block ends (flushed to disk first
    when `sync`), and removed when the block raises: path is the old file or the new one, never part of one. A file
    linked from elsewhere is replaced, not written into."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# A temporary file this much older than now belongs to a killed run, not to one still writing it.
STALE_TEMPORARY_S = 600


def clean_temporaries(folder: Path, pattern: str = "*.tmp") -> None:
    """Remove temporary files that killed runs left in folder (write_file's and the cache's)."""
    now = time.time()
    for path in folder.glob(pattern) if folder.is_dir() else []:
        try:
            if now - path.stat().st_mtime > STALE_TEMPORARY_S:
                path.unlink()
        except OSError:
            pass   # gone already, or not ours to remove


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to source at target, or a copy (with its timestamp) on a file system without hard links."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _sync_tree(folder: Path) -> None:
    """Flush the new folder to disk, so a crash after the swap cannot leave empty files behind.

    One syncfs() on the file system that holds the folder writes every file of it in one journal commit; an
    fsync() per file commits once per file, which for a site of thousands of files took seconds (8 s at
    N = 1000). Where syncfs is missing, sync() flushes every file system, which is just as complete."""
    syncfs = getattr(_LIBC, "syncfs", None) if _LIBC else None
    if syncfs is None:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), str(folder))
    finally:
        os.close(fd)


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """An exclusive lock on the folder that holds target (no lock file to leave behind)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)   # closing releases the lock


def recover(target: Path) -> None:
    """Undo what a killed run left: restore the old folder if the swap stopped halfway, remove the rest."""
    old = _sibling(target, "old")
    if old.exists() and not target.exists():
        old.rename(target)
    for leftover in sorted(target.parent.glob(f".{target.name}.new-*")) + ([old] if old.exists() else []):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def replace_folder(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends without error, it replaces target in one step.

    On an error (or a kill) the target stays as it was and the staging folder is removed (now or by the
    next run's recovery)."""
    target = target.absolute()
    with _locked(target):
        recover(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            yield staging
            os.chmod(staging, 0o755)
            _sync_tree(staging)
            swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)   # after the swap: the old version


def swap_in(staging: Path, target: Path) -> None:
    """Make staging the target; afterwards staging holds the old version (or nothing)."""
    if not target.exists():
        staging.rename(target)
        return
    if exchange(staging, target):
        return
    old = _sibling(target, "old")
    target.rename(old)          # from here until the next rename, `old` marks an unfinished swap
    staging.rename(target)
    old.rename(staging)
