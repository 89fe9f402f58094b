"""JSON files that are one big array (nuScenes-style tables of records, hundreds of megabytes), read
and written one element at a time, byte for byte as `json.load` and `json.dump` would.

What decides the bytes: `json.dump(list, handle)` with its defaults writes "[", the elements as
`json.dumps` writes each (separators ", " and ": ", keys in their order, ensure_ascii, floats as
Python's repr) joined by ", ", then "]". `JsonArrayWriter` writes exactly that from elements handed
one by one, and `json_array_items` parses each element with the decoder `json.load` uses, so
a split that MLE-bench makes of a loaded list comes out the same while memory holds one element.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

BLOCK = 1 << 20
_WHITESPACE = " \t\n\r"


def json_array_items(path: Path, block: int = BLOCK) -> Iterator:
    """Each element of the JSON array in `path`, in order, parsed as `json.load` parses it."""
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as handle:
        text, at, ended = "", 0, False

        def fill() -> None:
            nonlocal text, at, ended
            chunk = handle.read(block)
            ended = not chunk
            text, at = text[at:] + chunk, 0

        def next_char() -> str:
            """The next character that is not whitespace (moving past the whitespace), "" at the end."""
            nonlocal at
            while True:
                while at < len(text) and text[at] in _WHITESPACE:
                    at += 1
                if at < len(text) or ended:
                    return text[at] if at < len(text) else ""
                fill()

        if next_char() != "[":
            raise ValueError(f"{path}: not a JSON array (it must start with '[')")
        at += 1
        if next_char() == "]":
            return
        while True:
            next_char()
            try:
                item, end = decoder.raw_decode(text, at)
                # a number cut by the block's end ("1" of "1e5") parses too: complete only when what
                # follows is in the buffer and ends the element
                complete = ended or (end < len(text) and text[end] in _WHITESPACE + ",]")
            except json.JSONDecodeError:
                if ended:
                    raise
                complete = False
            if not complete:
                fill()
                continue
            yield item
            at = end
            separator = next_char()
            at += 1
            if separator == "]":
                return
            if separator != ",":
                raise ValueError(f"{path}: expected ',' or ']' between the array's elements, found {separator!r}")


class JsonArrayWriter:
    """A JSON array written element by element as `json.dump(elements, handle)` writes the list."""

    def __init__(self, path: Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(path, "w", encoding="utf-8")
        self._handle.write("[")
        self._first = True

    def add(self, item) -> None:
        self.add_encoded(json.dumps(item))

    def add_encoded(self, text: str) -> None:
        """Add an element already encoded by `json.dumps` (kept as text to save memory)."""
        self._handle.write(text if self._first else ", " + text)
        self._first = False

    def close(self) -> None:
        self._handle.write("]")
        self._handle.close()

    def __enter__(self) -> JsonArrayWriter:
        return self

    def __exit__(self, *_) -> None:
        self.close()
