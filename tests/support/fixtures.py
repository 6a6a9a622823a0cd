"""Shared fixtures: the real site, built once per test session in each mode."""

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, served_build
from .sitebuild import build_or_fail


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory):
    """The development build (pelicanconf.py: relative URLs)."""
    return build_or_fail(tmp_path_factory.mktemp("dev") / "output", "pelicanconf.py")


@pytest.fixture(scope="session")
def prod_site(tmp_path_factory):
    """The production build (publishconf.py: absolute URLs from SITEURL)."""
    return build_or_fail(tmp_path_factory.mktemp("prod") / "output", "publishconf.py")


@pytest.fixture(params=["dev", "prod"])
def site(request):
    """Each build in turn, for checks that hold in both modes."""
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The production build, with SITEURL set to a local server that serves it
    under a strict Content-Security-Policy. Yields the server (`.url`, `.directory`)."""
    with served_build(tmp_path_factory.mktemp("served") / "output") as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
