"""Pre-compression (scripts/compress.py): the copies decompress to their files, the same
file always gives the same bytes, and the cache means an unchanged file is never
compressed twice."""

import gzip
import os
import shutil
import time

import brotli
import pytest

from scripts.compress import (
    BROTLI_MAX_WINDOW,
    BROTLI_MIN_WINDOW,
    CACHE_KEPT_SECONDS,
    brotli_window,
    compress_folder,
    prune_cache,
)

PAGE = ("<p>Follow up three months after the interview.</p>\n" * 200).encode()


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    (folder / "css").mkdir(parents=True)
    (folder / "index.html").write_bytes(PAGE)
    (folder / "css" / "site.css").write_bytes(b"body { margin: 0 auto; }\n" * 50)
    (folder / "tiny.txt").write_bytes(b"ok")  # compressed, it would be larger
    (folder / "logo.png").write_bytes(b"\x89PNG not text")
    return folder


def test_copies_decompress_to_their_file_and_are_the_same_every_time(site, tmp_path):
    summary = compress_folder(site, tmp_path / "cache")
    assert (summary.files, summary.compressed, summary.written) == (3, 6, 4)
    for name in ("index.html", "css/site.css"):
        data = (site / name).read_bytes()
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == data
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == data
    assert not list(site.glob("tiny.txt.*")), "never a copy larger than its file"
    assert not list(site.glob("logo.png.*")), "only text files"

    again = site.parent / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    compress_folder(again, tmp_path / "another-cache")  # compressed anew, not cached
    for name in ("index.html.gz", "index.html.br", "css/site.css.gz"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name
    assert (site / "index.html.gz").read_bytes()[4:8] == b"\0\0\0\0", "no time stamp"


def test_an_unchanged_file_is_never_compressed_twice(site, tmp_path):
    cache = tmp_path / "cache"
    compress_folder(site, cache)
    next_release = site.parent / "next"
    shutil.copytree(site, next_release, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    (next_release / "index.html").write_bytes(PAGE + b"<p>One more line.</p>\n")

    summary = compress_folder(next_release, cache)
    assert summary.compressed == 2, "the edited page, in gzip and brotli"
    assert summary.from_cache == 4
    assert gzip.decompress((next_release / "index.html.gz").read_bytes()).endswith(b"line.</p>\n")


def test_an_empty_cache_entry_left_by_a_crash_is_compressed_again(site, tmp_path):
    cache = tmp_path / "cache"
    compress_folder(site, cache)
    for entry in cache.glob("*/*"):
        entry.write_bytes(b"")
    again = site.parent / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    assert compress_folder(again, cache).compressed == 6
    assert gzip.decompress((again / "index.html.gz").read_bytes()) == PAGE


def test_gzip_only_writes_no_br_copy(site, tmp_path):
    compress_folder(site, tmp_path / "cache", brotli_too=False)
    assert (site / "index.html.gz").is_file()
    assert not list(site.rglob("*.br"))


def test_the_brotli_window_is_the_smallest_that_holds_the_file():
    assert brotli_window(0) == BROTLI_MIN_WINDOW
    assert brotli_window(2**10 - 16) == 10 and brotli_window(2**10 - 15) == 11
    assert brotli_window(100_000) == 17
    assert brotli_window(2**30) == BROTLI_MAX_WINDOW


def test_prune_removes_entries_unused_for_long_and_leftovers_of_killed_runs(site, tmp_path):
    cache = tmp_path / "cache"
    compress_folder(site, cache)
    entries = sorted(cache.glob("*/*"))
    old = time.time() - CACHE_KEPT_SECONDS - 60
    os.utime(entries[0], (old, old))
    leftover = entries[1].with_name(entries[1].name + ".123.tmp")
    leftover.write_bytes(b"cut short")
    assert prune_cache(cache) == 2
    assert sorted(cache.glob("*/*")) == entries[1:]
