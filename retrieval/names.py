"""Chroma's rule for collection names, checked at start-up so a bad SCOUT_COLLECTION is one clear line.

chromadb 1.5.9 (the pinned version; its Rust core validates names for embedded and server mode)
accepts 3-512 characters from ``[a-zA-Z0-9._-]`` that start and end with a letter or digit; it
reports anything else only when the first collection is created, as a traceback deep in ``seed``.
"""

from __future__ import annotations

import re
from typing import Final

MIN_LENGTH: Final = 3
MAX_LENGTH: Final = 512
_NAME: Final = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?")


def collection_name_problem(name: str) -> str | None:
    """Why Chroma would refuse ``name`` as a collection name, in one line; None when it is valid."""
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return f"is {len(name)} characters long; Chroma needs {MIN_LENGTH} to {MAX_LENGTH}"
    if not _NAME.fullmatch(name):
        return (
            "may hold only letters, digits, '.', '_' and '-', "
            "and must start and end with a letter or digit (Chroma's rule)"
        )
    return None
