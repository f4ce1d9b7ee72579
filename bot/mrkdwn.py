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
"""

from __future__ import annotations

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
