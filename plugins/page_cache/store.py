"""The kept pages, on disk rather than in memory (1,600 pages are 70 MiB as Python
strings): one file, the pages' UTF-8 one after the other, then the index (a pickle of
{digest: (offset, length)}), then the index's offset in 8 bytes. A build reads the file
the build before left, writes its own pages to a new file beside it, and puts that in
place with one rename once the build succeeded, so the file holds the last build's
pages only and is always whole."""

import os
import pickle
from pathlib import Path

OFFSET_BYTES = 8


def read_index(file) -> dict[str, tuple[int, int]]:
    file.seek(-OFFSET_BYTES, os.SEEK_END)
    file.seek(int.from_bytes(file.read(OFFSET_BYTES), "little"))
    index = pickle.load(file)
    if not isinstance(index, dict):
        raise ValueError("no index")
    return index


class PageStore:
    def __init__(self, path: Path, load: bool):
        self.path = path
        self.old = None
        self.old_index: dict[str, tuple[int, int]] = {}
        self.problem = ""  # why the kept pages were not read
        if load and path.is_file():
            try:
                self.old = open(path, "rb")  # noqa: SIM115 - open until the build ends
                self.old_index = read_index(self.old)
            except Exception as error:  # cut short, or from elsewhere: render everything
                self.problem = f"{path.name} not read ({error})"
                self.old_index = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        self.partial = path.with_name(f".{path.name}.partial")  # a killed build's is replaced
        self.new = open(self.partial, "wb")  # noqa: SIM115 - written until the build ends
        self.new_index: dict[str, tuple[int, int]] = {}

    def get(self, key: str) -> str | None:
        where = self.old_index.get(key)
        if where is None:
            return None
        offset, length = where
        self.old.seek(offset)
        data = self.old.read(length)
        return data.decode("utf-8") if len(data) == length else None

    def put(self, key: str, html: str) -> None:
        if key not in self.new_index:
            data = html.encode("utf-8")
            self.new_index[key] = (self.new.tell(), len(data))
            self.new.write(data)

    def save(self) -> None:
        offset = self.new.tell()
        pickle.dump(self.new_index, self.new, protocol=pickle.HIGHEST_PROTOCOL)
        self.new.write(offset.to_bytes(OFFSET_BYTES, "little"))
        self.close()
        os.replace(self.partial, self.path)

    def close(self) -> None:
        for file in (self.old, self.new):
            if file is not None:
                file.close()

    def discard(self) -> None:
        self.close()
        self.partial.unlink(missing_ok=True)
