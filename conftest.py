"""pytest's root configuration: the shared fixtures (tests/support/fixtures.py) for the
site's tests in tests/ and the plugins' own tests beside their code."""

pytest_plugins = ["tests.support.fixtures"]
