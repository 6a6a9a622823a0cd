"""The benchmark code on a tiny size: its posts build with our settings, its result file
has every field, and bench/pages.py's figures are judged against the goals.
The full benchmark (`make bench`) is not part of the test suite; its run on 3 posts is a
slow test (`make test-slow`, which CI runs)."""

import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from bench import build as bench_build
from bench import compression as bench_compression
from bench import run as bench_run
from pelicanconf import AUTHOR, CATEGORIES
from tests.support.browser import CHROMIUM
from tests.support.sitebuild import ROOT, build_or_fail, project_env, soup

POSTS = 4
METADATA = re.compile(r"^(\w+): (.+)$")


def generate(folder, count=POSTS):
    command = [sys.executable, "-m", "bench.generate", "--count", str(count)]
    return subprocess.run(
        [*command, str(folder)], cwd=ROOT, env=project_env(), capture_output=True, text=True
    )


def read_post(path):
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    metadata = dict(METADATA.match(line).groups() for line in head.splitlines())
    return metadata, body


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Synthetic posts in a content folder of their own, built with publishconf.py."""
    content = tmp_path_factory.mktemp("bench") / "content"
    result = generate(content / "posts")
    assert result.returncode == 0, result.stderr
    output = build_or_fail(content.parent / "output", "publishconf.py", content=content)
    return sorted((content / "posts").glob("*.md")), output


def page_of(output, metadata):
    pages = [page for page in output.rglob("index.html") if metadata["Slug"] in page.parts]
    assert len(pages) == 1, f"{metadata['Slug']}: {pages}"
    return soup(pages[0])


def test_generator_writes_complete_realistic_posts(generated):
    posts, _ = generated
    assert len(posts) == POSTS
    slugs = set()
    for path in posts:
        metadata, body = read_post(path)
        assert {"Title", "Date", "Author", "Category", "Tags", "Slug", "Summary"} <= set(metadata)
        assert metadata["Author"] == AUTHOR
        assert metadata["Category"] in CATEGORIES
        assert 2 <= len(metadata["Tags"].split(", ")) <= 4
        assert 0 < len(metadata["Summary"]) < 300
        assert 750 <= len(body.split()) <= 950, path.name
        slugs.add(metadata["Slug"])
    assert len(slugs) == POSTS


def test_generated_posts_build_with_lists_quotes_links_and_code(generated):
    posts, output = generated
    for newer, older in zip(posts[1:], posts, strict=False):
        # Files sort oldest first; each post links to the one just older than itself.
        metadata, _ = read_post(newer)
        page = page_of(output, metadata)
        for element in ("ul li", "ol li", "blockquote", "pre code", "a[href^='https://']"):
            assert page.select(element), f"{newer.name}: no {element}"
        older_slug = read_post(older)[0]["Slug"]
        assert page.select(f"a[href*='/{older_slug}/']"), f"{newer.name}: no link to {older_slug}"


def test_generator_refuses_the_content_folder():
    target = ROOT / "content" / "posts" / "bench-test"
    result = generate(target, count=1)
    assert result.returncode == 2
    assert "never go into content/" in result.stderr
    assert not target.exists()


@pytest.mark.slow  # the whole benchmark end to end, on 3 posts: about 25 seconds
def test_benchmark_result_file_has_every_field(tmp_path):
    results_path = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench.run", "--sizes", "3"]
    command += ["--runs", "2", "--edits", "2", "--skip-pages", "--json", str(results_path)]
    finished = subprocess.run(command, cwd=ROOT, env=project_env(), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    for title in ("Wall seconds", "Peak memory", "Where a cold", "step by step", "Goals"):
        assert title in finished.stdout
    assert "brotli 9, window fitted" in finished.stdout

    results = json.loads(results_path.read_text())
    assert results["machine"]["cores"] >= 1
    assert results["sizes"] == [3]
    assert results["load_before"] >= 0 and results["load_after"] >= 0
    assert results["elapsed_seconds"] > 0

    [build] = results["builds"]
    assert build["posts"] == 3 and build["runs"] == 2
    assert set(build["times"]) == set(bench_build.COMMANDS)
    baseline = build["times"][bench_build.BASELINE]["seconds"]
    for figures in build["times"].values():
        assert len(figures["all_seconds"]) == 2 and all(s > 0 for s in figures["all_seconds"])
        assert figures["seconds"] == pytest.approx(statistics.median(figures["all_seconds"]))
        assert figures["vs_baseline"] == pytest.approx(figures["seconds"] / baseline)
    memory = build["memory"]
    for kind in (bench_build.PLAIN, bench_build.PLAIN_TYPOGRIFY, "ours"):
        assert memory[kind]["peak_mib"] > 0 and memory[kind]["status"] == 0
    # Pagefind indexed exactly the published posts: the site's own and the three.
    assert memory["pagefind"]["pages"] == 4 and memory["pagefind"]["peak_mib"] > 0
    assert memory["pagefind"]["years"] == 2, "the column's 2012 and the three posts' year"

    cold, warm = results["profiles"]
    assert (cold["warm"], warm["warm"]) == (False, True)
    for profile in (cold, warm):
        assert profile["posts"] == 3 and len(profile["top"]) == 15
        assert set(profile["top"][0]) == {"function", "ncalls", "tottime", "cumtime"}
        assert {"typogrify", "markdown", "jinja", "search indexing"} <= set(profile["shares"])
        assert all(0 <= part["share"] <= 1 for part in profile["shares"].values())
        assert profile["shares"]["jinja"]["seconds"] > 0
    # A cold build typesets every post; the warm one only the edited post.
    assert cold["shares"]["typogrify"]["seconds"] > 0
    assert set(results["publish_steps"]) == {"build", "compress", "verify", "manifest"}
    assert results["compression"]["files"] > 0
    assert set(results["compression"]["sizes"]) == set(bench_compression.CANDIDATES)

    preview = results["preview"]
    assert preview["posts"] == 3
    if browser_expected():
        assert "error" not in preview, preview.get("error")
        assert preview["edits"] == 2 and len(preview["all_visible_seconds"]) == 2
        assert 0 < preview["visible_seconds"] < preview["whole_site_seconds"]
        assert len(preview["without_quick_step"]["all_visible_seconds"]) == 2
        # The devserver's own figure for the build the page shows comes before the page.
        for mode in (preview, preview["without_quick_step"]):
            assert 0 < mode["build_seconds"] < mode["visible_seconds"]
        for mode in (preview, preview["without_quick_step"]):
            for key in ("latency_during_rebuilds", "latency_idle"):
                assert mode[key]["requests"] > 0 and mode[key]["failed"] == 0, key
                assert 0 < mode[key]["p95_ms"] <= mode[key]["max_ms"]
        assert preview["left_behind"] == []
    else:
        assert "chromium is missing" in preview["error"]

    assert results["pages"]["status"] == "skipped"
    goals = {row["goal"]: row for row in results["goals"]}
    preview_goal = "make devserver: a saved post visible in the browser"
    warm_goal = "make publish, one post changed / plain + typogrify"
    assert {"make publish, cold / plain + typogrify", warm_goal, preview_goal} <= set(goals)
    assert goals[warm_goal]["value"] == build["times"][bench_build.PUBLISH_WARM]["vs_baseline"]
    assert goals[preview_goal]["value"] == preview.get("visible_seconds")
    assert all(set(row) == {"goal", "target", "value", "met", "note"} for row in goals.values())


def test_memory_goals_are_judged_at_1000_and_5000_posts():
    def size(posts, ours):
        memory = {
            "plain": {"peak_mib": 50},
            "plain + typogrify": {"peak_mib": 60},
            "ours": {"peak_mib": ours, "largest_child_mib": 200},
            "pagefind": {"peak_mib": 210, "seconds": 1, "pages": posts, "years": 2},
        }
        times = {name: {"seconds": 1.0, "vs_baseline": 1.0} for name in bench_build.COMMANDS}
        return {"posts": posts, "times": times, "memory": memory}

    goals = bench_run.build_goals([size(100, 500), size(1000, 110), size(5000, 130)])
    memory = {row["goal"]: row for row in goals if "memory" in row["goal"]}
    assert set(memory) == {
        "Pelican's peak memory / plain + typogrify, 1,000 posts",
        "Pelican's peak memory / plain + typogrify, 5,000 posts",
    }
    assert [row["met"] for row in memory.values()] == [True, False]
    assert all("Pagefind beside it: 210 MiB" in row["note"] for row in memory.values())


def browser_expected():
    """CI (REQUIRE_BROWSER=1) always has Chromium; elsewhere its absence is reported."""
    return Path(CHROMIUM).exists() or os.environ.get("REQUIRE_BROWSER") == "1"


def fake_pages_script(tmp_path, body):
    script = tmp_path / "pages.py"
    script.write_text(
        "import argparse, json, pathlib\n"
        "parser = argparse.ArgumentParser(); parser.add_argument('--json', type=pathlib.Path)\n"
        f"args = parser.parse_args()\n{body}\n"
    )
    return script


def test_page_figures_are_judged_against_the_goals(tmp_path, monkeypatch):
    figures = {
        "pages": {
            "home": {
                "first_round_trip_gzip": 9000,
                "lighthouse": {
                    "scores": {"performance": 100, "seo": 92},
                    "reasons": {"seo": ["x"]},
                },
            },
            "column": {"first_round_trip_gzip": 20000, "lighthouse": {"missing": "no npm"}},
        }
    }
    body = f"args.json.write_text(json.dumps({figures!r})); print('the pages report')"
    monkeypatch.setattr(bench_run, "PAGES_SCRIPT", fake_pages_script(tmp_path, body))
    pages = bench_run.run_pages(skip=False, work=tmp_path)
    assert pages["status"] == "ok" and pages["report"] == "the pages report"
    met = {row["goal"]: row["met"] for row in bench_run.page_goals(pages)}
    assert met == {
        "home: first round trip": True,
        "home: Lighthouse performance": True,
        "home: Lighthouse seo": False,
        "column: first round trip": False,
        "column: Lighthouse": False,
    }


def test_a_failing_or_missing_pages_script_is_reported(tmp_path, monkeypatch):
    body = "raise SystemExit('Chromium crashed')"
    monkeypatch.setattr(bench_run, "PAGES_SCRIPT", fake_pages_script(tmp_path, body))
    failed = bench_run.run_pages(skip=False, work=tmp_path)
    assert failed["status"] == "failed" and "Chromium crashed" in failed["error"]
    monkeypatch.setattr(bench_run, "PAGES_SCRIPT", tmp_path / "absent.py")
    missing = bench_run.run_pages(skip=False, work=tmp_path)
    assert missing["status"] == "missing" and "absent.py" in missing["error"]
    [row] = bench_run.page_goals(missing)
    assert not row["met"]
