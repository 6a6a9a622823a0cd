"""`make publish` in a copy of the project, and what a publish must leave behind: the
live site whole (`public` naming a release that matches its manifest) and nothing else
in releases/ but the live release, the one before it and the lock."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import manifest
from scripts.releases import ReleaseLayout

from .sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "workflow"
# A post that passes the checks, with an image (FIXTURES) and a link to the column.
GOOD_POST = (FIXTURES / "good-post.md").read_text(encoding="utf-8")
SITEURL = "https://finishfirst.test"
# A fixed day for the advice-age notes, so that a test's publishes agree even at midnight.
BUILD_DATE = "2026-06-15"
# Generated or local: never part of a copy.
NOT_COPIED = {
    ".venv",
    ".git",
    "output",
    "preview",
    "releases",
    "public",
    "cache",
    "bench",
    "publish-manifest.json",
}
NOT_COPIED_ANYWHERE = shutil.ignore_patterns(
    "node_modules",  # tests/nu's Nu checker (32 MB): tests run it from the project itself
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".build-*",
    ".preview-build-*",
)


def copy_project(destination: Path) -> Path:
    def ignore(folder, names):
        top = {name for name in names if name in NOT_COPIED} if Path(folder) == ROOT else set()
        return top | NOT_COPIED_ANYWHERE(folder, names)

    shutil.copytree(ROOT, destination, ignore=ignore, symlinks=True)
    # copytree gives the copy the clone's own mode, 0700 when the clone was made in a
    # mktemp folder: nginx's www-data workers must walk through it, as a host's would.
    os.chmod(destination, 0o755)
    return destination


def new_project(destination: Path) -> Path:
    """A copy of the project with the image GOOD_POST shows."""
    copy = copy_project(destination)
    (copy / "content" / "images").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "workflow-calendar.svg", copy / "content" / "images")
    return copy


def write_post(project: Path, text: str, name: str = "new-post.md") -> Path:
    path = project / "content" / "posts" / name
    path.write_text(text, encoding="utf-8")
    return path


def publish_env(project: Path, **extra: str) -> dict[str, str]:
    """The environment `make publish` gives scripts/publish.py in `project`."""
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SITEURL", "BUILD_DATE")
    env = {key: value for key, value in os.environ.items() if key not in outer}
    env["PYTHONPATH"] = os.pathsep.join([str(project / "plugins"), str(project)])
    env.update({"SITEURL": SITEURL, "BUILD_DATE": BUILD_DATE})
    env.update(extra)
    return env


def make_command(project: Path, *args: str) -> list[str]:
    """`make` in `project` with the tests' venv (never reinstalling into it)."""
    venv = Path(sys.prefix)
    command = ["make", "--no-print-directory", "-C", str(project), f"VENV={venv}"]
    return [*command, "-o", f"{venv}/.site-installed", *args]


def make_env(project: Path) -> dict[str, str]:
    """The environment an author's `make` starts from (SITEURL, if any, on the command line)."""
    env = publish_env(project)
    del env["SITEURL"]
    return env


def make(
    project: Path, *args: str, umask: int | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`make` in `project`, as an author runs it."""
    return subprocess.run(
        make_command(project, *args),
        capture_output=True,
        text=True,
        env=make_env(project),
        timeout=timeout,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def publish_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "scripts.publish", *args]


def publish(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `make publish`'s command (scripts/publish.py) in `project`."""
    return subprocess.run(
        publish_command(*args),
        cwd=project,
        env=publish_env(project, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def publish_or_fail(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    result = publish(project, *args, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def assert_one_line_no_traceback(result: subprocess.CompletedProcess, *words: str) -> str:
    """The publish failed and said why in one line of its own, with no traceback."""
    assert result.returncode != 0, result.stdout
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines() if line.startswith("publish:")]
    assert len(lines) == 1, output
    for word in words:
        assert word in lines[0], output
    return lines[0]


def assert_live_site_whole(project: Path) -> str:
    """`public` names a release whose files are exactly those its manifest lists; return
    the release's name."""
    layout = ReleaseLayout(project)
    live = layout.live()
    assert live is not None, f"public -> {os.readlink(project / 'public')}"
    public = project / "public"
    recorded = manifest.read(layout.manifest_path(live))
    assert manifest.build_manifest(public) == recorded, "the live files are the release's"
    assert (public / "index.html").stat().st_size > 0
    return live


def assert_nothing_left_behind(project: Path) -> None:
    """releases/ holds only the live release, the one before it (with their manifests)
    and the lock; the project folder holds no temporary link or build folder."""
    layout = ReleaseLayout(project)
    assert layout.stale() == [], layout.stale()
    kept = {layout.live(), layout.previous()} - {None}
    folders = {entry.name for entry in layout.folder.iterdir() if entry.is_dir()}
    assert folders == kept
    assert not list(project.glob(".build-*"))
    assert not list(project.glob(".public*"))


def require_root(why: str) -> None:
    """Mounting a file system and starting nginx with workers as www-data need root.
    Without it the test is skipped, unless REQUIRE_HOSTING=1 (CI), where it fails."""
    if os.geteuid() == 0:
        return
    message = f"needs root: {why}"
    if os.environ.get("REQUIRE_HOSTING") == "1":
        pytest.fail(message)
    pytest.skip(message)
