"""plugins/search: a Pagefind index where SEARCH_INDEX is on, none where it is off, and a
bad setting stops the build with one line before anything is written."""

import pytest

from tests.support.sitebuild import build, build_or_fail, variant_settings


def test_the_index_is_built_with_the_setting_on_and_left_out_with_it_off(dev_site, tmp_path):
    assert (dev_site / "pagefind" / "pagefind.js").is_file(), "on by default"
    settings = variant_settings(tmp_path, "pelicanconf.py", SEARCH_INDEX=False)
    output = build_or_fail(tmp_path / "output", settings)
    assert (output / "search" / "index.html").is_file()
    assert not (output / "pagefind").exists()


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"SEARCH_INDEX": "no"}, "SEARCH_INDEX = 'no' is not True or False"),
        ({"SEARCH_EXCLUDE_SELECTORS": "#followup"}, "is not a list of CSS selectors"),
    ],
)
def test_a_wrong_setting_stops_the_build_with_one_line(tmp_path, overrides, problem):
    result = build(tmp_path / "output", variant_settings(tmp_path, "pelicanconf.py", **overrides))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("settings: SEARCH")]
    assert problem in line
    assert not (tmp_path / "output").exists()
