"""`make serve` (`python -m extract serve`): preview the site, rebuild on every edit, reload the open page.

As `hugo server` and `mkdocs serve` do: the site in output/ is served on 127.0.0.1; watchfiles reports
changes under sources/, theme/, plugins/ and extract/ (and pelican.conf.py); each batch of changes runs
`python -m extract build`, the incremental build, so an edit re-runs only the stages whose inputs changed.
The served pages get one same-origin script (added to the response, never to the files; the pages' CSP allows
'self' scripts) that listens to the server's event stream: after a successful rebuild it reloads the page,
after a failed one it shows the build's one-line error while the server keeps serving the last good site
(the build writes nothing on failure, so the last good site is still what output/ holds).

watchfiles rather than livereload: it is maintained (releases in 2026; livereload's last is 2024-12), it is
already installed as Pelican's own file watcher, and its Rust backend (notify) uses inotify instead of polling,
so the watcher costs nothing while idle. The rest is the standard library's HTTP server.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from watchfiles import DefaultFilter, watch

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("sources", "theme", "plugins", "extract", "pelican.conf.py")
PREFIX = "/__atlas-serve/"
# How often an idle event stream sends a comment, so a closed tab frees its thread.
KEEPALIVE_SECONDS = 15
# The build's last lines name the error; anything past this is cut from the one-line message.
MAX_ERROR_CHARS = 300

RELOAD_JS = """// Added by `make serve` to every page it serves: reload after a rebuild, show a failed rebuild's error.
(() => {
  const loaded = Number(new URL(document.currentScript.src).searchParams.get("generation"));
  const events = new EventSource("%(prefix)sevents");
  let banner = null;
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.generation > loaded && !state.error) {
      events.close();
      location.reload();
      return;
    }
    if (state.error && !banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.dataset.serveError = "";
      Object.assign(banner.style, {position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "1000",
        padding: "0.75rem 1rem", background: "#8b0000", color: "#fff", font: "0.95rem/1.4 monospace"});
      document.body.append(banner);
    }
    if (banner) {
      banner.hidden = !state.error;
      banner.textContent = state.error ? "Rebuild failed, showing the last good site: " + state.error : "";
    }
  };
})();
""" % {"prefix": PREFIX}


@dataclass
class BuildState:
    """The outcome of the last build, shared by the watcher thread and the request threads."""
    generation: int = 0            # successful builds so far; a page reloads when this grows
    error: str = ""                # the last build's one-line error, empty after a success
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, error: str) -> None:
        with self.changed:
            if not error:
                self.generation += 1
            self.error = error
            self.changed.notify_all()

    def snapshot(self) -> dict:
        return {"generation": self.generation, "error": self.error}


def error_line(stdout: str, stderr: str, returncode: int) -> str:
    """The line that says what went wrong: the build's `error: …` line, else its last line of output."""
    lines = [line.strip() for line in (stderr + "\n" + stdout).splitlines() if line.strip()]
    named = [line for line in lines if line.lower().startswith(("error", "check failed")) or "Error:" in line]
    line = (named or lines or [f"the build exited with status {returncode}"])[-1]
    return line[:MAX_ERROR_CHARS]


def run_build(root: Path) -> str:
    """`python -m extract build` in root; returns its one-line error, or "" when it succeeded."""
    result = subprocess.run([sys.executable, "-m", "extract", "build"], cwd=root, capture_output=True, text=True)
    if result.returncode == 0:
        return ""
    return error_line(result.stdout, result.stderr, result.returncode)


class Handler(SimpleHTTPRequestHandler):
    """Files of the site, with the reload script added to HTML pages, and the server's event stream."""

    def __init__(self, *args, state: BuildState, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:   # one line per build is what the terminal shows
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == f"{PREFIX}reload.js":
            return self.send_bytes(RELOAD_JS.encode(), "text/javascript; charset=utf-8")
        if path == f"{PREFIX}events":
            return self.stream_events()
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self.send_bytes(self.with_reload_script(file.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def with_reload_script(self, page: bytes) -> bytes:
        tag = f'<script src="{PREFIX}reload.js?generation={self.state.generation}" defer></script>'.encode()
        at = page.rfind(b"</body>")
        return page[:at] + tag + page[at:] if at >= 0 else page + tag

    def send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self) -> None:
        """Server-Sent Events: the build state now, then after every build, until the page goes away."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            seen = None
            while True:
                with self.state.changed:
                    if self.state.snapshot() == seen:
                        self.state.changed.wait(KEEPALIVE_SECONDS)
                    now = self.state.snapshot()
                self.wfile.write(f"data: {json.dumps(now)}\n\n".encode() if now != seen else b": idle\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return


def watch_and_rebuild(root: Path, state: BuildState, stop: threading.Event) -> None:
    """Rebuild after every batch of changes (watchfiles groups an editor's burst of writes into one)."""
    paths = [root / name for name in WATCHED if (root / name).exists()]
    for changes in watch(*paths, watch_filter=DefaultFilter(), stop_event=stop, raise_interrupt=False):
        names = sorted({os.path.relpath(path, root) for _, path in changes})
        print(f"changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}; rebuilding", flush=True)
        error = run_build(root)
        state.publish(error)
        print(f"rebuild failed: {error}" if error else "rebuilt; reloading open pages", flush=True)


def serve(root: Path, bind: str, port: int, build_first: bool = True) -> int:
    state = BuildState()
    if build_first:
        print("building…", flush=True)
        error = run_build(root)
        if error and not (root / "output" / "index.html").exists():
            print(f"error: {error}", file=sys.stderr)
            return 2
        state.publish(error)
    output = root / "output"
    server = ThreadingHTTPServer((bind, port), partial(Handler, state=state, directory=str(output)))
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(root, state, stop), daemon=True)
    watcher.start()
    host, chosen = server.server_address[:2]
    print(f"serving http://{host}:{chosen}/ (watching {', '.join(WATCHED)}; Ctrl+C to stop)", flush=True)
    if state.error:
        print(f"the last build failed, serving the last good site: {state.error}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0
