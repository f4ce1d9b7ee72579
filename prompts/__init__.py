"""Every prompt Scout sends to a language model, as files in this package.

``load(name)`` reads ``prompts/<name>.md`` through importlib.resources; ``render(name, **vars)``
fills ``$name`` placeholders (string.Template) and fails loudly on a missing or unexpected variable.
Text that comes from profiles (bios, captions) or from Slack never goes into a prompt raw: wrap it
with ``fence_untrusted`` so the model sees it as labelled data, never as instructions.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Final

UNTRUSTED_TAG: Final = "untrusted_profile_data"
QUESTION_TAG: Final = "user_message"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Zero-width, bidi overrides and other invisible format characters: they hide text from reviewers
# and split words the model still reads.
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class PromptError(KeyError):
    """A prompt is missing, or was rendered with missing or unexpected variables."""


def names() -> list[str]:
    """The names of every prompt file in the package, sorted."""
    root = resources.files(__name__)
    return sorted(p.name[:-3] for p in root.iterdir() if p.name.endswith(".md"))


@lru_cache(maxsize=64)
def load(name: str) -> str:
    """The raw text of ``prompts/<name>.md``.

    Args:
        name: Prompt name without extension, e.g. ``"answer_writer"``.

    Raises:
        PromptError: If the name is malformed or no such prompt exists.

    """
    if not _NAME.match(name):
        raise PromptError(f"bad prompt name {name!r}")
    resource = resources.files(__name__).joinpath(f"{name}.md")
    if not resource.is_file():
        raise PromptError(f"no prompt named {name!r}")
    return resource.read_text(encoding="utf-8")


def variables(name: str) -> set[str]:
    """The ``$placeholders`` a prompt expects."""
    template = string.Template(load(name))
    return set(template.get_identifiers())


def render(name: str, **values: object) -> str:
    """The prompt with every ``$placeholder`` filled.

    Args:
        name: Prompt name without extension.
        **values: One value per placeholder; each is turned into text with ``str()``.

    Raises:
        PromptError: If a placeholder has no value or a value has no placeholder.

    """
    template = string.Template(load(name))
    if not template.is_valid():
        raise PromptError(f"prompt {name!r} has an invalid placeholder (write $$ for a dollar sign)")
    expected = set(template.get_identifiers())
    missing = expected - values.keys()
    extra = values.keys() - expected
    if missing or extra:
        raise PromptError(
            f"prompt {name!r}: missing {sorted(missing)}, unexpected {sorted(extra)}".replace(
                ", unexpected []", ""
            )
        )
    return template.substitute({k: str(v) for k, v in values.items()})


def clean_text(text: str) -> str:
    """Normalise untrusted text: NFKC, no invisible or control characters, no angle brackets.

    NFKC folds full-width and other look-alike forms (``＜／ｕｎｔｒｕｓｔｅｄ＞``) into ASCII first, so
    the bracket replacement catches them; with ``<`` and ``>`` gone no tag can be closed or opened and
    no Slack control sequence (``<!channel>``) survives.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return text.replace("<", "‹").replace(">", "›")


def truncate(text: str, max_chars: int) -> str:
    """``text`` cut at a word boundary to at most ``max_chars`` characters, with an ellipsis."""
    if max_chars <= 0:
        return ""
    if len(text) <= max_chars:
        return text
    cut = text[: max(0, max_chars - 1)]
    if " " in cut[max_chars // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + "…"


def fence_untrusted(text: str, *, label: str, max_chars: int = 400, tag: str = UNTRUSTED_TAG) -> str:
    """Wrap untrusted text in a labelled fence the system prompts describe as data only.

    Args:
        text: Bio, caption or other text we did not write.
        label: What the text is (``"bio of @handle"``); cleaned like the text.
        max_chars: Longest the cleaned text may be (cut at a word, with an ellipsis).
        tag: Fence tag name.

    Returns:
        ``<tag source="label">text</tag>`` with the text cleaned by ``clean_text``.

    """
    body = truncate(" ".join(clean_text(text).split()), max_chars)
    source = clean_text(label).replace('"', "'")
    return f'<{tag} source="{source}">{body}</{tag}>'


def estimate_tokens(text: str) -> int:
    """Rough token count (characters / 4, rounded up): no tokenizer download needed."""
    return (len(text) + 3) // 4
