"""The bundled sample's shipped embeddings: written once with the bundled model, so seeding embeds nothing.

``python -m sample_data.embeddings`` (or ``make embeddings``) embeds every bundled profile's
``embedding_text()`` with the bundled MiniLM, in the same batches a fresh ``scout seed`` would use,
and writes ``embeddings.npz`` beside ``profiles.jsonl``: float32 vectors (lossless, so ``scout eval``
gives the same figures as a store that embedded everything itself), the key of each text, and the
model identity they were made with. Rerun it after changing the model or ``Profile.embedding_text``;
until then, profiles whose text changed are simply embedded at seed time.
"""

from __future__ import annotations

import argparse
import io
import logging
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

log = logging.getLogger(__name__)

EMBEDDINGS_FILE: Final = "embeddings.npz"
# The store embeds and writes this many profiles per call; the same batches give the same floats.
SEED_BATCH: Final = 500


def load_shipped(identity: str | None) -> dict[bytes, NDArray[np.float32]] | None:
    """The shipped vectors keyed by text key, or None when absent, unreadable or from another model."""
    if identity is None:
        return None
    resource = resources.files(__package__ or "sample_data").joinpath(EMBEDDINGS_FILE)
    try:
        with np.load(io.BytesIO(resource.read_bytes()), allow_pickle=False) as data:
            shipped = str(data["identity"])
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, KeyError, ValueError) as exc:
        log.info("no usable shipped sample embeddings (%s): seeding embeds every profile", exc)
        return None
    if shipped != identity:
        log.info(
            "shipped sample embeddings are from %s, not %s: seeding embeds every profile", shipped, identity
        )
        return None
    if vectors.dtype != np.float32 or len(keys) != len(vectors):
        log.info("shipped sample embeddings are malformed: seeding embeds every profile")
        return None
    return {bytes(k): vectors[i] for i, k in enumerate(keys)}


def write_shipped(out: Path) -> int:
    """Embed the bundled profiles with the bundled model and write ``out``; returns the vector count."""
    from retrieval.embeddings import MiniLMEmbedder
    from retrieval.precomputed import KEY_BYTES, model_identity, text_key
    from sample_data import load_profiles

    embedder = MiniLMEmbedder()
    identity = model_identity(embedder)
    assert identity is not None
    texts = [p.embedding_text() for p in load_profiles()]
    vectors = np.concatenate(
        [embedder.embed(texts[start : start + SEED_BATCH]) for start in range(0, len(texts), SEED_BATCH)]
    )
    keys = np.array([np.frombuffer(text_key(t), dtype=np.uint8) for t in texts], dtype=np.uint8)
    assert keys.shape == (len(texts), KEY_BYTES)
    with out.open("wb") as fh:
        np.savez(fh, identity=np.array(identity), keys=keys, vectors=vectors.astype(np.float32))
    return len(texts)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: rewrite the shipped embeddings (default: inside the package)."""
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.embeddings", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / EMBEDDINGS_FILE)
    args = parser.parse_args(argv)
    count = write_shipped(args.out)
    print(f"wrote {count:,} embeddings to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
