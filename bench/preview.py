"""`make devserver` at work: how soon a saved post shows in the browser, and how fast the
server answers while it rebuilds.

Runs the real scripts/devserver.py in a copy of the project whose content/ also holds
the synthetic posts, opens one of them in Chromium (Playwright, as the tests drive it)
and appends a sentence to its Markdown file, `edits` times. Each save is timed until the
page, reloaded by the devserver, shows the sentence ("visible"), and until the devserver
says the whole site is rebuilt ("whole site"); beside them, the devserver's own figure
for the build the page shows ("its build": the quick step, or the whole site). It does
this twice: as `make devserver` runs (a quick step writes the saved post's page first)
and with `--no-quick-step` (the whole site only), so the quick step's worth is measured.

Meanwhile another process asks the server for the archives page (which lists every
post) and the edited post, one request every 20 ms, and times each answer: the server's
latency during rebuilds (max and 95th percentile), beside the same with nothing
building.

    .venv/bin/python -m bench.preview [--posts 1000] [--edits 5]
"""

import argparse
import http.client
import json
import multiprocessing
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

# What the devserver needs; the copy leaves out output/, preview/, cache/ and the venv.
PROJECT_PARTS = ("content", "theme", "plugins", "scripts", *(p.name for p in ROOT.glob("*conf.py")))
READY = "devserver: http://"  # its first line, once it listens
WHOLE_SITE_REBUILT = "devserver: the whole site is rebuilt"
QUICK_STEP_SHOWN = "devserver: its page is rebuilt"
FIRST_BUILD_SECONDS = 600
EDIT_SECONDS = 60
LOOK_SECONDS = 0.02
PROBE_EVERY_SECONDS = 0.02
IDLE_PROBE_SECONDS = 1.0
# Each save comes this long after the last one's whole site, as a writer's next save
# does: the first one no longer lands while Chromium and the prober are starting.
SETTLE_SECONDS = 1.0


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

    def __init__(self, project: Path, log: Path, *options: str):
        self.log = log
        self.port = free_port()
        command = [sys.executable, "-m", "scripts.devserver", "--port", str(self.port), *options]
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


def probe(port: int, paths: list[str], stop, results) -> None:
    """In its own process: GET each path in turn until `stop` is set; each answer's
    (status, milliseconds) into `results`."""
    timings = []
    while not stop.is_set():
        for path in paths:
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
                connection.close()
            except OSError:
                status = None
            timings.append((status, 1000 * (time.perf_counter() - start)))
            time.sleep(PROBE_EVERY_SECONDS)
    results.put(timings)


class Prober:
    """probe() in a process of its own, so the browser never delays its requests."""

    def __init__(self, port: int, paths: list[str]):
        context = multiprocessing.get_context("spawn")
        self.stop_event = context.Event()
        self.results = context.Queue()
        self.process = context.Process(
            target=probe, args=(port, paths, self.stop_event, self.results)
        )
        self.process.start()

    def stop(self) -> list[tuple[int | None, float]]:
        self.stop_event.set()
        timings = self.results.get(timeout=60)
        self.process.join(timeout=30)
        return timings


def latency_figures(timings: list[tuple[int | None, float]]) -> dict:
    milliseconds = sorted(ms for _, ms in timings)
    if not milliseconds:
        return {"requests": 0}
    return {
        "requests": len(milliseconds),
        "failed": sum(1 for status, _ in timings if status != 200),
        "median_ms": statistics.median(milliseconds),
        "p95_ms": milliseconds[max(0, round(0.95 * len(milliseconds)) - 1)],
        "max_ms": milliseconds[-1],
    }


def measure_mode(project: Path, post: Path, log: Path, edits: int, *options: str) -> dict:
    """One devserver run: the saves timed, and the server's latency around them."""
    slug = re.search(r"^Slug: (.+)$", post.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    devserver = Devserver(project, log, *options)
    try:
        devserver.wait_until(
            lambda: devserver.said(WHOLE_SITE_REBUILT), FIRST_BUILD_SECONDS, "the first build"
        )
        [page_file] = (project / "preview").glob(f"*/*/{slug}/index.html")
        path = "/" + page_file.parent.relative_to(project / "preview").as_posix() + "/"
        paths = ["/archives/", path]
        idle = Prober(devserver.port, paths)
        time.sleep(IDLE_PROBE_SECONDS)
        idle_timings = idle.stop()
        saves, busy_timings = timed_saves(post, path, edits, devserver, paths)
        return {
            **saves,
            "build_seconds": statistics.median(shown_build_seconds(devserver.log, edits)),
            "latency_during_rebuilds": latency_figures(busy_timings),
            "latency_idle": latency_figures(idle_timings),
        }
    finally:
        devserver.stop()


def shown_build_seconds(log: Path, edits: int) -> list[float]:
    """The devserver's own figure for each save's build that the page shows (its quick
    step, or the whole site with --no-quick-step), from its lines."""
    text = log.read_text(encoding="utf-8", errors="replace")
    seconds = r" \(([0-9.]+) s\)"
    quick = re.findall(re.escape(QUICK_STEP_SHOWN) + seconds, text)
    whole = re.findall(re.escape(WHOLE_SITE_REBUILT) + seconds, text)[1:]  # not the first
    return [float(seconds) for seconds in (quick or whole)[-edits:]]


def measure_preview(posts: int, edits: int, work: Path) -> dict:
    """The figures, or {"error": ...} when the browser or the devserver fails."""
    if not Path(CHROMIUM).exists():
        return {"posts": posts, "error": f"{CHROMIUM} is missing: apt-get install chromium"}
    load = os.getloadavg()[0]
    project = project_copy(work, posts)
    post = sorted((project / "content").rglob("*-bench-*.md"))[posts // 2]
    try:
        quick = measure_mode(project, post, work / "devserver.log", edits)
        whole_only = measure_mode(
            project, post, work / "devserver-whole.log", edits, "--no-quick-step"
        )
        left = sorted(path.name for path in project.glob(".preview-build-*"))
        return {
            "posts": posts,
            "edits": edits,
            "load_average_before": load,
            **quick,
            "without_quick_step": whole_only,
            "left_behind": left,
        }
    except PreviewError as error:
        return {"posts": posts, "error": str(error)}
    finally:
        shutil.rmtree(project, ignore_errors=True)


def timed_saves(
    post: Path, path: str, edits: int, devserver: Devserver, probed: list[str]
) -> tuple[dict, list]:
    """The saves timed, and the server's answers to the prober meanwhile: from the
    browser showing the post (its launch is not the server's business) to the last
    save's whole site."""
    from playwright.sync_api import sync_playwright

    visible, whole_site = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{devserver.port}{path}")
        busy = Prober(devserver.port, probed)
        try:
            for round_number in range(1, edits + 1):
                seconds = time_one_save(post, page, round_number, devserver)
                visible.append(seconds[0])
                whole_site.append(seconds[1])
        finally:
            timings = busy.stop()
        browser.close()
    saves = {
        "visible_seconds": statistics.median(visible),
        "all_visible_seconds": visible,
        "whole_site_seconds": statistics.median(whole_site),
        "all_whole_site_seconds": whole_site,
    }
    return saves, timings


def time_one_save(post: Path, page, round_number: int, devserver: Devserver) -> tuple:
    """Append a sentence to `post`; seconds until the page shows it, until the whole site
    is rebuilt."""
    time.sleep(SETTLE_SECONDS)
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
    shm = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="finishfirst-preview-", dir=shm if shm.is_dir() else None))
    try:
        print(json.dumps(measure_preview(args.posts, args.edits, work), indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
