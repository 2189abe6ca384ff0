"""The deploy workflow: pulls approved comments from the intake before publishing, commits them
as a bot, and runs when the intake's deploy hook sends a repository_dispatch."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from sitebuild.run_settings import kept_bundles, kept_prepared, kept_readings
from sitetest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "deploy.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def build_steps() -> list[dict]:
    return workflow()["jobs"]["build"]["steps"]


def step(name: str) -> dict:
    return next(s for s in build_steps() if s.get("name") == name)


def test_the_intake_deploy_hook_triggers_the_workflow():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["repository_dispatch"]["types"] == ["comment-approved"]
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)


def test_comments_are_pulled_before_publishing_and_committed_after_it():
    names = [s.get("name", s.get("uses", "")) for s in build_steps()]
    pull, publish, commit = (
        names.index(n)
        for n in ("Pull approved comments from the intake", "Build for production", "Commit the pulled comments")
    )
    assert names.index("Test") < pull < publish < commit
    pulled = step("Pull approved comments from the intake")
    assert pulled["run"] == "make comments-pull" and pulled["if"] == "vars.INTAKE_URL != ''"
    assert pulled["env"] == {
        "INTAKE_URL": "${{ vars.INTAKE_URL }}",
        "INTAKE_ADMIN_TOKEN": "${{ secrets.INTAKE_ADMIN_TOKEN }}",
    }
    assert step("Commit the pulled comments")["if"] == "steps.pull.outcome == 'success'"
    jobs = workflow()["jobs"]
    assert jobs["build"]["permissions"]["contents"] == "write"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow()["permissions"] == {"contents": "read"}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


def test_the_commit_step_commits_new_comment_files_as_the_bot_and_pushes(tmp_path):
    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    (clone / "content" / "comments").mkdir(parents=True)
    (clone / "content" / "comments" / "old.md").write_text("old\n", encoding="utf-8")
    git(clone, "add", ".")
    git(clone, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "-m", "start")
    git(clone, "push", "-q", "origin", "HEAD:main")
    script = step("Commit the pulled comments")["run"]
    environment = {"GITHUB_REF_NAME": "main", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def run() -> str:
        return subprocess.run(
            ["bash", "-e", "-c", script], cwd=clone, env=environment, check=True, capture_output=True, text=True
        ).stdout

    assert "No new comments." in run()
    assert git(origin, "rev-list", "--count", "main").strip() == "1"
    pulled = clone / "content" / "comments" / "beitrag" / "intake-c-1.md"
    pulled.parent.mkdir()
    pulled.write_text("---\narticle: beitrag\n---\nHallo\n", encoding="utf-8")
    (clone / "unrelated.txt").write_text("not a comment\n", encoding="utf-8")
    run()
    assert git(origin, "log", "-1", "--format=%an <%ae>|%s", "main").strip() == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|comments: approved comments from the intake"
    )
    assert git(origin, "show", "--name-only", "--format=", "main").split() == ["content/comments/beitrag/intake-c-1.md"]


def test_the_build_runs_in_debian_12_where_ci_run_installs_the_tested_packages():
    build = workflow()["jobs"]["build"]
    assert build["container"] == "python:3.11-bookworm"
    uses = [s.get("uses", "") for s in build_steps()]
    assert not [u for u in uses if u.startswith(("actions/setup-python", "actions/setup-java"))]  # apt-get in .ci/run
    names = [s.get("name", s.get("uses", "")) for s in build_steps()]
    assert names.index("Trust the checkout") < names.index("Test") < names.index("Build for production")
    assert "safe.directory" in step("Trust the checkout")["run"]
    assert step("Test")["run"] == "bash .ci/run"
    assert step("Build for production")["run"] == "make publish"
    upload = next(s for s in build_steps() if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output" and uses.index(upload["uses"]) > names.index("Build for production")


def test_the_build_asks_the_intake_for_seats_and_reports_its_notices_in_the_job_summary(tmp_path):
    assert step("Build for production")["env"]["INTAKE_URL"] == "${{ vars.INTAKE_URL }}"
    assert step("Build for production")["env"]["INTAKE_PUBLIC_URL"] == "${{ vars.INTAKE_PUBLIC_URL }}"  # the forms
    assert step("Build for production")["env"]["REPOSITORY_URL"].endswith("/blob/${{ github.sha }}/")  # notices' links
    report = step("Report the build notices")
    assert report["if"] == "always()"  # also after a failed publish
    summary = tmp_path / "summary.md"
    environment = {"GITHUB_STEP_SUMMARY": str(summary), "PATH": "/usr/bin:/bin"}

    def run() -> str:
        return subprocess.run(
            ["bash", "-e", "-c", report["run"]],
            cwd=tmp_path,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    assert "No build notices." in run() and not summary.exists()
    (tmp_path / "build-notices.md").write_text("## Build notices\n\n- a session passed\n", encoding="utf-8")
    run()
    assert summary.read_text(encoding="utf-8") == "## Build notices\n\n- a session passed\n"


def test_the_build_notices_are_mailed_after_publishing_and_a_failed_mail_only_warns(tmp_path):
    names = [s.get("name", s.get("uses", "")) for s in build_steps()]
    assert names.index("Build for production") < names.index("Mail the build notices to the office")
    mailed = step("Mail the build notices to the office")
    assert mailed["if"] == (
        "${{ !cancelled() && vars.INTAKE_URL != '' && contains('schedule workflow_dispatch', github.event_name) }}"
    )
    assert mailed["env"]["INTAKE_ADMIN_TOKEN"] == "${{ secrets.INTAKE_ADMIN_TOKEN }}"
    assert "make --no-print-directory notices-mail" in mailed["run"]
    # run the step's script with a `make` that fails as an unreachable intake would
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").write_text("#!/bin/sh\necho 'intake: the intake cannot be reached' >&2\nexit 1\n")
    (bin_dir / "make").chmod(0o755)
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        ["bash", "-e", "-c", mailed["run"]],
        cwd=tmp_path,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(summary), "RUN_URL": "https://x"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "::warning::" in done.stdout
    assert "could not be mailed" in summary.read_text() and "cannot be reached" in summary.read_text()


def test_the_production_build_keeps_its_drawn_images_between_deploys(monkeypatch):
    """The share cards and image copies are cached where the production build keeps them, and
    restored before it runs: a deploy is then a warm build (docs/performance.md)."""
    from images.images import image_settings
    from sitebuild.build import load_settings

    names = [s.get("name", "") for s in build_steps()]
    cached = step("Keep the drawn share cards and image copies between deploys")
    assert names.index("Keep the drawn share cards and image copies between deploys") < names.index(
        "Build for production"
    )
    assert cached["uses"].startswith("actions/cache@")
    monkeypatch.setenv("SITEURL", "https://www.example.com")
    settings = load_settings(str(REPO / "publishconf.py"), {})
    assert REPO / cached["with"]["path"] == Path(image_settings(settings).cache_path)  # the workspace is the checkout
    assert cached["with"]["restore-keys"] == "images-"  # the newest cache of any earlier run


@pytest.mark.parametrize(
    ("name", "folder", "prefix"),
    [
        ("Keep the read posts and pages between deploys", kept_readings, "reading-"),
        ("Keep the search index of unchanged shards between deploys", kept_bundles, "search-"),
        ("Keep the prepared dictionaries, hyphenations and templates between deploys", kept_prepared, "prepared-"),
    ],
    ids=["readings", "search bundles", "prepared"],
)
def test_the_production_build_keeps_what_it_reuses_between_deploys(monkeypatch, name, folder, prefix):
    """The kept readings of posts and pages and the search bundles of shards are cached where
    the production build keeps them, and restored before it runs: a deploy parses only the
    files that changed and indexes only the shards whose pages changed."""
    from sitebuild.build import load_settings

    names = [s.get("name", "") for s in build_steps()]
    cached = step(name)
    assert names.index(name) < names.index("Build for production")
    assert cached["uses"].startswith("actions/cache@")
    monkeypatch.setenv("SITEURL", "https://www.example.com")
    settings = load_settings(str(REPO / "publishconf.py"), {})
    assert REPO / cached["with"]["path"] == Path(folder(settings))
    assert cached["with"]["restore-keys"] == prefix
