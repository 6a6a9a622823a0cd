"""Pre-compression measured: total bytes and CPU seconds of each candidate setting on
the text files of a built site (what scripts/compress.py compresses).

Each candidate compresses every file once, in this one process, one file after another,
so the CPU seconds are its own (a publish spreads them over the cores). The candidates
alternate file by file, so a busy machine slows them alike.

    .venv/bin/python -m bench.compression SITE_FOLDER [--json results.json]
"""

import argparse
import json
import sys
import time
from pathlib import Path

import brotli

from scripts.compress import brotli_window, gzip_bytes, text_files


def brotli_fitted(quality):
    def compress(data):
        return brotli.compress(
            data, mode=brotli.MODE_TEXT, quality=quality, lgwin=brotli_window(len(data))
        )

    return compress


CANDIDATES = {
    "gzip -9": gzip_bytes,
    "brotli 9, window fitted": brotli_fitted(9),
    "brotli 10, window fitted": brotli_fitted(10),
    "brotli 11, window fitted": brotli_fitted(11),
    # pelican-precompress's setting, which the site used before
    "brotli 11, default window": lambda data: brotli.compress(
        data, mode=brotli.MODE_TEXT, quality=11
    ),
}


def measure(folder: Path) -> dict:
    files = text_files(folder)
    sizes = {name: 0 for name in CANDIDATES}
    seconds = {name: 0.0 for name in CANDIDATES}
    original = 0
    for path in files:
        data = path.read_bytes()
        original += len(data)
        for name, compress in CANDIDATES.items():
            started = time.process_time()
            sizes[name] += len(compress(data))
            seconds[name] += time.process_time() - started
    return {"files": len(files), "bytes": original, "sizes": sizes, "cpu_seconds": seconds}


def table(result: dict) -> list[str]:
    best = min(size for name, size in result["sizes"].items() if name.startswith("brotli"))
    lines = [
        f"{result['files']} text files, {result['bytes'] / 2**20:.1f} MiB",
        "| setting | bytes | vs smallest brotli | CPU seconds |",
        "| --- | --- | --- | --- |",
    ]
    for name in CANDIDATES:
        size = result["sizes"][name]
        lines.append(
            f"| {name} | {size:,} | {100 * (size / best - 1):+.1f} % "
            f"| {result['cpu_seconds'][name]:.2f} |"
        )
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.folder)
    print("\n".join(table(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
