"""Build and publish times, against plain Pelican with typogrify, in one interleaved run.

For each size, a scratch copy of the project (content, theme, plugins, scripts,
settings) gets the synthetic posts, and these commands run in turn, each as its own
process, the order rotating from round to round so that a busy moment slows them alike:

- plain: `python -m pelican` with bench/plainconf.py (Pelican's defaults, no plugins);
- plain + typogrify: the same with TYPOGRIFY = True, the fair baseline: the stack this
  site needs at its simplest;
- ours, make html: scripts/build.py with pelicanconf.py as the Makefile runs it, every
  cache empty;
- ours, make publish: scripts/publish.py end to end (check, build, compress, verify,
  manifest, the new link), every cache and release removed first;
- ours, make publish, one post changed: the same after a sentence is appended to one
  post, with the caches of the publish before.

Each command's wall time is its own (os.wait4); medians are kept. Memory is measured in
runs of its own (bench/peak.py): the Pelican process's peak and, apart, Pagefind's
(run alone on the same post pages, as the search plugin runs it).
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .generate import generate

ROOT = Path(__file__).resolve().parent.parent
DEV_SETTINGS = ROOT / "devserverconf.py"
PLAIN_SETTINGS = ROOT / "bench" / "plainconf.py"
SITEURL = "https://finishfirst.example"
BUILD_DATE = "2026-07-01"  # fixed, so that every publish builds the same pages
PROJECT_PARTS = ("content", "theme", "plugins", "scripts", "pelicanconf.py", "publishconf.py")
PLAIN = "plain"
PLAIN_TYPOGRIFY = "plain + typogrify"
HTML = "ours, make html"
PUBLISH = "ours, make publish"
PUBLISH_WARM = "ours, make publish, one post changed"
COMMANDS = (PLAIN, PLAIN_TYPOGRIFY, HTML, PUBLISH, PUBLISH_WARM)
BASELINE = PLAIN_TYPOGRIFY
TOP_FUNCTIONS = 15
CALCULATOR = "followup"


class BuildError(RuntimeError):
    """A benchmark command failed; the message names it and ends with its output,
    `summary` is the output's last line."""

    def __init__(self, message: str, summary: str = ""):
        super().__init__(message)
        self.summary = summary or message.splitlines()[0]


def say(message: str) -> None:
    """Progress goes to stderr, so the tables on stdout stay readable."""
    print(message, file=sys.stderr, flush=True)


def project_env(project: Path, **extra: str) -> dict[str, str]:
    """The environment the Makefile gives a command of `project`."""
    paths = os.pathsep.join([str(project / "plugins"), str(project)])
    return dict(os.environ, PYTHONPATH=paths, SITEURL=SITEURL, BUILD_DATE=BUILD_DATE, **extra)


def run_timed(command: list[str], cwd: Path, env: dict, log: Path, label: str) -> float:
    """Run one process; its wall seconds. A failure is a BuildError with its output."""
    with log.open("w") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        _, status, _ = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
        lines = lines or ["(no output)"]
        tail = "\n".join(lines[-25:])
        raise BuildError(f"{label} failed: {' '.join(command)}\n{tail}", summary=lines[-1])
    return seconds


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
        env=project_env(ROOT),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"cannot read {settings.name}:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def make_project(work: Path, name: str, posts: int) -> Path:
    """A copy of the project with `posts` synthetic posts in its content."""
    project = work / name
    shutil.rmtree(project, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "tests")
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=ignore)
        else:
            shutil.copy2(source, project / part)
    article_path = read_settings(DEV_SETTINGS, ["ARTICLE_PATHS"])["ARTICLE_PATHS"][0]
    generate(project / "content" / article_path / "bench", posts)
    return project


def edited_post(project: Path) -> Path:
    """The post the warm publishes edit: one in the middle of the synthetic posts."""
    posts = sorted(project.rglob("*-bench-*.md"))
    return posts[len(posts) // 2]


@dataclass
class Command:
    name: str
    argv: list[str]
    cwd: Path
    env: dict
    prepare: Callable[[int], None]  # before each timed run (round number): untimed
    check: Callable[[int], None] = lambda round_number: None  # after it: untimed
    seconds: list[float] = field(default_factory=list)


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)


def commands(site: Path, html_site: Path, posts: int, work: Path) -> list[Command]:
    """The five commands: plain Pelican and `make publish` on the project `site`, `make
    html` on a copy of its own (whose caches it empties before each run)."""
    python = sys.executable
    env = project_env(site)
    content = site / "content"
    plain_out, html_out = work / f"out-plain-{posts}", html_site / "output"
    plain = [python, "-m", "pelican", str(content), "-o", str(plain_out), "-s", str(PLAIN_SETTINGS)]
    html = [python, "-m", "scripts.build", "content", "-o", "output", "-s", "pelicanconf.py"]
    html += ["--content-cache", "cache/content/html"]
    publish = [python, "-m", "scripts.publish"]
    post = edited_post(site)
    slug = re.search(r"^Slug: (.+)$", post.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    markers: dict[int, str] = {}

    def cold_publish(_):
        remove(site / "cache", site / "releases", site / "public")

    def edit(round_number):
        # A lowercase word that typogrify leaves alone, followed by more words so that
        # its widow control does not glue it to the next one.
        markers[round_number] = f"edit{time.time_ns()}"
        with post.open("a", encoding="utf-8") as source:
            source.write(f"\nEdited: {markers[round_number]} in round {round_number}, today.\n")

    def shows_edit(round_number):
        pages = [page for page in (site / "public").rglob("index.html") if slug in page.parts]
        if not any(markers[round_number] in page.read_text(encoding="utf-8") for page in pages):
            raise BuildError(f"the warm publish did not show the edit to {post.name}")

    return [
        Command(PLAIN, plain, site, env, lambda _: remove(plain_out)),
        Command(PLAIN_TYPOGRIFY, [*plain, "-e", "TYPOGRIFY=true"], site, env, lambda _: None),
        Command(
            HTML,
            html,
            html_site,
            project_env(html_site),
            lambda _: remove(html_out, html_site / "cache"),
        ),
        Command(PUBLISH, publish, site, env, cold_publish),
        Command(PUBLISH_WARM, publish, site, env, edit, shows_edit),
    ]


def interleaved(to_run: list[Command], runs: int, work: Path, posts: int) -> None:
    """`runs` rounds of every command, the order rotating by one each round."""
    for round_number in range(runs):
        shift = round_number % len(to_run)
        for command in to_run[shift:] + to_run[:shift]:
            command.prepare(round_number)
            log = work / f"{posts}-{len(command.seconds)}-{command.name.replace(' ', '_')}.log"
            seconds = run_timed(command.argv, command.cwd, command.env, log, command.name)
            command.check(round_number)
            command.seconds.append(seconds)
            say(f"  {command.name}: {seconds:.2f} s")


def times(to_run: list[Command]) -> dict:
    figures = {
        command.name: {
            "seconds": statistics.median(command.seconds),
            "all_seconds": command.seconds,
        }
        for command in to_run
    }
    baseline = figures[BASELINE]["seconds"]
    for figure in figures.values():
        figure["vs_baseline"] = figure["seconds"] / baseline
    return figures


# --- Memory -----------------------------------------------------------------------------


def peak_of(module_argv: list[str], cwd: Path, env: dict, work: Path, label: str) -> dict:
    """Peak memory of one run of `python -m MODULE ...` (bench/peak.py)."""
    output = work / f"peak-{label.replace(' ', '_')}.json"
    command = [sys.executable, "-m", "bench.peak", str(output), *module_argv]
    env = dict(env, PYTHONPATH=f"{env['PYTHONPATH']}{os.pathsep}{ROOT}")
    run_timed(command, cwd, env, work / "peak.log", f"{label} (memory)")
    return json.loads(output.read_text())


def memory(site: Path, posts: int, work: Path) -> dict:
    """The peaks of plain Pelican, with typogrify, and of our production build (cold),
    then Pagefind alone on that build's post pages."""
    env = project_env(site)
    out = work / f"out-memory-{posts}"
    plain = ["pelican", "content", "-o", str(out), "-s", str(PLAIN_SETTINGS)]
    ours = ["scripts.build", "content", "-o", str(out), "-s", "publishconf.py"]
    ours += ["--fatal", "warnings", "--content-cache", str(work / f"cache-memory-{posts}")]
    figures = {
        PLAIN: peak_of(plain, site, env, work, PLAIN),
        PLAIN_TYPOGRIFY: peak_of([*plain, "-e", "TYPOGRIFY=true"], site, env, work, "typo"),
    }
    remove(out, work / f"cache-memory-{posts}", site / "cache" / "search")
    figures["ours"] = peak_of(ours, site, env, work, "ours")
    figures["pagefind"] = pagefind_alone(out, work)
    remove(out)
    return figures


def pagefind_alone(site_output: Path, work: Path) -> dict:
    """Pagefind on the built site's post pages (the pages with `data-pagefind-body`),
    linked into a folder per year as the search plugin does (the year is the first part
    of a post's address here), one run after another with the plugin's own command: the
    seconds of all, the peak of the largest (the plugin runs RUNS_AT_ONCE at a time)."""
    from search import pagefind_command

    pages = work / "pagefind-pages"
    remove(pages)
    count = 0
    for page in site_output.rglob("*.html"):
        if b"data-pagefind-body" in page.read_bytes():
            linked = pages / page.relative_to(site_output)
            linked.parent.mkdir(parents=True, exist_ok=True)
            linked.symlink_to(page)
            count += 1
    seconds, peaks = 0.0, []
    for year in sorted(pages.iterdir()):
        bundle = work / "pagefind-bundle"
        with (work / "pagefind.log").open("w") as log:
            start = time.perf_counter()
            process = subprocess.Popen(
                pagefind_command(year, bundle, []), stdout=log, stderr=subprocess.STDOUT
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds += time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise BuildError(f"Pagefind failed:\n{(work / 'pagefind.log').read_text()}")
        peaks.append(usage.ru_maxrss / 1024)
        remove(bundle)
    remove(pages)
    return {"pages": count, "years": len(peaks), "seconds": seconds, "peak_mib": max(peaks)}


# --- Where the time goes ----------------------------------------------------------------


# A plugin that wraps Pelican's writer, whose own work is in these files: counted by them
# alone, or it would be charged with the rendering it wraps.
OWN_WORK = {"page_cache": ("/plugins/page_cache/digest.py", "/plugins/page_cache/store.py")}


def profile_categories(plugins: list[str]) -> dict[str, tuple[str, ...]]:
    search_plugins = [name for name in plugins if "search" in name]
    other_plugins = [name for name in plugins if name not in (CALCULATOR, *search_plugins)]
    return {
        "typogrify": ("/typogrify/", "/smartypants.py"),
        "markdown": ("/site-packages/markdown/",),
        "jinja": ("/jinja2/", ".html", "<template>"),
        "content cache (pickle)": ("/pelican/cache.py",),
        "calculator plugin": (f"/plugins/{CALCULATOR}/",),
        "search indexing": (*(f"/plugins/{name}/" for name in search_plugins),),
        **{
            f"plugin {name}": OWN_WORK.get(name, (f"/plugins/{name}/", f"/plugins/{name}.py"))
            for name in other_plugins
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
    for prefix in ("site-packages/", "/plugins/", "/scripts/", "/lib/python3"):
        if prefix in filename:
            filename = prefix.strip("/") + "/" + filename.split(prefix, 1)[1]
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
            {"function": short_name(function), "ncalls": calls, "tottime": own, "cumtime": cum}
            for function, (_, calls, own, cum, _) in top
        ],
        "shares": shares,
    }


def plugin_names(settings: Path) -> list[str]:
    configured = read_settings(settings, ["PLUGINS"])["PLUGINS"] or []
    return [str(plugin).rsplit(".", 1)[-1] for plugin in configured]


def profile_build(site: Path, posts: int, work: Path, warm: bool) -> dict:
    """One production build under cProfile (wall-clock timer, so waiting for Pagefind or
    for the post readers shows up in the function that waits): cold (every cache empty),
    or warm (the caches of the build before, one post changed)."""
    env = project_env(site)
    output, profile = work / "out-profile", work / f"build-{'warm' if warm else 'cold'}.prof"
    cache = work / "cache-profile"
    build = ["scripts.build", "content", "-o", str(output), "-s", "publishconf.py"]
    build += ["--fatal", "warnings", "--content-cache", str(cache)]
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", *build]
    if warm:
        run_timed([sys.executable, "-m", *build], site, env, work / "profile.log", "build")
        with edited_post(site).open("a", encoding="utf-8") as source:
            source.write("\nOne more sentence for the profiled build.\n")
    else:
        remove(output, cache, site / "cache" / "search")
    seconds = run_timed(command, site, env, work / "profile.log", "profiled build")
    result = {"posts": posts, "warm": warm, "wall_seconds": seconds}
    result.update(analyse_profile(profile, plugin_names(ROOT / "publishconf.py")))
    return result


def publish_steps(site: Path, work: Path) -> dict:
    """The seconds of each step of a warm publish (one post changed), timed apart: the
    build (scripts/build.py as publish runs it), then, on the release it built and in
    `make publish`'s order, the manifest (every file read back once), compression and
    verification, each as `make publish` calls it."""
    from scripts import compress, manifest, verify

    env = project_env(site)
    with edited_post(site).open("a", encoding="utf-8") as source:
        source.write("\nOne more sentence for the timed steps.\n")
    release, report = work / "release-steps", work / "release-steps.json"
    remove(release)
    build = [sys.executable, "-m", "scripts.build", "content", "-o", str(release)]
    build += ["-s", "publishconf.py", "--fatal", "warnings", "--report", str(report)]
    build += ["--content-cache", str(site / "cache" / "content" / "publish")]
    steps = {"build": run_timed(build, site, env, work / "steps.log", "build")}
    start = time.perf_counter()
    files = manifest.build_manifest(release)
    steps["manifest"] = time.perf_counter() - start
    start = time.perf_counter()
    summary = compress.compress_folder(release, site / "cache" / "compressed", True, files)
    steps["compress"] = time.perf_counter() - start
    start = time.perf_counter()
    verify.release_problems(release, verify.read_report(report), {**files, **summary.copies})
    steps["verify"] = time.perf_counter() - start
    remove(release, report)
    return steps


# --- One size, and every size -------------------------------------------------------------


def measure_size(posts: int, runs: int, work: Path) -> dict:
    say(f"{posts} posts: generating")
    site = make_project(work, f"site-{posts}", posts)
    html_site = make_project(work, f"site-{posts}-html", posts)
    to_run = commands(site, html_site, posts, work)
    say(f"{posts} posts: a first publish, so that the warm one has caches")
    warm_up = next(command for command in to_run if command.name == PUBLISH)
    run_timed(warm_up.argv, site, warm_up.env, work / "warm-up.log", "first publish")
    say(f"{posts} posts: {runs} interleaved round(s) of {len(to_run)} commands")
    interleaved(to_run, runs, work, posts)
    result = {"posts": posts, "runs": runs, "times": times(to_run)}
    say(f"{posts} posts: peak memory")
    result["memory"] = memory(site, posts, work)
    remove(html_site)
    return result


def measure(sizes: list[int], runs: int, large: int, goal_posts: int, work: Path) -> dict:
    """Every size (above `large` posts, one round), then at `goal_posts` the profiles and
    the steps of a warm publish."""
    builds = []
    for posts in sizes:
        builds.append(measure_size(posts, runs if posts <= large else 1, work))
        if posts != goal_posts:
            remove(work / f"site-{posts}")
        for folder in work.glob("out-*"):
            remove(folder)
    site = work / f"site-{goal_posts}"
    say(f"{goal_posts} posts: profiles of a cold and a warm build, steps of a warm publish")
    return {
        "settings": {
            "baseline": BASELINE,
            "plain": str(PLAIN_SETTINGS.relative_to(ROOT)),
            "large_posts": large,
            "siteurl": SITEURL,
            "build_date": BUILD_DATE,
        },
        "builds": builds,
        "profiles": [profile_build(site, goal_posts, work, warm) for warm in (False, True)],
        "publish_steps": publish_steps(site, work),
        "release": str(site / "public"),
    }
