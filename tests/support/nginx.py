"""Real nginx (Debian's, with libnginx-mod-http-brotli-static) serving a folder with
deploy/nginx.conf, on loopback ports, its workers running as www-data as on a server.

Only the lines a test machine must change are replaced (listen, root, the certificates);
each replacement must match, so the sample cannot drift from what is tested.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .browser import free_port
from .publishing import require_root
from .sitebuild import ROOT

SAMPLE = ROOT / "deploy" / "nginx.conf"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
MAIN_CONFIG = """
load_module {module};
user www-data;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""


def require_nginx() -> None:
    require_root("nginx's workers run as www-data")
    missing = [p for p in ("/usr/sbin/nginx", BROTLI_MODULE) if not Path(p).exists()]
    if missing:
        message = f"missing {missing}: apt-get install nginx libnginx-mod-http-brotli-static"
        if os.environ.get("REQUIRE_HOSTING") == "1":
            pytest.fail(message)
        pytest.skip(message)


def site_config(root: Path, https_port: int, http_port: int) -> str:
    """deploy/nginx.conf for this machine: the same directives, on loopback ports."""
    text = SAMPLE.read_text(encoding="utf-8")
    replacements = [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("root /var/www/finishfirst;", f"root {root};"),
    ]
    for old, new in replacements:
        assert text.count(old) == 1, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    dropped = ("listen [::]:", "ssl_certificate")
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith(dropped))


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text() if log.exists() else "nginx exited"
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    pytest.fail(f"nginx did not listen on {port}:\n{log.read_text()}")


@contextlib.contextmanager
def nginx_serving(root: Path, work: Path):
    """Serve `root` with the sample; yield (https-site URL, plain-http URL). `work` holds
    nginx's own files; it need not be readable by www-data."""
    require_nginx()
    work.mkdir(parents=True, exist_ok=True)
    https_port, http_port = free_port(), free_port()
    (work / "site.conf").write_text(site_config(root, https_port, http_port), encoding="utf-8")
    config = work / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(module=BROTLI_MODULE, work=work), encoding="utf-8")
    check = subprocess.run(
        ["nginx", "-t", "-c", str(config), "-e", str(work / "error.log")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "warn" not in check.stderr, check.stderr
    process = subprocess.Popen(
        ["nginx", "-c", str(config), "-e", str(work / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(https_port, process, work / "error.log")
        yield f"http://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
