"""Shared fixtures: the real site, built once per test session in each mode."""

import pytest
from sitebuild import build_or_fail


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
