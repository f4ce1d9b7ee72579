from __future__ import annotations

import numpy as np
import pytest

from config.settings import Settings
from retrieval.embeddings import (
    MINILM_DIM,
    MiniLMEmbedder,
    OpenAIEmbedder,
    chroma_embedding_function,
    embedder_config,
    embedder_from_config,
    make_embedder,
)

pytestmark = pytest.mark.integration


def test_related_texts_are_closer_than_unrelated(embedder: MiniLMEmbedder) -> None:
    query, near, far = embedder.embed(
        ["rock climbing gear reviews", "bouldering and climbing equipment", "vegan baking recipes"]
    )
    assert float(query @ near) > float(query @ far) + 0.3


def test_shape_dtype_and_unit_length(embedder: MiniLMEmbedder) -> None:
    texts = ["short", "a much longer text " * 40, "", "emoji 🧗 and ünïcode"]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, MINILM_DIM)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.isfinite(vectors).all()


def test_empty_input_gives_empty_matrix(embedder: MiniLMEmbedder) -> None:
    assert embedder.embed([]).shape == (0, MINILM_DIM)


def test_batching_and_order_do_not_change_vectors(embedder: MiniLMEmbedder) -> None:
    texts = [f"text number {i} about {'climbing ' * (i % 7)}" for i in range(70)]
    together = embedder.embed(texts)
    one_by_one = np.stack([embedder.embed([t])[0] for t in texts[:5]])
    small_batches = MiniLMEmbedder(batch_size=3).embed(texts)
    assert np.allclose(together[:5], one_by_one, atol=1e-4)
    assert np.allclose(together, small_batches, atol=1e-4)


def test_long_text_is_truncated_not_rejected(embedder: MiniLMEmbedder) -> None:
    vectors = embedder.embed(["word " * 5000])
    assert vectors.shape == (1, MINILM_DIM)


def test_make_embedder_follows_settings() -> None:
    assert isinstance(make_embedder(Settings(SCOUT_EMBEDDINGS="local").embedding_choice()), MiniLMEmbedder)
    remote = make_embedder(Settings(SCOUT_EMBEDDINGS="openai", OPENAI_API_KEY="sk-test").embedding_choice())
    assert isinstance(remote, OpenAIEmbedder)
    assert remote.dim == 1536  # known model: no API call needed


def test_chroma_function_config_round_trips_without_secrets(embedder: MiniLMEmbedder) -> None:
    ef = chroma_embedding_function(embedder)
    rebuilt = type(ef).build_from_config(ef.get_config())
    assert rebuilt.get_config() == ef.get_config()
    assert np.allclose(np.array(ef(["climbing"])), embedder.embed(["climbing"]), atol=1e-5)
    remote = OpenAIEmbedder("text-embedding-3-small", api_key="sk-secret")
    assert "sk-secret" not in str(embedder_config(remote))
    assert embedder_from_config(embedder_config(remote)).name == remote.name
