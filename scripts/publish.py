"""`make publish`: check, build the production site into a new folder, then swap it in.

output/ is replaced only when the checks and the build both pass; otherwise it is left
exactly as it was and the reason is printed. Prints the scheduled posts held back and
what changed since the last publish (publish-manifest.json, kept beside output/).

    .venv/bin/python -m scripts.publish [--output output] [PELICAN OPTIONS ...]
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from . import check, manifest, posts, staging

SETTINGS = "publishconf.py"


def held_back(all_posts, settings, now):
    """(date, path, title) of the posts Pelican leaves out for being dated in the future."""
    if settings.get("WITH_FUTURE_DATES", True):
        return []
    waiting = []
    for post in all_posts:
        if not post.is_article or post.is_draft or not post.get("date"):
            continue
        date = posts.parse_date(post.get("date"), settings)
        if date > now:
            waiting.append((date, post.path, post.get("title")))
    return sorted(waiting)


def build(destination: Path, pelican_options: list[str]) -> bool:
    """Run Pelican in production mode; warnings are errors, so a broken link never ships."""
    command = [sys.executable, "-m", "pelican", "content", "-o", str(destination)]
    command += ["-s", SETTINGS, "--fatal", "warnings", *pelican_options]
    return subprocess.run(command, cwd=posts.ROOT).returncode == 0


def publish(output: Path, pelican_options: list[str]) -> int:
    problems = check.check(posts.load_settings())
    errors = [problem for problem in problems if not problem.warning]
    for problem in errors:
        print(problem)
    if errors:
        print(f"publish: stopped, {len(errors)} problem(s) above; {output.name}/ is unchanged")
        return 1

    settings = posts.load_settings(name=SETTINGS)
    scheduled = held_back(posts.read_all(settings), settings, posts.site_now(settings))
    for date, path, title in scheduled:
        print(f"publish: held back until {date:%Y-%m-%d %H:%M}: {path} ({title})")

    new = staging.new_folder(output)
    if not build(new, pelican_options):
        shutil.rmtree(new)
        print(f"publish: stopped, the build failed (see above); {output.name}/ is unchanged")
        return 1

    manifest_path = output.parent / "publish-manifest.json"
    new_manifest = manifest.build_manifest(new)
    changes = manifest.compare(manifest.read(manifest_path), new_manifest)
    staging.swap_in(new, output)
    manifest.write(new_manifest, manifest_path)
    print("\n".join(manifest.describe(changes)))
    print(f"publish: {output.name}/ now holds the production site ({len(new_manifest)} files)")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="output", type=Path)
    args, pelican_options = parser.parse_known_args(argv)
    return publish((posts.ROOT / args.output).resolve(), pelican_options)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
