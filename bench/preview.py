"""`make devserver` at work: how soon a saved post shows in the browser.

Runs the real scripts/devserver.py in a copy of the project whose content/ also holds
the synthetic posts, opens one of them in Chromium (Playwright, as the tests drive it)
and appends a sentence to its Markdown file, `edits` times. Each save is timed until
the page, reloaded by livereload, shows the sentence ("visible"), then until the
devserver says the whole site is rebuilt behind it ("whole site").

    .venv/bin/python -m bench.preview [--posts 1000] [--edits 5]
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, free_port

from .build import DEV_SETTINGS, ROOT, read_settings
from .generate import generate

# What the devserver needs; the copy leaves out output/, cache/ and the venv.
PROJECT_PARTS = ("content", "theme", "plugins", "scripts", *(p.name for p in ROOT.glob("*conf.py")))
CONNECTED = "Browser Connected"  # livereload's log line once the page listens
WHOLE_SITE_REBUILT = "devserver: the whole site is rebuilt"
FIRST_BUILD_SECONDS = 600
EDIT_SECONDS = 60
LOOK_SECONDS = 0.02


class PreviewError(RuntimeError):
    pass


def project_copy(work: Path, posts: int) -> Path:
    project = work / f"preview-{posts}"
    shutil.rmtree(project, ignore_errors=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, project / part, ignore=ignore)
        else:
            shutil.copy2(source, project / part)
    article_path = read_settings(DEV_SETTINGS, ["ARTICLE_PATHS"])["ARTICLE_PATHS"][0]
    generate(project / "content" / article_path / "bench", posts)
    return project


class Devserver:
    """scripts/devserver.py running in `project`, its output in `log`."""

    def __init__(self, project: Path, log: Path):
        self.log = log
        self.port = free_port()
        command = [sys.executable, "-m", "scripts.devserver", "--port", str(self.port)]
        paths = os.pathsep.join([str(project / "plugins"), str(project)])
        with log.open("w") as log_file:
            self.process = subprocess.Popen(
                command,
                cwd=project,
                env=dict(os.environ, PYTHONPATH=paths),
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as one
            )

    def said(self, words: str) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count(words)

    def wait_until(self, condition, seconds: float, what: str) -> None:
        """Wait until `condition()` holds, looking every 20 ms."""
        start = time.perf_counter()
        while not condition():
            if self.process.poll() is not None:
                raise PreviewError(
                    f"the devserver stopped while waiting for {what}:\n{self.tail()}"
                )
            if time.perf_counter() - start > seconds:
                raise PreviewError(f"waited {seconds} s for {what}:\n{self.tail()}")
            time.sleep(LOOK_SECONDS)

    def tail(self) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def page_shows(page, text: str) -> bool:
    try:
        return page.evaluate("text => document.body.textContent.includes(text)", text)
    except Exception:  # the page is between two loads: look again
        return False


def measure_preview(posts: int, edits: int, work: Path) -> dict:
    """The figures, or {"error": ...} when the browser or the devserver fails."""
    if not Path(CHROMIUM).exists():
        return {"posts": posts, "error": f"{CHROMIUM} is missing: apt-get install chromium"}
    project = project_copy(work, posts)
    post = sorted((project / "content").rglob("*-bench-*.md"))[posts // 2]
    slug = re.search(r"^Slug: (.+)$", post.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    devserver = Devserver(project, work / "devserver.log")
    try:
        output = project / "output"
        devserver.wait_until(
            lambda: any(output.glob(f"*/*/{slug}/index.html")),
            FIRST_BUILD_SECONDS,
            "the first build",
        )
        devserver.wait_until(lambda: devserver.said("Serving on"), EDIT_SECONDS, "the server")
        [page_file] = output.glob(f"*/*/{slug}/index.html")
        path = page_file.parent.relative_to(output).as_posix()
        url = f"http://127.0.0.1:{devserver.port}/{path}/"
        return {"posts": posts, "edits": edits, **timed_saves(post, url, edits, devserver)}
    except PreviewError as error:
        return {"posts": posts, "error": str(error)}
    finally:
        devserver.stop()
        shutil.rmtree(project, ignore_errors=True)


def timed_saves(post: Path, url: str, edits: int, devserver: Devserver) -> dict:
    from playwright.sync_api import sync_playwright

    visible, whole_site = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        devserver.wait_until(lambda: devserver.said(CONNECTED), EDIT_SECONDS, "livereload")
        for round_number in range(1, edits + 1):
            seconds = time_one_save(post, page, round_number, devserver)
            visible.append(seconds[0])
            whole_site.append(seconds[1])
        browser.close()
    return {
        "visible_seconds": statistics.median(visible),
        "all_visible_seconds": visible,
        "whole_site_seconds": statistics.median(whole_site),
        "all_whole_site_seconds": whole_site,
    }


def time_one_save(post: Path, page, round_number: int, devserver: Devserver) -> tuple:
    """Append a sentence to `post`; seconds until the page shows it, until the whole site
    is rebuilt."""
    rebuilt_before = devserver.said(WHOLE_SITE_REBUILT)
    marker = f"previewed{time.time_ns()}"  # a lowercase word typogrify leaves alone
    with post.open("a", encoding="utf-8") as source:
        source.write(f"\nSaved for the benchmark: {marker} in round {round_number}.\n")
    start = time.perf_counter()
    what = f"save {round_number}"
    devserver.wait_until(lambda: page_shows(page, marker), EDIT_SECONDS, f"{what} to show")
    visible = time.perf_counter() - start
    devserver.wait_until(
        lambda: devserver.said(WHOLE_SITE_REBUILT) > rebuilt_before,
        EDIT_SECONDS,
        f"the whole site after {what}",
    )
    return visible, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="finishfirst-preview-"))
    try:
        print(json.dumps(measure_preview(args.posts, args.edits, work), indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
