"""Shared fixtures. Store fixtures: one real MiniLM embedder per session, Chroma embedded or server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Local fakes of the outside world, as fixtures: the OpenAI-compatible endpoint and the Slack Web API.
from fakes.openai_server import fake_openai  # noqa: F401
from fakes.slack_api import slack_api  # noqa: F401

if TYPE_CHECKING:
    from retrieval.embeddings import MiniLMEmbedder
    from retrieval.store import ChromaProfileStore
    from tests.integration.chroma_server import ChromaServer

StoreFactory = Callable[..., "ChromaProfileStore"]

# Run store tests against both an embedded store and a real `chroma run` server (one per session;
# the xdist group keeps server tests on one worker so only one server starts).
STORE_MODES = [
    "embedded",
    pytest.param("server", marks=[pytest.mark.server, pytest.mark.xdist_group("chroma_server")]),
]


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    """The real bundled MiniLM embedder, loaded once per session (per xdist worker)."""
    from retrieval.embeddings import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A real `chroma run` server for the session; stopped at the end even after failures."""
    from tests.integration.chroma_server import chroma_server as run_server

    with run_server(tmp_path_factory.mktemp("chroma-server") / "data") as server:
        yield server


def store_factory(
    request: pytest.FixtureRequest, path: Path, embedder: MiniLMEmbedder
) -> tuple[StoreFactory, Callable[[], None]]:
    """A factory of stores on one fresh collection (embedded at ``path`` or on the server), and a cleanup.

    Each call builds a new client and store on the same collection (another "process" as far as the
    first store knows); keyword arguments go to the constructor (``embedder=...``, ``use_index=False``).
    """
    import uuid

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from retrieval.store import ChromaProfileStore

    name = f"test-{uuid.uuid4().hex[:12]}"
    quiet = ChromaSettings(anonymized_telemetry=False)
    if request.param == "server":
        server: ChromaServer = request.getfixturevalue("chroma_server")

        def client() -> chromadb.api.ClientAPI:
            return chromadb.HttpClient(host=server.host, port=server.port, settings=quiet)
    else:

        def client() -> chromadb.api.ClientAPI:
            return chromadb.PersistentClient(path=str(path), settings=quiet)

    def factory(**kwargs: object) -> ChromaProfileStore:
        kwargs.setdefault("embedder", embedder)
        return ChromaProfileStore(client(), name, **kwargs)  # type: ignore[arg-type]

    def cleanup() -> None:
        if request.param == "server":
            client().delete_collection(name)

    return factory, cleanup


@pytest.fixture(params=STORE_MODES)
def make_store(
    request: pytest.FixtureRequest, tmp_path: Path, embedder: MiniLMEmbedder
) -> Iterator[StoreFactory]:
    """Stores on a fresh, empty collection for one test (see ``store_factory``)."""
    factory, cleanup = store_factory(request, tmp_path / "chroma", embedder)
    yield factory
    cleanup()
