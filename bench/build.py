"""Build-time benchmark: our site against plain Pelican on the same synthetic posts.

"Ours" is exactly what `make publish` configures (publishconf.py: our theme,
plugins, typogrify and search indexing); "plain" is bench/plainconf.py (Pelican's
defaults, built-in theme, no plugins, no typogrify). Each build runs as its own
`python -m pelican` process, so its wall time and peak memory are its own; the two
alternate, and medians are kept. The warm one-post rebuild uses devserverconf.py, the
settings `make devserver` rebuilds with.
"""

import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .generate import generate

ROOT = Path(__file__).resolve().parent.parent
OURS_SETTINGS = ROOT / "publishconf.py"
DEV_SETTINGS = ROOT / "devserverconf.py"
PLAIN_SETTINGS = ROOT / "bench" / "plainconf.py"
# The warm one-post rebuild runs with Pelican's content cache at its reader layer, as
# devserverconf.py sets it (with typogrify_in_reader, the cache keeps typogrify's work
# too). The generator layer is left out: with pelican-neighbors listed, pickling it
# fails with a RecursionError from a few hundred posts.
CACHE_LAYERS = ("reader",)
# Above this size each kind is built once and the rebuilds are left out: our production
# build of 5,000 posts takes minutes, and a full run must stay under 20.
LARGE_POSTS = 1000
TOP_FUNCTIONS = 15
CALCULATOR = "followup"


class BuildError(RuntimeError):
    """A benchmark build failed; the message names the build and ends with its log,
    `summary` is the log's last line (usually the exception)."""

    def __init__(self, message: str, summary: str = ""):
        super().__init__(message)
        self.summary = summary or message.splitlines()[0]


@dataclass
class Run:
    seconds: float
    peak_mib: float
    articles: int


def say(message: str) -> None:
    """Progress goes to stderr, so the tables on stdout stay readable."""
    print(message, file=sys.stderr, flush=True)


def run_timed(command: list[str], label: str, log: Path) -> tuple[float, float, str]:
    """Run one process from the project root: its wall seconds, peak MiB and output.

    os.wait4 gives the rusage of this child alone (with its own waited-for children,
    such as Pagefind), which resource.getrusage(RUSAGE_CHILDREN) would mix across runs.
    """
    with log.open("w") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    if process.returncode != 0:
        lines = [line for line in text.splitlines() if line.strip()] or ["(no output)"]
        tail = "\n".join(lines[-25:])
        raise BuildError(
            f"{label} failed (exit {process.returncode}): {' '.join(command)}\n{tail}",
            summary=lines[-1],
        )
    return seconds, usage.ru_maxrss / 1024, text


def pelican_command(
    content: Path, output: Path, settings: Path, cache: Path, extra: dict | None = None
) -> list[str]:
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    command += ["-s", str(settings), "--cache-path", str(cache), "--log-handler", "plain"]
    if extra:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    return command


def articles_processed(log: str, label: str) -> int:
    match = re.search(r"Processed\s+(\d+)\s+articles?", log)
    if not match:
        raise BuildError(f"{label}: Pelican's log has no 'Processed N articles' line:\n{log}")
    return int(match.group(1))


def build_once(label: str, content: Path, output: Path, settings: Path, work: Path) -> Run:
    """A cold build: empty output folder and empty cache folder."""
    cache = work / f"cache-{label}"
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    command = pelican_command(content, output, settings, cache)
    seconds, peak, log = run_timed(command, f"{label} build", work / f"{label}.log")
    return Run(seconds, peak, articles_processed(log, label))


def pagefind_alone(output: Path, work: Path) -> float:
    """Index a built site with Pagefind on its own; Pagefind is a separate binary that
    a Python profile only sees as waiting, so it is timed by itself."""
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--quiet"]
    seconds, _, _ = run_timed(command, "Pagefind", work / "pagefind.log")
    return seconds


def has_search_index(output: Path) -> bool:
    return (output / "pagefind" / "pagefind.js").is_file()


def read_settings(settings: Path, names: list[str]) -> dict:
    """Selected values of a settings file, read by Pelican in a child process, since
    settings files change sys.path and the working directory matters to them."""
    code = (
        "import json, sys; from pelican.settings import read_settings; "
        "s = read_settings(sys.argv[1]); "
        "print(json.dumps({k: s.get(k) for k in sys.argv[2:]}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(settings), *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"cannot read {settings.name}:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def prepare_content(work: Path, posts: int) -> Path:
    """The site's own content plus `posts` synthetic posts, in a folder of `work`."""
    content = work / f"content-{posts}"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(ROOT / "content", content)
    # Article paths come from pelicanconf.py; the posts go into the first one.
    article_path = read_settings(DEV_SETTINGS, ["ARTICLE_PATHS"])["ARTICLE_PATHS"][0]
    generate(content / article_path / "bench", posts)
    return content


def compare_builds(content: Path, work: Path, runs: int) -> dict:
    """Ours and plain, alternating which goes first; medians of `runs` each."""
    results: dict[str, list[Run]] = {"ours": [], "plain": []}
    pagefind_seconds: list[float] = []
    search_in_build = False
    settings = {"ours": OURS_SETTINGS, "plain": PLAIN_SETTINGS}
    for round_number in range(runs):
        order = ("ours", "plain") if round_number % 2 == 0 else ("plain", "ours")
        for label in order:
            output = work / f"output-{label}"
            run = build_once(label, content, output, settings[label], work)
            if label == "ours":
                search_in_build = has_search_index(output)
                pagefind = pagefind_alone(output, work)
                pagefind_seconds.append(pagefind)
                # A build that leaves indexing to a later step still has to pay for it.
                if not search_in_build:
                    run.seconds += pagefind
            results[label].append(run)
            say(f"  {label}: {run.seconds:.2f} s, {run.peak_mib:.0f} MiB")
    articles = {run.articles for label_runs in results.values() for run in label_runs}
    if len(articles) != 1:
        raise BuildError(f"ours and plain processed different numbers of articles: {articles}")
    summary = {label: summarise(label_runs) for label, label_runs in results.items()}
    return {
        "articles_processed": articles.pop(),
        **summary,
        "ratio": summary["ours"]["seconds"] / summary["plain"]["seconds"],
        "search": {
            "in_build": search_in_build,
            "pagefind_seconds": statistics.median(pagefind_seconds),
        },
    }


def summarise(runs: list[Run]) -> dict:
    seconds = statistics.median(run.seconds for run in runs)
    return {
        "seconds": seconds,
        "all_seconds": [run.seconds for run in runs],
        "ms_per_post": 1000 * seconds / runs[0].articles,
        "peak_mib": max(run.peak_mib for run in runs),
    }


def cache_settings(layer: str) -> dict:
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": layer}


def edited_post(content: Path) -> Path:
    """The post the rebuild edits: one in the middle of the synthetic posts."""
    posts = sorted(content.rglob("*-bench-*.md"))
    return posts[len(posts) // 2]


def warm_rebuild(content: Path, work: Path, runs: int, layer: str) -> dict:
    """Fill the cache with one build, then edit one post and rebuild, `runs` times.
    Each rebuild is checked to show the edit, so a stale cache cannot look fast."""
    output, cache = work / f"output-rebuild-{layer}", work / f"cache-rebuild-{layer}"
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    settings = cache_settings(layer)
    command = pelican_command(content, output, DEV_SETTINGS, cache, settings)
    log = work / "rebuild.log"
    fill_seconds, _, _ = run_timed(command, "cache-filling build", log)
    post = edited_post(content)
    slug = re.search(r"^Slug: (.+)$", post.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    seconds, peaks = [], []
    for round_number in range(runs):
        # A lowercase word that typogrify leaves alone, followed by more words so that
        # its widow control does not glue it to the next one.
        marker = f"edit{time.time_ns()}"
        with post.open("a", encoding="utf-8") as source:
            source.write(f"\nEdited for the benchmark: {marker} in round {round_number}.\n")
        elapsed, peak, _ = run_timed(command, "one-post rebuild", log)
        pages = [page for page in output.rglob("*.html") if slug in str(page)]
        if not any(marker in page.read_text(encoding="utf-8") for page in pages):
            raise BuildError(f"the rebuild did not show the edit to {post.name}")
        seconds.append(elapsed)
        peaks.append(peak)
        say(f"  one-post rebuild, {layer} cache: {elapsed:.2f} s")
    return {
        "seconds": statistics.median(seconds),
        "all_seconds": seconds,
        "cache_fill_seconds": fill_seconds,
        "peak_mib": max(peaks),
        "settings": settings,
    }


def measure_size(posts: int, work: Path, runs: int) -> dict:
    say(f"{posts} posts: generating")
    content = prepare_content(work, posts)
    runs = runs if posts <= LARGE_POSTS else 1
    say(f"{posts} posts: ours and plain, {runs} run(s) each")
    result = {"posts": posts, "runs": runs, **compare_builds(content, work, runs)}
    result["rebuild"] = None
    if posts <= LARGE_POSTS:
        say(f"{posts} posts: warm one-post rebuilds")
        result["rebuild"] = {
            layer: rebuild_or_error(content, work, runs, layer) for layer in CACHE_LAYERS
        }
    return result


def rebuild_or_error(content: Path, work: Path, runs: int, layer: str) -> dict:
    """A caching layer that breaks the build is a finding to report, not the end of the run."""
    try:
        return warm_rebuild(content, work, runs, layer)
    except BuildError as error:
        say(f"  one-post rebuild, {layer} cache: failed: {error.summary}")
        return {"error": error.summary, "settings": cache_settings(layer)}


# Where a profiled function's time belongs, by the file its code lives in.
def profile_categories(plugins: list[str]) -> dict[str, tuple[str, ...]]:
    search_plugins = [name for name in plugins if "search" in name or "pagefind" in name]
    other_plugins = [name for name in plugins if name not in (CALCULATOR, *search_plugins)]
    return {
        "typogrify": ("/typogrify/", "/smartypants.py"),
        "markdown": ("/site-packages/markdown/",),
        "jinja": ("/jinja2/", ".html", "<template>"),
        "calculator plugin": (f"/plugins/{CALCULATOR}/",),
        "search indexing": ("pagefind", *(f"/plugins/{name}/" for name in search_plugins)),
        **{
            f"plugin {name}": (f"/plugins/{name}/", f"/plugins/{name}.py") for name in other_plugins
        },
    }


def inclusive_seconds(stats: dict, patterns: tuple[str, ...]) -> float:
    """Wall time spent inside matching code: the cumulative time of each call into it
    from code that does not match, so nested calls are not counted twice. Built-ins
    (file "~") do not count as outside: Jinja renders nested templates through
    str.join, which would otherwise count every include again."""

    def matches(function) -> bool:
        return any(pattern in function[0] for pattern in patterns)

    def outside(function) -> bool:
        return function[0] != "~" and not matches(function)

    total = 0.0
    for function, (_, _, _, cumulative, callers) in stats.items():
        if not matches(function):
            continue
        if not callers:
            total += cumulative
        total += sum(call[3] for caller, call in callers.items() if outside(caller))
    return total


def is_harness(function: tuple) -> bool:
    """Frames of the interpreter's own machinery (runpy, import system, exec), which
    wrap everything and would fill the top of the list without saying anything."""
    filename, _, name = function
    return filename.startswith(("<frozen", "<string>")) or name in (
        "<built-in method builtins.exec>",
        "<built-in method builtins.__import__>",
    )


def short_name(function: tuple) -> str:
    filename, line, name = function
    if filename == "~":
        return name
    for prefix in ("site-packages/", f"{ROOT}/", "/lib/python3"):
        if prefix in filename:
            filename = filename.split(prefix, 1)[1]
            break
    return f"{filename}:{line}({name})"


def analyse_profile(path: Path, plugins: list[str]) -> dict:
    stats = pstats.Stats(str(path))
    total = stats.total_tt
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)
    top = [item for item in ranked if not is_harness(item[0])][:TOP_FUNCTIONS]
    shares = {}
    for category, patterns in profile_categories(plugins).items():
        seconds = inclusive_seconds(stats.stats, patterns)
        shares[category] = {"seconds": seconds, "share": seconds / total}
    return {
        "total_seconds": total,
        "top": [
            {
                "function": short_name(function),
                "ncalls": calls,
                "tottime": own,
                "cumtime": cumulative,
            }
            for function, (_, calls, own, cumulative, _) in top
        ],
        "shares": shares,
    }


def plugin_names(settings: Path) -> list[str]:
    configured = read_settings(settings, ["PLUGINS"])["PLUGINS"] or []
    return [str(plugin).rsplit(".", 1)[-1] for plugin in configured]


def profile_build(posts: int, work: Path) -> dict:
    """One cold build of ours under cProfile (wall-clock timer, so time spent waiting
    for Pagefind shows up in the function that runs it)."""
    content = work / f"content-{posts}"
    if not content.is_dir():
        say(f"{posts} posts: generating for the profile")
        content = prepare_content(work, posts)
    say(f"{posts} posts: profiling one build of ours")
    output, profile = work / "output-profile", work / "build.prof"
    cache = work / "cache-profile"
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    pelican = pelican_command(content, output, OURS_SETTINGS, cache)
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), *pelican[1:]]
    seconds, _, _ = run_timed(command, "profiled build", work / "profile.log")
    result = {"posts": posts, "wall_seconds": seconds}
    result.update(analyse_profile(profile, plugin_names(OURS_SETTINGS)))
    return result


def measure(sizes: list[int], runs: int, profile_posts: int, work: Path) -> dict:
    """Every build figure: one entry per size, then the profile."""
    builds = []
    for posts in sizes:
        builds.append(measure_size(posts, work, runs))
        # Keep the content the profile needs; drop the rest before the next size.
        for folder in work.glob("output-*"):
            shutil.rmtree(folder)
        if posts != profile_posts:
            shutil.rmtree(work / f"content-{posts}")
    return {
        "settings": {
            "ours": OURS_SETTINGS.name,
            "plain": str(PLAIN_SETTINGS.relative_to(ROOT)),
            "rebuild": DEV_SETTINGS.name,
            "rebuild_configured": read_settings(DEV_SETTINGS, list(cache_settings("reader"))),
            "large_posts": LARGE_POSTS,
        },
        "builds": builds,
        "profile": profile_build(profile_posts, work),
    }
