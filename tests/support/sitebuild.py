"""Build the real site with Pelican, the way `make html` and `make publish` do."""

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SITEURL = "https://finishfirst.test"
COLUMN_URL = "2012/10/finish-first-even-if-you-finished-second/"


def project_env(**extra: str) -> dict[str, str]:
    """The environment of a process run from the project root, as the Makefile sets it:
    our plugins and the project's own packages importable."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]), **extra)


def build(
    output: Path,
    settings: str = "pelicanconf.py",
    content: Path | None = None,
    siteurl: str = PRODUCTION_SITEURL,
    content_check: bool | None = None,
    fatal_warnings: bool = False,
    debug: bool = False,
) -> subprocess.CompletedProcess:
    """Build as the Makefile does (scripts/build.py, from the project root); return the
    finished process (never raises).

    content_check: whether the build first runs make check's rules (plugins/content_check),
    as every real build does. By default on for the site's own content and off for another
    folder: a plugin's fixture tests that plugin alone, and some hold what the check
    refuses on purpose (a pasted control character, a missing picture).
    fatal_warnings: as `make publish` builds (--fatal warnings).
    debug: with the build's debug lines (-D), as `make html DEBUG=1` shows them."""
    env = project_env(SITEURL=siteurl)
    command = [
        sys.executable,
        "-m",
        "scripts.build",
        str(content or ROOT / "content"),
        "-o",
        str(output),
        "-s",
        str(ROOT / settings),
    ]
    if not (content is None if content_check is None else content_check):
        command += ["-e", "CONTENT_CHECK=false"]
    if fatal_warnings:
        command += ["--fatal", "warnings"]
    if debug:
        command.append("-D")
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def build_or_fail(output: Path, settings: str = "pelicanconf.py", **kwargs) -> Path:
    result = build(output, settings, **kwargs)
    assert result.returncode == 0, f"pelican failed:\n{result.stdout}\n{result.stderr}"
    return output


def files(folder: Path) -> dict[Path, bytes]:
    """Every file of a built site, its bytes by path: two builds compared byte for byte."""
    return {
        path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def variant_settings(folder: Path, base: str, **overrides) -> str:
    """A settings file importing `base` (pelicanconf.py or publishconf.py) with overrides.
    Pelican resolves relative paths against the settings file, so the plugin path is
    made absolute."""
    lines = [
        f"from {base.removesuffix('.py')} import *  # noqa",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
    ]
    lines += [f"{name} = {value!r}" for name, value in overrides.items()]
    path = folder / f"{base.removesuffix('.py')}_variant.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


# Pelican's own theme, with none of our theme's extra templates. It does not style the
# calculator, so it gets the plugin's stylesheet (the plugin's default). It is written for
# Pelican's Jinja defaults (no autoescape: it prints content with {{ article.content }}).
NOTMYIDEA = {
    "THEME": "notmyidea",
    "JINJA_ENVIRONMENT": {"autoescape": False},
    "DIRECT_TEMPLATES": ["index", "tags", "categories", "authors", "archives"],
    "FOLLOWUP_STYLESHEET": True,
}


def run_preview_build(
    output: Path, cache: Path, content: Path | None = None, **options
) -> subprocess.CompletedProcess:
    """A build as `make devserver` runs it (its scripts/build.py arguments, with
    devserverconf.py and the content cache in `cache`); `options` as
    scripts.devserver.build_arguments takes them (selected=[...], load_cache=False...).
    The finished process (never raises)."""
    from scripts.devserver import CONTENT, build_arguments

    arguments = build_arguments(output, content=content or CONTENT, cache=cache, **options)
    return subprocess.run(
        [sys.executable, "-m", "scripts.build", *arguments],
        cwd=ROOT,
        env=project_env(),
        capture_output=True,
        text=True,
    )


def preview_build(output: Path, cache: Path, content: Path | None = None, **options) -> Path:
    """run_preview_build, which must succeed; its output folder."""
    result = run_preview_build(output, cache, content, **options)
    assert result.returncode == 0, f"preview build failed:\n{result.stdout}\n{result.stderr}"
    return output
