"""scripts/serve.py's SiteHandler (`make serve`, the tests' server, and the devserver's
base): a path no file can have is a 404 with the site's own page, never a 500."""

import urllib.error
import urllib.request

import pytest


@pytest.mark.parametrize("path", ["/%00", "/a/%00/b.html", "/no/such/page/"])
def test_a_path_with_no_file_is_the_sites_404(served_site, path):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(served_site.url + path, timeout=30)
    assert answer.value.code == 404
    assert b"<h1" in answer.value.read()
