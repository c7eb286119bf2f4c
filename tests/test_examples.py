"""The example CI workflow for a documentation repository: it builds, and its diff step works as written."""
import os
import shutil
import subprocess
import sys

import yaml

from conftest import ROOT, change_table

WORKFLOW = ROOT / "examples" / "table-diff.yml"


def steps():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert set(workflow[True]["pull_request"]["paths"]) >= {"sources/**"}   # YAML reads the key `on` as True
    assert workflow["permissions"]["pull-requests"] == "write"
    return {s.get("name", s.get("uses")): s for s in workflow["jobs"]["table-diff"]["steps"]}


def test_the_workflow_builds_and_posts_the_markdown_diff():
    named = steps()
    assert named["Build (extract, check, render, index)"]["run"].strip() == "make build"
    assert "--format markdown" in named["Table diff against the base branch"]["run"]
    assert "gh pr comment" in named["Post the diff on the pull request"]["run"]


def test_the_diff_step_runs_as_written(tmp_path):
    """The step's script, with the base branch replaced by this repository's HEAD, on edited tables."""
    shutil.copytree(ROOT / "content" / "data", tmp_path / "content" / "data")

    def edit(rows):
        next(r for r in rows if r["lang"] == "en" and r["region"] == "emea")["end"] = "17:00"
        return rows
    change_table(tmp_path / "content" / "data", "business_hours", edit)
    script = steps()["Table diff against the base branch"]["run"].replace(".venv/bin/python", sys.executable)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "BASE": "HEAD", "GITHUB_STEP_SUMMARY": str(summary), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "table-diff.md").read_text()
    assert text.startswith("**Table diff**") and "business_hours" in text
    assert summary.read_text() == text
