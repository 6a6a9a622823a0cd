"""plugins/parallel_reading: the site read on two cores is the site read on one, byte for
byte; a post that cannot be read is told as Pelican tells it, once, in Pelican's order;
a wrong setting stops the build with one line."""

import shutil
import subprocess
import sys

import pytest

from bench.generate import generate
from tests.support.sitebuild import (
    ROOT,
    build,
    build_or_fail,
    files,
    project_env,
    variant_settings,
)

POSTS = 40
HELPER_STARTED = "parallel_reading: 1 helper(s) for"
BROKEN = """Title: A post Pelican cannot read
Date: the day after tomorrow
Category: Interviews
Summary: Its date is not a date.

Text.
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel") / "content"
    shutil.copytree(ROOT / "content", folder)
    generate(folder / "posts" / "bench", POSTS)
    return folder


def settings(folder, parallel: bool) -> str:
    folder.mkdir()
    return variant_settings(folder, "pelicanconf.py", PARALLEL_READING=parallel)


def test_the_site_read_on_two_cores_is_the_site_read_on_one(content, tmp_path):
    serial = build_or_fail(tmp_path / "serial", settings(tmp_path / "one", False), content=content)
    result = build(tmp_path / "parallel", settings(tmp_path / "two", True), content, debug=True)
    assert result.returncode == 0, result.stderr
    assert HELPER_STARTED in result.stderr
    assert files(tmp_path / "parallel") == files(serial)


def test_warnings_and_errors_are_told_once_in_pelicans_order(content, tmp_path):
    """Every post warns as Pelican reads it (a repeated Category): the files a helper read
    are read again by Pelican, so the same lines come in the same order. Python's hash
    seed is fixed, so that Pelican's order of the files (a set) is the same in both."""
    posts = sorted((content / "posts" / "bench").glob("*.md"))
    originals = {post: post.read_text(encoding="utf-8") for post in posts}
    broken = content / "posts" / "bench" / "2026-06-15-broken.md"
    told = {}
    try:
        for post, text in originals.items():
            post.write_text(
                text.replace("Category: ", "Category: Twice\nCategory: ", 1), encoding="utf-8"
            )
        for case in ("warnings", "an error"):
            if case == "an error":
                broken.write_text(BROKEN, encoding="utf-8")
            for name, parallel in (("one", False), ("two", True)):
                conf = settings(tmp_path / f"{name}-{case}", parallel)
                told[case, name] = build_seeded(tmp_path / f"output-{name}-{case}", conf, content)
    finally:
        broken.unlink(missing_ok=True)
        for post, text in originals.items():
            post.write_text(text, encoding="utf-8")

    returncode, lines, log = told["warnings", "two"]
    assert "warned or failed in a helper: read again" in log
    assert (returncode, lines) == told["warnings", "one"][:2]
    assert returncode == 0
    assert len([line for line in lines if "Duplicate definition of `category`" in line]) == POSTS
    returncode, lines, _ = told["an error", "two"]
    assert (returncode, lines) == told["an error", "one"][:2]
    assert returncode == 1  # errors are fatal in every build
    assert len([line for line in lines if "2026-06-15-broken.md" in line]) == 1


def build_seeded(output, conf, content):
    """A build with a fixed hash seed: its exit status, warning and error lines, log."""
    command = [sys.executable, "-m", "scripts.build", str(content), "-o", str(output), "-s", conf]
    command += ["-e", "CONTENT_CHECK=false", "-D"]
    env = project_env(PYTHONHASHSEED="1")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    shown = [line for line in result.stderr.splitlines() if line.startswith(("warning", "error"))]
    return result.returncode, shown, result.stderr


def test_a_wrong_setting_stops_the_build_with_one_line(tmp_path):
    conf = variant_settings(tmp_path, "pelicanconf.py", PARALLEL_READING="yes")
    result = build(tmp_path / "output", conf)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "PARALLEL_READING" in line]
    assert line == "settings: PARALLEL_READING = 'yes' is not True or False; set one of them"
    assert not (tmp_path / "output").exists()
