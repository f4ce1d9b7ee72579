"""Escaping for Slack ``mrkdwn`` text.

Slack parses ``<...>`` sequences in mrkdwn as control sequences: ``<!channel>`` and ``<!here>`` ping
everyone, ``<@U123>`` mentions a user, ``<https://x|label>`` renders a link whose label hides its
target. Slack's own rule is that ``&``, ``<`` and ``>`` must be sent as ``&amp;``, ``&lt;`` and
``&gt;`` (https://docs.slack.dev/messaging/formatting-message-text#escaping); after that, none of the
sequences above can form. Every piece of profile text (bios, handles, display names, reasons) and
every piece of echoed user text goes through :func:`escape` before it reaches a block or a fallback.

``escape`` is *not* idempotent: escaping twice turns ``&lt;`` into ``&amp;lt;``, which Slack shows as
the literal text ``&lt;``. Escape exactly once, at the rendering boundary (``bot/blocks.py``), never in
the service. What does hold: ``unescape(escape(s)) == s`` for every string, and ``escape(s)`` never
contains ``<`` or ``>``.

We never send ``link_names=1``, so plain ``@channel`` text does not ping either.

Emphasis: mrkdwn has no escape character for ``*``, ``_``, ``~`` and `````, so a display name such as
``*Scout Admin*: wire $5k`` would render bold. :func:`escape_text` (for profile text, echoed user text
and LLM prose) swaps those four for look-alike characters that Slack does not parse (fullwidth ``＊``
and ``＿``, ``∼`` and ``ˋ``) after :func:`escape`. Handles keep their underscores: they are
identifiers, shown inside links. Streamed answers use Markdown instead of mrkdwn: :func:`escape_markdown`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so ``text`` renders literally in mrkdwn.

    Args:
        text: Untrusted text (profile data, user input, LLM prose).

    Returns:
        The text with Slack's three control characters escaped.

    """
    for raw, entity in _ESCAPES:
        text = text.replace(raw, entity)
    return text


#: mrkdwn emphasis characters -> characters that look alike and are never parsed as markup.
_EMPHASIS = str.maketrans({"*": "\uff0a", "_": "\uff3f", "~": "\u223c", "`": "\u02cb"})


_HANDLE_TOKEN = re.compile(r"(@[A-Za-z0-9_.]+)")


def neutralize_emphasis(text: str) -> str:
    """Swap the four emphasis characters for look-alikes so untrusted text cannot turn bold, italic or code.

    ``@handle`` tokens keep their underscores (identifiers people copy).
    """
    parts = _HANDLE_TOKEN.split(text)
    return "".join(p if i % 2 else p.translate(_EMPHASIS) for i, p in enumerate(parts))


def escape_text(text: str) -> str:
    """:func:`escape` plus emphasis neutralised: for every untrusted string shown in mrkdwn."""
    return neutralize_emphasis(escape(text))


#: What makes Markdown emphasis, code, links or tables inline (line-start syntax is never ours to start).
_MARKDOWN_SPECIALS = frozenset("\\`*_[]|~")


def escape_markdown(text: str) -> str:
    """Escape untrusted text for Markdown (``markdown_text`` of the streaming methods).

    Markdown's backslash escapes cover the punctuation that makes emphasis, code, links, headings and
    tables; ``&``, ``<`` and ``>`` become entities as in mrkdwn so no mention or link can form.
    """
    out: list[str] = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in _MARKDOWN_SPECIALS:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def unescape(text: str) -> str:
    """Invert :func:`escape` (used by tests and when reading Slack's own text back)."""
    for raw, entity in reversed(_ESCAPES):
        text = text.replace(entity, raw)
    return text


def strip_mentions(text: str) -> str:
    """Remove user/bot mention tokens (``<@U123>`` or ``<@U123|name>``) from a message, e.g. the ``@Scout`` prefix.

    Args:
        text: Raw message text from Slack (still in Slack's escaped form).

    Returns:
        The text without mention tokens, with Slack's escapes undone and whitespace trimmed.

    """
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("<@", i):
            end = text.find(">", i)
            if end != -1:
                i = end + 1
                continue
        out.append(text[i])
        i += 1
    return unescape(" ".join("".join(out).split()))


def safe_url(url: str | None) -> str | None:
    """Return ``url`` made safe for a ``<url|label>`` link, or None when it is not http(s).

    ``|`` and ``>`` would end the URL part of a link early, so they (and spaces) are percent-encoded;
    any other scheme (``javascript:``, ``slack:``) is refused.

    Args:
        url: A profile URL from the data.

    Returns:
        The encoded URL, or None.

    """
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return escape(quote(url, safe=":/?#[]@!$&'()*+,;=%~-._"))


def link(url: str | None, label: str) -> str:
    """A mrkdwn link ``<url|label>`` with both parts escaped, or just the escaped label without a safe URL.

    Args:
        url: Target URL (http or https only).
        label: Visible text (untrusted).

    Returns:
        mrkdwn text.

    """
    target = safe_url(url)
    # A '|' in the label is harmless after the first one, but '>' is escaped by escape().
    shown = escape(label)
    if target is None:
        return shown
    return f"<{target}|{shown}>"
