"""The release check (scripts/verify.py) on a real production build with its report
(scripts/build.py --report) and compressed copies: whole, it passes; each kind of damage
a full disk or a failed write leaves is named in one line."""

import gzip
import json
import shutil
import subprocess
import sys

import pytest

from scripts.compress import compress_folder
from scripts.verify import read_report, release_problems
from tests.support.sitebuild import COLUMN_URL, PRODUCTION_SITEURL, ROOT, project_env

PAGE = COLUMN_URL + "index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    release, report = folder / "release", folder / "report.json"
    command = [sys.executable, "-m", "scripts.build", "-s", "publishconf.py", "-o", str(release)]
    command += ["--fatal", "warnings", "--report", str(report)]
    env = project_env(SITEURL=PRODUCTION_SITEURL)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    compress_folder(release, folder / "cache")
    return release, read_report(report)


@pytest.fixture
def release(built, tmp_path):
    original, report = built
    copy = tmp_path / "release"
    shutil.copytree(original, copy)
    return copy, report


def test_the_report_names_pages_feeds_and_copied_files(built):
    _, report = built
    assert PAGE in report["written"] and "feeds/all.atom.xml" in report["written"]
    assert (
        report["copied"]["theme/images/favicon.svg"]
        == (ROOT / "theme/static/images/favicon.svg").stat().st_size
    )


def test_a_whole_release_passes(release):
    assert release_problems(*release) == []


def cut_short(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda r: (r / PAGE).unlink(), f"{PAGE}: missing (the build wrote it)"),
        (lambda r: (r / PAGE).write_bytes(b""), f"{PAGE}: empty"),
        (lambda r: cut_short(r / "theme/images/favicon.svg"), "theme/images/favicon.svg: "),
        (lambda r: (r / "pagefind" / "extra.js").write_bytes(b""), "pagefind/extra.js: empty"),
        (lambda r: cut_short(r / (PAGE + ".gz")), f"{PAGE}.gz: does not decompress"),
        (lambda r: cut_short(r / (PAGE + ".br")), f"{PAGE}.br: does not decompress"),
        (
            lambda r: (r / (PAGE + ".gz")).write_bytes(gzip.compress(b"another page")),
            f"{PAGE}.gz: does not decompress to index.html",
        ),
        (lambda r: (r / PAGE).rename(r / "moved.html"), f"{PAGE}.gz: no index.html beside it"),
        (lambda r: (r / "pagefind" / "pagefind.js").unlink(), "pagefind/pagefind.js: missing"),
        (lambda r: cut_short(next((r / "pagefind").glob("*.pf_meta"))), ".pf_meta: damaged"),
        (
            lambda r: cut_short(next((r / "pagefind").glob("wasm.en.*"))),
            "wasm.en.pagefind: damaged",
        ),
        (lambda r: (r / "pagefind" / "pagefind-entry.json").write_text("{"), "unreadable"),
    ],
)
def test_each_kind_of_damage_is_named(release, damage, expected):
    folder, report = release
    damage(folder)
    problems = release_problems(folder, report)
    assert any(expected in problem for problem in problems), problems


def test_a_missing_search_index_is_named(release):
    folder, report = release
    shutil.rmtree(folder / "pagefind")
    [problem] = release_problems(folder, report)
    assert problem.startswith("pagefind/pagefind-entry.json: unreadable")


def test_each_older_years_index_the_search_page_merges_is_checked(release):
    folder, report = release
    # The site has one year of posts: give the search page an older year to merge.
    page = folder / "search" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'data-merged-indexes=""' in html
    page.write_text(html.replace('data-merged-indexes=""', 'data-merged-indexes="pagefind/2011/"'))
    newest, older = folder / "pagefind", folder / "pagefind" / "2011"
    for kind in ("index", "fragment"):
        shutil.copytree(newest / kind, older / kind)
    for data in (*newest.glob("*.pf_meta"), newest / "pagefind-entry.json"):
        shutil.copy(data, older)

    def of_the_index():
        return [problem for problem in release_problems(folder, report) if "pagefind/" in problem]

    assert of_the_index() == [], "no scripts of its own: the newest year's are used"
    next(older.glob("*.pf_meta")).unlink()
    [missing] = of_the_index()
    assert missing.startswith("pagefind/2011/pagefind.") and missing.endswith(".pf_meta: missing")
    shutil.rmtree(older)
    [unreadable] = of_the_index()
    assert unreadable.startswith("pagefind/2011/pagefind-entry.json: unreadable")


def test_an_empty_source_may_give_an_empty_copy(release):
    folder, report = release
    (folder / "images").mkdir()
    (folder / "images" / ".keep").write_bytes(b"")
    report = json.loads(json.dumps(report))
    report["copied"]["images/.keep"] = 0
    assert release_problems(folder, report) == []
