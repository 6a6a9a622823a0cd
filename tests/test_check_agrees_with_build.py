"""Check and build agree, on metadata Hypothesis makes up: whenever `make check` passes a
post, the production build (publishconf.py, --fatal warnings) builds it; whenever check
refuses it, the build stops with check's very lines and no traceback. Slow: one build
per example (`make test-slow`)."""

import shutil
import string
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from scripts.check import check
from tests.support.sitebuild import ROOT, build

# Characters that have broken titles, slugs, feeds or URLs before: markup, quotes,
# entities' pieces, path characters, separators, letters of every kind.
HARD = "<>&;\"'`/\\.#?%:,- \t\u00a0\u2028é日ع🚀\u200d"
TEXT = st.text(alphabet=st.sampled_from(HARD + string.ascii_letters + string.digits + " "))
WORDS = TEXT.filter(lambda text: any(char.isalnum() for char in text))
CONTROLS = "\x00\x07\x0b\x0c\x85"
CATEGORIES = ["Job Search", "Interviews", "Career Growth"]
# Most posts made up have no fault but their characters, so that the build is put to
# the test; the others carry one fault a paste or a typo brings.
FAULTS = [None, None, None, None, "control", "repeat", "date", "slug", "category", "names"]


@st.composite
def posts(draw) -> str:
    date = draw(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 12, 31)))
    fields = {
        "Title": draw(WORDS),
        "Date": date.strftime("%Y-%m-%d %H:%M"),
        "Slug": draw(st.from_regex(r"[a-z0-9-]{1,80}", fullmatch=True)),
        "Category": draw(st.sampled_from(CATEGORIES)),
        "Tags": ", ".join(draw(st.lists(WORDS.map(lambda text: text.replace(";", ""))))),
        "Author": draw(WORDS),
        "Summary": draw(WORDS),
        "Status": draw(st.sampled_from(["published", "draft", "hidden"])),
    }
    fault = draw(st.sampled_from(FAULTS))
    field = draw(st.sampled_from(sorted(fields)))
    if fault == "control":
        fields[field] += draw(st.sampled_from(CONTROLS))
    elif fault in ("date", "slug", "category"):
        fields[fault.title()] = draw(TEXT)
    elif fault == "names":  # tags and authors that make no URL, or split where unexpected
        fields[draw(st.sampled_from(["Tags", "Author"]))] = draw(TEXT)
    lines = [f"{key}: {value}" for key, value in fields.items()]
    if fault == "repeat":
        lines.insert(draw(st.integers(0, len(lines))), f"{field}: {draw(WORDS)}")
    return "\n".join(lines) + "\n\n" + draw(TEXT) + "\n"


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=posts())
def test_check_passes_exactly_what_the_production_build_takes(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("agree")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "made-up.md").write_text(text, encoding="utf-8")
    overrides = {"PATH": str(content)}
    problems = check(read_settings(str(ROOT / "publishconf.py"), override=overrides), ROOT)
    errors = [str(problem) for problem in problems if not problem.warning]

    result = build(
        folder / "output",
        "publishconf.py",
        content=content,
        content_check=True,
        fatal_warnings=True,
    )

    assert "Traceback" not in result.stdout + result.stderr
    if errors:
        assert result.returncode == 1
        assert result.stderr.splitlines()[: len(errors)] == errors
    else:
        assert result.returncode == 0, (
            f"check passed, the build did not:\n{text!r}\n{result.stderr}"
        )
