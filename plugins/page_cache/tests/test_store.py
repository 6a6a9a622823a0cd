"""The kept pages' file (store.py): whole or not read at all."""

from page_cache.store import PageStore

PAGES = {"a" * 64: "<p>One ’</p>", "b" * 64: "<p>Two</p>"}


def kept(path, pages=PAGES):
    store = PageStore(path, load=False)
    for key, html in pages.items():
        store.put(key, html)
    store.save()


def test_pages_come_back_as_they_were_put(tmp_path):
    path = tmp_path / "rendered-pages"
    kept(path)
    store = PageStore(path, load=True)
    assert {key: store.get(key) for key in PAGES} == PAGES
    assert store.get("c" * 64) is None and not store.problem
    store.discard()
    assert [file.name for file in tmp_path.iterdir()] == ["rendered-pages"]


def test_only_the_last_build_s_pages_are_kept(tmp_path):
    path = tmp_path / "rendered-pages"
    kept(path)
    store = PageStore(path, load=True)
    store.put("b" * 64, store.get("b" * 64))
    store.save()
    again = PageStore(path, load=True)
    assert again.get("a" * 64) is None and again.get("b" * 64) == PAGES["b" * 64]
    again.discard()


def test_a_file_cut_short_is_not_read(tmp_path):
    path = tmp_path / "rendered-pages"
    kept(path)
    path.write_bytes(path.read_bytes()[:-20])
    store = PageStore(path, load=True)
    assert store.problem and all(store.get(key) is None for key in PAGES)
    store.discard()


def test_nothing_is_read_unless_asked(tmp_path):
    path = tmp_path / "rendered-pages"
    kept(path)
    store = PageStore(path, load=False)
    assert all(store.get(key) is None for key in PAGES)
    store.discard()
