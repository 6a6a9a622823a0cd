"""`make devserver`: serve the development site on 127.0.0.1, rebuild on every change
and reload the open browser page (livereload).

Each rebuild runs Pelican in a new process (so edited plugins and settings take effect)
into a new folder, swapped into output/ only when it succeeds: after a content error the
terminal shows it (`make check`'s one-line messages first) and the server goes on serving
the last good site.
Pelican's content cache (cache/) skips re-reading the posts that did not change.

    .venv/bin/python scripts/devserver.py [--port 8000] [--output output]
"""

import argparse
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import staging
from livereload import Server

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never reachable from other machines
SETTINGS = ("pelicanconf.py", "publishconf.py")
WATCHED = ("content", "theme", "plugins", *SETTINGS)
CACHE_OPTIONS = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]


def build_site(destination: Path, ignore_cache: bool = False):
    """One development build into `destination`, in its own Python process.

    Errors are fatal so a post Pelican could not read never replaces the good site.
    Returns the finished process."""
    command = [sys.executable, "-m", "pelican", "content", "-o", str(destination)]
    command += ["-s", SETTINGS[0], "--fatal", "errors", *CACHE_OPTIONS]
    if ignore_cache:  # plugins and settings change what the cache holds
        command.append("--ignore-cache")
    return subprocess.run(command, cwd=ROOT)


def posts_are_fine() -> bool:
    """`make check` first: its one-line messages say more than Pelican's traceback."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check.py")]).returncode == 0


def rebuild(output: Path, ignore_cache: bool = False) -> bool:
    """Check, build into a new folder and swap it in on success; keep output/ on failure."""
    if not posts_are_fine():
        print("devserver: fix the problems above; still serving the last good site")
        return False
    new = staging.new_folder(output)
    if build_site(new, ignore_cache).returncode != 0:
        shutil.rmtree(new)
        print("devserver: the rebuild failed (see above); still serving the last good site")
        return False
    staging.swap_in(new, output)
    print("devserver: rebuilt; the browser reloads by itself")
    return True


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    output = (ROOT / args.output).resolve()

    if not rebuild(output, ignore_cache=True) and not output.is_dir():
        print("devserver: fix the error above, then run make devserver again")
        return 1

    server = Server()
    server.watcher.ignore_dirs("__pycache__")  # written by the builds themselves
    for name in WATCHED:
        cache_still_good = name in ("content", "theme")
        task = partial(rebuild, output, not cache_still_good)
        task.name = f"rebuild after a change in {name}"  # what livereload logs
        server.watch(str(ROOT / name), task)
    print(f"devserver: http://{HOST}:{args.port}/ (Ctrl-C stops)")
    server.serve(host=HOST, port=args.port, root=str(output), restart_delay=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
