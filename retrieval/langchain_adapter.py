"""The profile collection as a LangChain vector store, for teams that build chains or agents on it.

Scout's own search goes through ``ChromaProfileStore.search`` (filters in process, exact scoring);
this view serves LangChain code (``as_retriever()``, ``similarity_search``) over the same Chroma
collection and the same embedding model, so both see the same data. Each Document's page content is
the embedded text and its metadata the flat filter fields plus the full profile JSON under ``profile``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from langchain_chroma import Chroma

    from retrieval.embeddings import Embedder
    from retrieval.store import ChromaProfileStore


class EmbedderAsLangChain(Embeddings):
    """Scout's ``Embedder`` behind LangChain's ``Embeddings`` interface."""

    def __init__(self, embedder: Embedder) -> None:
        """Wrap ``embedder`` (the model the collection was built with)."""
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed documents as Scout does when it stores profiles."""
        return [[float(x) for x in row] for row in self.embedder.embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        """Embed a query as Scout does when it searches."""
        return self.embed_documents([text])[0]


def as_langchain_vectorstore(store: ChromaProfileStore) -> Chroma:
    """A ``langchain_chroma.Chroma`` over the store's client and collection (read it; write via Scout).

    Writes should still go through ``scout ingest`` / ``ChromaProfileStore.upsert``, which keep content
    hashes and the in-process index version in step.
    """
    from langchain_chroma import Chroma

    return Chroma(
        client=store.client,
        collection_name=store.collection.name,
        embedding_function=EmbedderAsLangChain(store.embedder),
        create_collection_if_not_exists=False,
    )
