"""`make bench`: every benchmark figure, as tables on the terminal and in bench/results.json.

Build times for 100, 1,000 and 5,000 posts against plain Pelican, a warm one-post
rebuild, a profile of one build (bench/build.py), how soon `make devserver` shows a
saved post in the browser (bench/preview.py), then the page figures from
bench/pages.py (weights, requests, the calculator, Lighthouse). QUICK=1 (or
--quick) measures the 100-post size only.

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

from .build import CACHE_LAYERS, ROOT, BuildError, measure
from .preview import measure_preview

PAGES_SCRIPT = ROOT / "bench" / "pages.py"
PAGES_TIMEOUT_SECONDS = 900
FULL_SIZES = [100, 1000, 5000]
QUICK_SIZES = [100]
GOAL_POSTS = 1000
GOAL_RATIO = 1.10
# The whole-site rebuild after one post.
GOAL_REBUILD_SECONDS = 2.0
# `make devserver`: a saved post in the browser, and the server's answers while it builds.
GOAL_PREVIEW_SECONDS = 1.0
GOAL_LATENCY_MS = 50
PREVIEW_EDITS = 5
# The first TCP round trip carries about 14 KB (ten segments), counted as bench/pages.py does.
GOAL_FIRST_ROUND_TRIP_BYTES = 14 * 1024
GOAL_LIGHTHOUSE = 100
REBUILD_COLUMNS = [f"rebuild s, {layer} cache" for layer in CACHE_LAYERS]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("QUICK") == "1")
    parser.add_argument("--sizes", type=int, nargs="+", help="post counts (default 100 1000 5000)")
    parser.add_argument("--runs", type=int, help="builds of each kind per size (3; QUICK: 1)")
    parser.add_argument("--profile-size", type=int, help="posts in the profiled build")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--skip-pages", action="store_true", help="do not run bench/pages.py")
    parser.add_argument("--edits", type=int, default=PREVIEW_EDITS, help="saves timed (5)")
    args = parser.parse_args()
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    # QUICK trades the medians for time: bench/pages.py alone takes most of a minute.
    args.runs = args.runs or (1 if args.quick else 3)
    if args.profile_size is None:
        args.profile_size = GOAL_POSTS if GOAL_POSTS in args.sizes else args.sizes[-1]
    if args.runs < 1 or min(args.sizes) < 1 or args.profile_size < 1 or args.edits < 1:
        parser.error("--sizes, --runs, --profile-size and --edits must be positive")
    return args


def work_folder() -> Path:
    """Builds go to memory when it can: on disk, rewriting thousands of files gets slower
    run after run, which would skew the comparison (see TOOLING.md)."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="finishfirst-bench-", dir=shm if shm.is_dir() else None))


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pelican": version("pelican"),
    }


def run_pages(skip: bool, work: Path) -> dict:
    """The page figures, from the theme's script; any failure is reported, not fatal."""
    if skip:
        return {"status": "skipped", "error": "--skip-pages given"}
    if not PAGES_SCRIPT.is_file():
        return {"status": "missing", "error": f"{PAGES_SCRIPT} does not exist"}
    print("pages: running bench/pages.py", file=sys.stderr, flush=True)
    output = work / "pages.json"
    command = [sys.executable, str(PAGES_SCRIPT), "--json", str(output)]
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=PAGES_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        return {"status": "failed", "error": f"timed out after {PAGES_TIMEOUT_SECONDS} s"}
    print(f"pages: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    if result.returncode != 0 or not output.is_file():
        log = (result.stdout + result.stderr).strip().splitlines()[-20:]
        return {"status": "failed", "error": f"exit {result.returncode}: " + "\n".join(log)}
    try:
        figures = json.loads(output.read_text())
        return {"status": "ok", "figures": figures, "report": result.stdout.strip()}
    except json.JSONDecodeError as error:
        return {"status": "failed", "error": f"{output.name} is not JSON: {error}"}


def goal_size(sizes: dict) -> tuple[int, str]:
    """The size a build goal is judged at, and a note when it is not the goal's own."""
    posts = GOAL_POSTS if GOAL_POSTS in sizes else max(sizes)
    note = "" if posts == GOAL_POSTS else f"measured at {posts} posts; the goal is at {GOAL_POSTS}"
    return posts, note


def build_goals(builds: list[dict]) -> list[dict]:
    by_size = {build["posts"]: build for build in builds}
    posts, note = goal_size(by_size)
    ratio = by_size[posts]["ratio"]
    goals = [goal("build time ours/plain", f"<= {GOAL_RATIO}", ratio, ratio <= GOAL_RATIO, note)]
    rebuilt = {posts: build["rebuild"] for posts, build in by_size.items() if build["rebuild"]}
    if not rebuilt:
        return goals
    posts, note = goal_size(rebuilt)
    target = f"< {GOAL_REBUILD_SECONDS} s"
    for layer, rebuild in rebuilt[posts].items():
        title = f"one-post rebuild, {layer} cache"
        if "error" in rebuild:
            failed = " ".join(filter(None, [f"the build failed: {rebuild['error']}.", note]))
            goals.append(goal(title, target, None, False, failed))
        else:
            seconds = rebuild["seconds"]
            goals.append(goal(title, target, seconds, seconds < GOAL_REBUILD_SECONDS, note))
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


def goal(name: str, target: str, value: float | None, met: bool, note: str = "") -> dict:
    return {"goal": name, "target": target, "value": value, "met": met, "note": note}


def rebuild_cell(rebuild: dict | None, layer: str) -> str:
    if rebuild is None:
        return "not run"
    if "error" in rebuild[layer]:
        return "build failed"
    return f"{rebuild[layer]['seconds']:.2f}"


def print_preview(console: Console, preview: dict) -> None:
    title = f"make devserver, {preview['posts']:,} posts (bench/preview.py)"
    if "error" in preview:
        console.print(f"{title}: not measured:", style="bold red")
        console.print(preview["error"], markup=False, highlight=False)
        return
    table = Table(title=f"{title}: seconds from saving a post, median of {preview['edits']}")
    for column in ("after a save", "visible in the browser", "whole site rebuilt", "each save"):
        table.add_column(column, justify="right")
    modes = (("quick step first", preview), ("whole site only", preview["without_quick_step"]))
    for name, figures in modes:
        each = " ".join(f"{seconds:.2f}" for seconds in figures["all_visible_seconds"])
        visible, whole = figures["visible_seconds"], figures["whole_site_seconds"]
        table.add_row(name, f"{visible:.2f}", f"{whole:.2f}", each)
    console.print(table)
    table = Table(title="The server's answers (archives and the post, every 20 ms), ms")
    for column in ("while", "requests", "median", "95th percentile", "max"):
        table.add_column(column, justify="right")
    for name, key in (("rebuilding", "latency_during_rebuilds"), ("idle", "latency_idle")):
        figures = preview[key]
        numbers = (figures["median_ms"], figures["p95_ms"], figures["max_ms"])
        table.add_row(name, str(figures["requests"]), *(f"{ms:.1f}" for ms in numbers))
    console.print(table)
    console.print(f"Load average before: {preview['load_average_before']:.2f} (2 cores).")


def print_report(console: Console, results: dict) -> None:
    builds = results["builds"]
    times = Table(title="Build time: ours (publishconf.py) vs plain Pelican, medians")
    columns = ("posts", "runs", "ours s", "plain s", "ours/plain", "ours ms/post", "plain ms/post")
    for column in columns:
        times.add_column(column, justify="right")
    costs = Table(title="Peak memory, search indexing, warm one-post rebuild")
    for column in ("posts", "ours MiB", "plain MiB", "Pagefind s", *REBUILD_COLUMNS):
        costs.add_column(column, justify="right")
    for build in builds:
        ours, plain = build["ours"], build["plain"]
        times.add_row(
            f"{build['posts']:,}",
            str(build["runs"]),
            f"{ours['seconds']:.2f}",
            f"{plain['seconds']:.2f}",
            f"{build['ratio']:.2f}",
            f"{ours['ms_per_post']:.1f}",
            f"{plain['ms_per_post']:.1f}",
        )
        costs.add_row(
            f"{build['posts']:,}",
            f"{ours['peak_mib']:.0f}",
            f"{plain['peak_mib']:.0f}",
            f"{build['search']['pagefind_seconds']:.2f}",
            *(rebuild_cell(build["rebuild"], layer) for layer in CACHE_LAYERS),
        )
    console.print(times)
    console.print(costs)
    first = builds[0]
    search = (
        "the Pelican build runs it itself"
        if first["search"]["in_build"]
        else "it runs after Pelican, so its time is added to ours"
    )
    settings = results["settings"]
    configured = ", ".join(f"{k}={v}" for k, v in settings["rebuild_configured"].items())
    console.print(
        "Ours and plain alternate; the figures are medians of the runs. Articles: the site's "
        f"own plus the synthetic posts. Pagefind: timed alone; {search}. Above "
        f"{settings['large_posts']:,} posts: one run of each and no rebuild, to keep "
        "a full run under 20 minutes.\n"
        f"One-post rebuild: the whole site, with {settings['rebuild']} and CACHE_CONTENT and "
        f"LOAD_CONTENT_CACHE on, in each CONTENT_CACHING_LAYER (the file itself has "
        f"{configured}); `make devserver` runs it behind the quick build of the saved post."
    )
    print_preview(console, results["preview"])

    profile = results["profile"]
    table = Table(
        title=f"Profile of one {profile['posts']:,}-post build of ours "
        f"({profile['total_seconds']:.1f} s under cProfile): top {len(profile['top'])} "
        "by cumulative time (runpy, import and exec frames left out)"
    )
    for column, justify in (("cumulative s", "right"), ("own s", "right"), ("calls", "right")):
        table.add_column(column, justify=justify)
    table.add_column("function")
    for row in profile["top"]:
        table.add_row(
            f"{row['cumtime']:.2f}", f"{row['tottime']:.2f}", f"{row['ncalls']:,}", row["function"]
        )
    console.print(table)
    table = Table(title="Where the build time goes (shares overlap: Jinja calls filters)")
    for column in ("part", "seconds", "share"):
        table.add_column(column, justify="right" if column != "part" else "left")
    ordered = sorted(profile["shares"].items(), key=lambda item: -item[1]["seconds"])
    for part, figures in ordered:
        table.add_row(part, f"{figures['seconds']:.2f}", f"{figures['share']:.0%}")
    console.print(table)

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
    if not all(row["met"] for row in build_goals(builds)):
        top = ", ".join(f"{part} {figures['share']:.0%}" for part, figures in ordered[:6])
        console.print(f"Build goals missed; where the time goes (profile): {top}.")
    console.print(
        f"{results['date']}, {results['machine']['cores']} cores, "
        f"Pelican {results['machine']['pelican']}; the benchmark took "
        f"{results['elapsed_seconds']:.0f} s. Saved to {results['json']}."
    )


def main() -> int:
    args = parse_args()
    console = Console(width=None if sys.stdout.isatty() else 120)
    work = work_folder()
    start = time.perf_counter()
    results = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
        "sizes": args.sizes,
        "json": str(args.json),
    }
    try:
        results.update(measure(args.sizes, args.runs, args.profile_size, work))
        posts, _ = goal_size({posts: None for posts in args.sizes})
        print(f"{posts} posts: make devserver, {args.edits} saves", file=sys.stderr, flush=True)
        results["preview"] = measure_preview(posts, args.edits, work)
        results["pages"] = run_pages(args.skip_pages, work)
    except BuildError as error:
        console.print("Build benchmark failed:", style="bold red")
        console.print(str(error), markup=False, highlight=False)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
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
