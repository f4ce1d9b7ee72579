"""Where the profiles live, as plain values, and the Chroma client for them.

The composition root builds a ``ChromaConnection`` from the settings; nothing in ``retrieval``
reads the environment. Telemetry is always off (no network here; users should opt in, not out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError
from pydantic import SecretStr

from retrieval.readonly_store import is_read_only_failure, private_copy

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

WRITE_BATCH: Final = 500  # rows embedded and written per Chroma call
INDEX_PAGE: Final = 2000  # rows per ``get`` while loading the filter index
# Chroma Cloud's documented quotas (https://docs.trychroma.com/cloud/quotas-limits): at most 300
# records per write, 300 results per request and 8 ``where`` predicates. Stores with an API key
# (Chroma Cloud) write and page within them; the ``where`` fallback always stays within 8.
CLOUD_WRITE_BATCH: Final = 300
CLOUD_PAGE: Final = 300


@dataclass(frozen=True)
class ChromaConnection:
    """One collection: embedded at ``path``, or on the Chroma server at ``host`` when set."""

    path: Path = Path(".scout/chroma")
    host: str | None = None
    port: int = 8000
    ssl: bool = False
    api_key: SecretStr | None = None
    collection: str = "influencers"

    @property
    def label(self) -> str:
        """Where the profiles live, for `scout stats` and logs (never includes a secret)."""
        if self.host:
            scheme = "https" if self.ssl else "http"
            return f"chroma-server:{scheme}://{self.host}:{self.port}/{self.collection}"
        return f"chroma-embedded:{self.path}/{self.collection}"

    def with_collection(self, collection: str) -> ChromaConnection:
        """The same place, another collection (a shard, the feedback collection)."""
        return replace(self, collection=collection)


def make_client(connection: ChromaConnection) -> ClientAPI:
    """A Chroma client: HTTP to ``host`` when set, else embedded at ``path``."""
    if connection.host:
        headers: dict[str, str] = {}
        if connection.api_key is not None:
            token = connection.api_key.get_secret_value()
            headers = {"x-chroma-token": token, "Authorization": f"Bearer {token}"}
        return chromadb.HttpClient(
            host=connection.host,
            port=connection.port,
            ssl=connection.ssl,
            headers=headers,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    return open_client(connection)[0]


def open_client(connection: ChromaConnection) -> tuple[ClientAPI, bool]:
    """``make_client``, and whether the store is read-only.

    A read-only embedded store is read through a private copy (see ``retrieval.readonly_store``).
    """
    if connection.host:
        return make_client(connection), False
    path = connection.path
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings), False
    except (ChromaError, OSError) as error:
        if not is_read_only_failure(error, path):
            raise
    copy = private_copy(path)
    return chromadb.PersistentClient(path=str(copy), settings=chroma_settings), True


def cloud_limits(connection: ChromaConnection) -> tuple[int, int]:
    """Rows per write and per index page: within Chroma Cloud's quotas when an API key is set."""
    if connection.host and connection.api_key is not None:
        return CLOUD_WRITE_BATCH, CLOUD_PAGE
    return WRITE_BATCH, INDEX_PAGE


def index_cache_path(connection: ChromaConnection) -> Path:
    """Where this process keeps its filter index cache for the collection.

    Next to (not inside) Chroma's folder, e.g. ``.scout/chroma-influencers.index``; for a Chroma
    server, one file per server and collection in the same folder. The file records the collection's
    ID, so a cache for a collection that was dropped and recreated is rebuilt, not trusted.
    """
    path = connection.path
    if connection.host:
        server = re.sub(r"[^A-Za-z0-9._-]", "_", f"{connection.host}-{connection.port}")
        return path.parent / f"server-{server}-{connection.collection}.index"
    return path.parent / f"{path.name}-{connection.collection}.index"
