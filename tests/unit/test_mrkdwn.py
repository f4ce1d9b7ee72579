"""mrkdwn escaping. Expectations: escape() is NOT idempotent (escape twice shows '&lt;' literally), so it
runs exactly once at the rendering boundary; what holds for every string is the round trip
unescape(escape(s)) == s and that escape(s) contains no '<' or '>' at all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.mrkdwn import escape, link, safe_url, strip_mentions, unescape

PINGS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U123>",
    "<#C123>",
    "<https://evil|click>",
    "<!subteam^S1>",
]
texty = st.text() | st.lists(st.sampled_from([*PINGS, "&", "&amp;", "<", ">", "a", " "])).map("".join)


@given(texty)
def test_escaped_text_has_no_angle_brackets(text: str) -> None:
    out = escape(text)
    assert "<" not in out and ">" not in out


@given(texty)
def test_round_trip(text: str) -> None:
    assert unescape(escape(text)) == text


@given(texty)
def test_every_ampersand_starts_an_entity(text: str) -> None:
    out = escape(text)
    for i, ch in enumerate(out):
        if ch == "&":
            assert out.startswith(("&amp;", "&lt;", "&gt;"), i)


def test_not_idempotent_by_design() -> None:
    assert escape("<") == "&lt;"
    assert escape(escape("<")) == "&amp;lt;"


def test_pings_render_as_text() -> None:
    for ping in PINGS:
        assert ping not in escape(f"hi {ping} there")
    assert escape("<!channel>") == "&lt;!channel&gt;"


@given(st.text(), st.text())
def test_links_cannot_smuggle_a_second_link(url: str, label: str) -> None:
    out = link(url, label)
    inner = out[1:-1] if out.startswith("<") else out
    assert "<" not in inner and ">" not in inner


def test_safe_url_only_http_and_encodes_pipes() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("slack://channel?id=C1") is None
    assert safe_url("https://x.example/a|b>c") == "https://x.example/a%7Cb%3Ec"
    assert link("https://x.example/u", "@a<b") == "<https://x.example/u|@a&lt;b>"
    assert link(None, "@a") == "@a"


def test_strip_mentions() -> None:
    assert strip_mentions("<@UB0T> 5 creators &amp; more") == "5 creators & more"
    assert strip_mentions("<@UB0T|scout>   hi") == "hi"
