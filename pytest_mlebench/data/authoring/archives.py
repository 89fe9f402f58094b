"""Zip archives written as a stream, deflated by a second thread.

MLE-bench zips some big prepared text files (billion-word's ~4 GB train_v2.txt) by writing the
file first and compressing it afterwards; deflating is then most of a preparation's time.
`zipped_text` compresses while the caller is still producing the text: the caller's bytes go
to a bounded queue and a worker thread deflates them into the archive (zlib and file writes
release the GIL, so the two run side by side on two cores). What decides the bytes: the
member's name and contents; the archive around it differs from `ZipFile.write`'s only in
fields such as the time stamp and zip64 sizes, which a reader of the member never sees.
"""

from __future__ import annotations

import io
import queue
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

CHUNK = 1 << 20  # bytes handed to the worker at a time
PENDING = 8  # chunks that may wait for it: memory stays below ~10 MB


class _ToWorker(io.RawIOBase):
    """The write end of the queue: raises the worker's error as soon as there is one; once the
    stream is being closed, takes nothing more."""

    def __init__(self, chunks: queue.Queue, errors: list) -> None:
        self.chunks, self.errors = chunks, errors
        self.accepting = True

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if not self.accepting:
            return len(data)
        if self.errors:
            raise self.errors[0]
        self.chunks.put(bytes(data))
        return len(data)


def _deflate(path: Path, member: str, chunks: queue.Queue, errors: list) -> None:
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
                archive.open(member, "w", force_zip64=True) as out:  # the size is not known up front
            while (chunk := chunks.get()) is not None:
                out.write(chunk)
    except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
        errors.append(exc)
        while chunks.get() is not None:  # keep emptying the queue, so the caller never blocks
            pass


@contextmanager
def zipped_text(path: Path, member: str):
    """A text stream (UTF-8, newlines written as they are) whose contents become `member`, the
    only member of a new deflated zip at `path`. Leaving the block waits for the worker and
    raises its error, if any; an error of the caller leaves an unfinished archive behind."""
    chunks: queue.Queue = queue.Queue(maxsize=PENDING)
    errors: list = []
    worker = threading.Thread(target=_deflate, args=(Path(path), member, chunks, errors), daemon=True)
    worker.start()
    sink = _ToWorker(chunks, errors)
    text = io.TextIOWrapper(io.BufferedWriter(sink, CHUNK), encoding="utf-8", newline="")
    try:
        yield text
        text.flush()
    finally:
        sink.accepting = False  # after a failure, what is still buffered is dropped
        chunks.put(None)
        worker.join()
        text.close()
    if errors:
        raise errors[0]
