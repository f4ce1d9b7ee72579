"""Write a synthetic CSV of N creators for ingest measurements (``python -m scripts.make_ingest_file``).

Rows look like a real export (handle, platform, followers, engagement, country, a ~50-word bio) and
are deterministic for a given N and seed; every row is valid, so accepted = N.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

WORDS = [
    "climbing",
    "bouldering",
    "trail",
    "running",
    "vegan",
    "baking",
    "skincare",
    "travel",
    "gaming",
    "coffee",
    "hiking",
    "yoga",
    "sustainable",
    "fashion",
    "budget",
    "recipes",
    "family",
    "outdoors",
    "cycling",
    "gear",
    "reviews",
    "coastal",
    "photography",
    "plants",
    "minimalism",
    "fitness",
    "snacks",
    "camping",
    "kayak",
    "surf",
    "ski",
    "street",
    "food",
    "tutorials",
    "daily",
    "vlogs",
]
PLATFORMS = ("instagram", "tiktok", "youtube")
COUNTRIES = ("US", "GB", "DE", "FR", "ES", "IT", "BR", "CA", "AU", "NL")


def write(path: Path, rows: int, seed: int = 7) -> None:
    """Write ``rows`` creators to ``path``."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["username", "platform", "followers", "engagement_rate", "country", "bio"])
        for i in range(rows):
            bio = " ".join(rng.choice(WORDS) for _ in range(50))
            followers = int(rng.lognormvariate(10.5, 1.2))
            out.writerow(
                [
                    f"creator_{i:07d}",
                    PLATFORMS[i % 3],
                    followers,
                    f"{rng.uniform(0.2, 9):.2f}%",
                    rng.choice(COUNTRIES),
                    bio,
                ]
            )


def main() -> None:
    """Command line: PATH ROWS."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("rows", type=int)
    args = parser.parse_args()
    write(args.path, args.rows)


if __name__ == "__main__":
    main()
