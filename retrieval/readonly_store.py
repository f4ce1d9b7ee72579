"""Reading an embedded store that cannot be written (a read-only mount, a shared folder, a snapshot).

Chroma's embedded client opens its SQLite file for writing and fails on a read-only one ("attempt to
write a readonly database"), so a read-only store could not even answer ``scout ask``. Scout then
reads a private copy in a temporary folder (removed at exit) and refuses every write with one line:
an ingest into the copy would look like it worked and then vanish.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class ReadOnlyStoreError(RuntimeError):
    """A write was asked of a store opened read-only; the message is the one line shown."""


def is_read_only_failure(error: BaseException, path: Path) -> bool:
    """True when opening the embedded store at ``path`` failed because it cannot be written."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return True
    return isinstance(error, PermissionError) and path.is_dir()


def private_copy(path: Path) -> Path:
    """Copy the store folder to a new temporary folder (deleted at exit); returns the copy's path."""
    root = Path(tempfile.mkdtemp(prefix="scout-readonly-store-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    copy = root / path.name
    shutil.copytree(path, copy)
    log.warning("the store at %s is read-only: reading a private copy; writes are refused", path)
    return copy
