"""`make bench`: every benchmark figure, as tables on the terminal and in bench/results.json.

At 100, 1,000 and 5,000 posts, in one interleaved run per size (bench/build.py): plain
Pelican, plain Pelican + typogrify (the baseline), `make html`, `make publish` cold and
with one post changed; the peak memory of the Pelican process and of Pagefind. At
1,000 posts: profiles of a cold and a warm build, the steps of a warm publish, the
pre-compression candidates (bench/compression.py), how soon `make devserver` shows a
saved post in the browser (bench/preview.py); then the page figures (bench/pages.py:
weights, requests, the calculator, Lighthouse). QUICK=1 (or --quick) measures 100 posts
only, once each. bench/README.md explains every figure.

    .venv/bin/python -m bench.run [--quick] [--sizes 100 1000] [--runs 3]
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import compression
from .build import (
    BASELINE,
    COMMANDS,
    HTML,
    PLAIN,
    PLAIN_TYPOGRIFY,
    PUBLISH,
    PUBLISH_WARM,
    ROOT,
    BuildError,
    measure,
)
from .preview import measure_preview

PAGES_SCRIPT = ROOT / "bench" / "pages.py"
PAGES_TIMEOUT_SECONDS = 900
FULL_SIZES = [100, 1000, 5000]
QUICK_SIZES = [100]
GOAL_POSTS = 1000
# Above this many posts, one round of each command: a full run stays under 20 minutes.
LARGE_POSTS = 1000
# Wall time against plain Pelican + typogrify, cold; the warm publish against its cold build.
GOAL_PUBLISH_RATIO = 1.2
GOAL_HTML_RATIO = 1.1
GOAL_WARM_RATIO = 0.5
GOAL_MEMORY_RATIO = 2.0
# `make devserver`: a saved post in the browser, and the server's answers while it builds.
GOAL_PREVIEW_SECONDS = 1.0
GOAL_LATENCY_MS = 50
PREVIEW_EDITS = 5
# The first TCP round trip carries about 14 KB (ten segments), counted as bench/pages.py does.
GOAL_FIRST_ROUND_TRIP_BYTES = 14 * 1024
GOAL_LIGHTHOUSE = 100
MEMORY_GOAL_SIZES = (1000, 5000)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("QUICK") == "1")
    parser.add_argument("--sizes", type=int, nargs="+", help="post counts (default 100 1000 5000)")
    parser.add_argument("--runs", type=int, help="rounds per size up to 1,000 posts (3; QUICK: 1)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--skip-pages", action="store_true", help="do not run bench/pages.py")
    parser.add_argument("--edits", type=int, default=PREVIEW_EDITS, help="saves timed (5)")
    args = parser.parse_args()
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    # QUICK trades the medians for time: bench/pages.py alone takes most of a minute.
    args.runs = args.runs or (1 if args.quick else 3)
    if args.runs < 1 or min(args.sizes) < 1 or args.edits < 1:
        parser.error("--sizes, --runs and --edits must be positive")
    return args


def work_folder() -> Path:
    """Builds go to memory when it can: on disk, rewriting thousands of files gets slower
    run after run, which would skew the comparison (see TOOLING.md)."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="finishfirst-bench-", dir=shm if shm.is_dir() else None))


def machine() -> dict:
    return {
        "cores": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pelican": version("pelican"),
    }


def load_average() -> float:
    return os.getloadavg()[0]


def goal_size(sizes) -> tuple[int, str]:
    """The size a goal is judged at, and a note when it is not the goal's own."""
    posts = GOAL_POSTS if GOAL_POSTS in sizes else max(sizes)
    note = "" if posts == GOAL_POSTS else f"measured at {posts} posts; the goal is at {GOAL_POSTS}"
    return posts, note


def run_compression(release: str) -> dict:
    """bench/compression.py on the text files of the published site."""
    folder = Path(release).resolve()
    start = time.perf_counter()
    figures = compression.measure(folder)
    say(f"compression: {time.perf_counter() - start:.0f} s")
    return figures


def run_pages(skip: bool, work: Path) -> dict:
    """The page figures, from the theme's script; any failure is reported, not fatal."""
    if skip:
        return {"status": "skipped", "error": "--skip-pages given"}
    if not PAGES_SCRIPT.is_file():
        return {"status": "missing", "error": f"{PAGES_SCRIPT} does not exist"}
    say("pages: running bench/pages.py")
    output = work / "pages.json"
    command = [sys.executable, str(PAGES_SCRIPT), "--json", str(output)]
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=PAGES_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        return {"status": "failed", "error": f"timed out after {PAGES_TIMEOUT_SECONDS} s"}
    say(f"pages: {time.perf_counter() - start:.0f} s")
    if result.returncode != 0 or not output.is_file():
        log = (result.stdout + result.stderr).strip().splitlines()[-20:]
        return {"status": "failed", "error": f"exit {result.returncode}: " + "\n".join(log)}
    try:
        figures = json.loads(output.read_text())
        return {"status": "ok", "figures": figures, "report": result.stdout.strip()}
    except json.JSONDecodeError as error:
        return {"status": "failed", "error": f"{output.name} is not JSON: {error}"}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Goals --------------------------------------------------------------------------------


def goal(name: str, target: str, value: float | None, met: bool, note: str = "") -> dict:
    return {"goal": name, "target": target, "value": value, "met": met, "note": note}


def build_goals(builds: list[dict]) -> list[dict]:
    by_size = {build["posts"]: build for build in builds}
    posts, note = goal_size(by_size)
    figures = by_size[posts]["times"]
    goals = []
    for name, command, target in (
        ("make publish, cold / plain + typogrify", PUBLISH, GOAL_PUBLISH_RATIO),
        ("make html, cold / plain + typogrify", HTML, GOAL_HTML_RATIO),
        ("make publish, one post changed / plain + typogrify", PUBLISH_WARM, GOAL_WARM_RATIO),
    ):
        ratio = figures[command]["vs_baseline"]
        goals.append(goal(name, f"<= {target}", ratio, ratio <= target, note))
    for posts in MEMORY_GOAL_SIZES:
        if posts not in by_size:
            continue
        memory = by_size[posts]["memory"]
        ratio = memory["ours"]["peak_mib"] / memory[PLAIN_TYPOGRIFY]["peak_mib"]
        note = f"Pagefind beside it: {memory['pagefind']['peak_mib']:.0f} MiB a run (a year)"
        name = f"Pelican's peak memory / plain + typogrify, {posts:,} posts"
        goals.append(goal(name, f"<= {GOAL_MEMORY_RATIO}", ratio, ratio <= GOAL_MEMORY_RATIO, note))
    return goals


def preview_goals(preview: dict) -> list[dict]:
    title = "make devserver: a saved post visible in the browser"
    latency = "make devserver: slowest answer during rebuilds"
    posts = preview["posts"]
    note = "" if posts == GOAL_POSTS else f"measured at {posts} posts; the goal is at {GOAL_POSTS}"
    target, latency_target = f"<= {GOAL_PREVIEW_SECONDS} s", f"< {GOAL_LATENCY_MS} ms"
    if "error" in preview:
        failed = " ".join(filter(None, [preview["error"].splitlines()[0], note]))
        return [
            goal(title, target, None, False, failed),
            goal(latency, latency_target, None, False),
        ]
    seconds = preview["visible_seconds"]
    slowest = preview["latency_during_rebuilds"]["max_ms"]
    return [
        goal(title, target, seconds, seconds <= GOAL_PREVIEW_SECONDS, note),
        goal(latency, latency_target, slowest, slowest < GOAL_LATENCY_MS, note),
    ]


def page_goals(pages: dict) -> list[dict]:
    """The first round trip and Lighthouse scores of each page bench/pages.py measured."""
    if pages["status"] != "ok":
        note = f"bench/pages.py {pages['status']}"
        return [goal("first round trip and Lighthouse", "", None, False, note)]
    goals = []
    for name, page in pages["figures"]["pages"].items():
        first = page["first_round_trip_gzip"]
        target = f"< {GOAL_FIRST_ROUND_TRIP_BYTES:,} bytes gzipped"
        goals.append(
            goal(f"{name}: first round trip", target, first, first < GOAL_FIRST_ROUND_TRIP_BYTES)
        )
        audit = page["lighthouse"]
        if "missing" in audit:
            goals.append(goal(f"{name}: Lighthouse", "100 each", None, False, audit["missing"]))
            continue
        for category, score in audit["scores"].items():
            why = "; ".join(audit["reasons"].get(category, []))
            met = score == GOAL_LIGHTHOUSE
            goals.append(goal(f"{name}: Lighthouse {category}", "100", score, met, why))
    return goals


# --- The report ---------------------------------------------------------------------------


def print_times(console: Console, builds: list[dict]) -> None:
    table = Table(title=f"Wall seconds, medians of interleaved runs; ratio to {BASELINE}")
    table.add_column("posts", justify="right")
    table.add_column("runs", justify="right")
    for name in COMMANDS:
        table.add_column(name, justify="right")
    for build in builds:
        cells = []
        for name in COMMANDS:
            figures = build["times"][name]
            cells.append(f"{figures['seconds']:.2f} ({figures['vs_baseline']:.2f})")
        table.add_row(f"{build['posts']:,}", str(build["runs"]), *cells)
    console.print(table)


def print_memory(console: Console, builds: list[dict]) -> None:
    table = Table(title="Peak memory, MiB (the Pelican process alone; Pagefind run alone)")
    columns = (PLAIN, PLAIN_TYPOGRIFY, "ours", "ours / + typogrify", "largest child")
    pagefind = ("Pagefind MiB (a year)", "Pagefind s (all years)", "years", "pages indexed")
    for column in ("posts", *columns, *pagefind):
        table.add_column(column, justify="right")
    for build in builds:
        memory = build["memory"]
        ratio = memory["ours"]["peak_mib"] / memory[PLAIN_TYPOGRIFY]["peak_mib"]
        table.add_row(
            f"{build['posts']:,}",
            f"{memory[PLAIN]['peak_mib']:.0f}",
            f"{memory[PLAIN_TYPOGRIFY]['peak_mib']:.0f}",
            f"{memory['ours']['peak_mib']:.0f}",
            f"{ratio:.2f}",
            f"{memory['ours']['largest_child_mib']:.0f}",
            f"{memory['pagefind']['peak_mib']:.0f}",
            f"{memory['pagefind']['seconds']:.2f}",
            f"{memory['pagefind']['years']}",
            f"{memory['pagefind']['pages']:,}",
        )
    console.print(table)


def print_profile(console: Console, profile: dict) -> None:
    kind = "warm (one post changed)" if profile["warm"] else "cold"
    table = Table(
        title=f"Where a {kind} production build of {profile['posts']:,} posts spends its time "
        f"({profile['total_seconds']:.1f} s under cProfile, Pelican's process; shares overlap: "
        "Jinja calls plugins' hooks)"
    )
    for column in ("part", "seconds", "share"):
        table.add_column(column, justify="right" if column != "part" else "left")
    ordered = sorted(profile["shares"].items(), key=lambda item: -item[1]["seconds"])
    for part, figures in ordered:
        if figures["seconds"] >= 0.005:
            table.add_row(part, f"{figures['seconds']:.2f}", f"{figures['share']:.0%}")
    console.print(table)
    table = Table(title=f"Top {len(profile['top'])} functions by cumulative time ({kind})")
    for column, justify in (("cumulative s", "right"), ("own s", "right"), ("calls", "right")):
        table.add_column(column, justify=justify)
    table.add_column("function")
    for row in profile["top"]:
        table.add_row(
            f"{row['cumtime']:.2f}", f"{row['tottime']:.2f}", f"{row['ncalls']:,}", row["function"]
        )
    console.print(table)


def print_steps(console: Console, steps: dict, warm_publish: float) -> None:
    table = Table(title="A publish with one post changed, step by step (timed apart), seconds")
    for column in ("step", "seconds"):
        table.add_column(column, justify="right" if column == "seconds" else "left")
    for step, seconds in steps.items():
        table.add_row(step, f"{seconds:.2f}")
    other = warm_publish - sum(steps.values())
    table.add_row("the rest (start-up, lock, settings, times, sync, swap)", f"{other:.2f}")
    table.add_row("make publish, one post changed (median above)", f"{warm_publish:.2f}")
    console.print(table)


def print_preview(console: Console, preview: dict) -> None:
    title = f"make devserver, {preview['posts']:,} posts (bench/preview.py)"
    if "error" in preview:
        console.print(f"{title}: not measured:", style="bold red")
        console.print(preview["error"], markup=False, highlight=False)
        return
    table = Table(title=f"{title}: seconds from saving a post, median of {preview['edits']}")
    columns = ("after a save", "visible in the browser", "its build", "whole site rebuilt")
    for column in (*columns, "each save"):
        table.add_column(column, justify="right")
    modes = (("quick step first", preview), ("whole site only", preview["without_quick_step"]))
    for name, figures in modes:
        each = " ".join(f"{seconds:.2f}" for seconds in figures["all_visible_seconds"])
        keys = ("visible_seconds", "build_seconds", "whole_site_seconds")
        table.add_row(name, *(f"{figures[key]:.2f}" for key in keys), each)
    console.print(table)
    table = Table(title="The server's answers (archives and the post, every 20 ms), ms")
    for column in ("while", "requests", "median", "95th percentile", "max"):
        table.add_column(column, justify="right")
    for name, key in (("rebuilding", "latency_during_rebuilds"), ("idle", "latency_idle")):
        figures = preview[key]
        numbers = (figures["median_ms"], figures["p95_ms"], figures["max_ms"])
        table.add_row(name, str(figures["requests"]), *(f"{ms:.1f}" for ms in numbers))
    console.print(table)


def print_report(console: Console, results: dict) -> None:
    print_times(console, results["builds"])
    print_memory(console, results["builds"])
    posts, _ = goal_size({build["posts"] for build in results["builds"]})
    for profile in results["profiles"]:
        print_profile(console, profile)
    warm = next(b for b in results["builds"] if b["posts"] == posts)["times"][PUBLISH_WARM]
    print_steps(console, results["publish_steps"], warm["seconds"])
    console.rule(f"Pre-compression of the published site, {posts:,} posts (bench/compression.py)")
    console.print("\n".join(compression.table(results["compression"])), markup=False)
    print_preview(console, results["preview"])
    pages = results["pages"]
    if pages["status"] == "ok":
        console.rule("Pages (bench/pages.py)")
        console.print(pages["report"], markup=False, highlight=False)
    else:
        console.print(f"Pages: bench/pages.py {pages['status']}:", style="bold red")
        console.print(pages["error"], markup=False, highlight=False)

    table = Table(title="Goals")
    for column in ("goal", "target", "measured", "met", "note"):
        table.add_column(column)
    for row in results["goals"]:
        value = row["value"]
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        met = "yes" if row["met"] else "[red]NO[/]"
        table.add_row(row["goal"], row["target"], shown, met, row["note"])
    console.print(table)
    console.print(
        f"{results['date']}, {results['machine']['cores']} cores, load average "
        f"{results['load_before']:.2f} before and {results['load_after']:.2f} after, "
        f"Pelican {results['machine']['pelican']}; the benchmark took "
        f"{results['elapsed_seconds']:.0f} s. Saved to {results['json']}."
    )


def main() -> int:
    args = parse_args()
    console = Console(width=None if sys.stdout.isatty() else 140)
    work = work_folder()
    start = time.perf_counter()
    results = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_before": load_average(),
        "quick": args.quick,
        "sizes": args.sizes,
        "json": str(args.json),
    }
    try:
        posts, _ = goal_size(args.sizes)
        results.update(measure(args.sizes, args.runs, LARGE_POSTS, posts, work))
        results["compression"] = run_compression(results.pop("release"))
        say(f"{posts} posts: make devserver, {args.edits} saves")
        results["preview"] = measure_preview(posts, args.edits, work)
        results["pages"] = run_pages(args.skip_pages, work)
    except BuildError as error:
        console.print("Build benchmark failed:", style="bold red")
        console.print(str(error), markup=False, highlight=False)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = load_average()
    results["goals"] = [
        *build_goals(results["builds"]),
        *preview_goals(results["preview"]),
        *page_goals(results["pages"]),
    ]
    results["elapsed_seconds"] = time.perf_counter() - start
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print_report(console, results)
    return 0 if results["pages"]["status"] in ("ok", "skipped") else 1


if __name__ == "__main__":
    sys.exit(main())
