"""Follow-up routing: what a message in a thread asks for, by patterns (the offline router).

``route_offline`` reads the intent, the list positions ("#2", "the first one", "number 3", "2nd")
and the @handles a message refers to. The LLM router (assistant/llm/openai_model.py) is only asked when these
patterns are unsure (``route_offline_scored`` says which).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal, get_args

from pydantic import BaseModel, Field

from matching.geo import COUNTRY_ALIASES
from matching.parsing.words import CREATOR_CORE, PLATFORM_PEOPLE, nouns
from matching.profile import PLATFORM_ALIASES
from matching.tiers import TIER_ORDER
from matching.vocabulary import NICHES, VALUES

FollowUpIntent = Literal[
    "details",
    "compare",
    "refine",
    "lookalikes",
    "why_not",
    "more",
    "export",
    "shortlist",
    "plan",
    "help",
    "new_question",
    "off_topic",
]
INTENTS: Final[tuple[str, ...]] = get_args(FollowUpIntent)
MAX_RANK: Final = 50


class FollowUp(BaseModel):
    """One routed message: its intent and the picks it points at."""

    intent: FollowUpIntent
    ranks: list[int] = Field(default_factory=list, description="1-based list positions referred to.")
    handles: list[str] = Field(default_factory=list, description="Handles named, lower case, no '@'.")
    text: str = Field("", description="The message as received.")


# --- references -------------------------------------------------------------------------------

HANDLE_RE: Final = re.compile(r"(?<![\w@])[@＠]([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,58}[A-Za-z0-9_])?)")
_ORDINAL_WORDS: Final[dict[str, int]] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "top": 1,
}
_NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_HASH_RANK = re.compile(r"#\s?(\d{1,2})\b")
_NUMBER_RANK = re.compile(
    r"\b(?:number|no\.?|nr\.?|pick|option|rank|item|creator|influencer)\s?#?(\d{1,2})\b"
)
_SUFFIX_RANK = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:percentile|century))")
_WORD_RANK = re.compile(
    r"\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?=\s+(?:one|pick|creator|influencer|account|person|guy|girl|option|result)s?\b|\s*(?:and|&|,|vs|$|[?.!]))"
)
_TOP_ONE = re.compile(r"\b(?:the\s+)?top\s+(?:one|pick)\b")
# Bare numbers count as ranks only after verbs that take picks ("compare 1 and 3", "more like 2").
_BARE_CONTEXT = re.compile(
    r"\b(?:compare|about|like|on|add|shortlist|remove|drop|between|vs\.?|versus|and|&|or|with|details?)\s+"
    r"((?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)(?:\s*(?:,|and|&|vs\.?|versus|or|with)\s*"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten))*)\b(?!\s*(?:k\b|m\b|%|followers|more|\$|usd|dollars))"
)
_PAIR = re.compile(
    r"(?<![\d.$€£])\b(\d{1,2})\s*(?:,|and|&|vs\.?|versus|or|with)\s*(?:#\s?)?(\d{1,2})\b(?!\s*(?:k\b|m\b|%|followers|\$))"
)
_BARE_NUMBER = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b")


def normalize(text: str) -> str:
    """NFKC-folded, invisible characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]", "", text)
    return " ".join(text.split())


def find_handles(text: str) -> list[str]:
    """The @handles in ``text``, lower case, without ``@``, in order, unique."""
    seen: list[str] = []
    for match in HANDLE_RE.finditer(normalize(text)):
        handle = match.group(1).rstrip(".").lower()
        if handle and handle not in seen and handle not in {"here", "channel", "everyone"}:
            seen.append(handle)
    return seen


def find_ranks(text: str, *, bare_numbers: bool = False) -> list[int]:
    """List positions ``text`` refers to, in order of appearance, unique, 1..50.

    Args:
        text: The message.
        bare_numbers: Also read plain numbers after pick-taking words ("compare 1 and 3").

    """
    low = normalize(text).lower()
    low = HANDLE_RE.sub(" ", low)
    found: list[tuple[int, int]] = []
    for pattern in (_HASH_RANK, _NUMBER_RANK, _SUFFIX_RANK):
        found.extend((m.start(), int(m.group(1))) for m in pattern.finditer(low))
    found.extend((m.start(), _ORDINAL_WORDS[m.group(1)]) for m in _WORD_RANK.finditer(low))
    found.extend((m.start(), 1) for m in _TOP_ONE.finditer(low))
    if bare_numbers:
        for m in _BARE_CONTEXT.finditer(low):
            for n in _BARE_NUMBER.finditer(m.group(1)):
                word = n.group(1)
                found.append((m.start(1) + n.start(), int(word) if word.isdigit() else _NUMBER_WORDS[word]))
        for m in _PAIR.finditer(low):
            found.extend(((m.start(1), int(m.group(1))), (m.start(2), int(m.group(2)))))
    ranks: list[int] = []
    for _, rank in sorted(found):
        if 1 <= rank <= MAX_RANK and rank not in ranks:
            ranks.append(rank)
    return ranks


# --- intents ----------------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_HELP = _rx(
    r"^(?:help|\?+|usage|commands|hi|hello|hey|yo|how does (?:this|scout|it) work|what can (?:you|scout) do"
    r"|how do i use (?:this|you|scout)|how (?:do|can) i (?:ask|use)|what do you do)\b[\s?!.]*$"
    r"|^help(?: me| please)?[\s?!.]*$|\bhow do i use (?:scout|this bot)\b"
)
_OFF_TOPIC = _rx(
    r"\b(?:weather|forecast|temperature outside|joke|poem|haiku|song lyrics|horoscope|stock price|bitcoin"
    r"|crypto price|sports? scores?|who won|recipe for|capital of|translate|tell me a story|meaning of life"
    r"|what time is it|what day is it|lunch|dinner plans|traffic)\b"
    r"|^(?:thanks|thank you|thx|ty|cheers|great|cool|nice|ok|okay|lol|haha)[\s!.]*$"
)
_EXPORT = _rx(r"\b(?:export|csv|download|spreadsheet|excel|xlsx|google sheets?|as a file|to a file)\b")
_SHORTLIST = _rx(r"\bshort[\s-]?list(?:ed|ing)?\b|\bsave (?:#|@|the|number|them|him|her|this|that)")
_PLAN = _rx(
    r"\b(?:plan|campaign plan|media plan|budget split|split (?:the |a |my )?budget|allocate)\b"
    r"|\bcampaign\b.*(?:\$|€|£|\d+\s*k\b|budget)|(?:\$|€|£)\s?\d|\bbudget\b"
)
_WHY_NOT = _rx(
    r"\bwhy (?:not|no|isn'?t|is not|wasn'?t|was not|didn'?t you|did you not|did you skip|did you leave out|"
    r"aren'?t|are not|hasn'?t|is .{1,40} (?:not|missing)|no)\b|\b(?:what happened to|where is|where'?s)\s+@"
)
_LOOKALIKES = _rx(
    r"\b(?:more|others?|creators?|people|accounts?|ones?|someone|anyone|influencers?)\s+(?:just\s+)?(?:like|similar to)\b"
    r"|\blook-?alikes?\b|\bsimilar\s+(?:to|creators?|ones|accounts?|profiles?|people)\b|\bfind (?:me )?(?:others|more) like\b"
)
_COMPARE = _rx(
    r"\b(?:compare|comparison|versus|vs\.?|difference between|differences between|side by side|head to head"
    r"|which (?:one )?is better|which is stronger|stack up)\b"
)
_MORE = _rx(
    r"^(?:please\s+)?(?:(?:show|give|send|list|get|find)(?: me)?(?: \d+| a few| some)? more(?: results| options| creators"
    r"| picks| influencers| ones| people)?|(?:\d+|a few|some) more(?: please)?|more(?: results| options| creators| picks"
    r"| influencers| please)?|next(?: \d+| page| ones?| batch)?|(?:show |give me )?the next \d+|keep going|continue"
    r"|any more|anyone else|who else|another \d+|load more|see more)(?:\s+please)?[\s?!.]*$"
)
_DETAILS = _rx(
    r"\b(?:tell me (?:more )?about|more (?:about|on|info on)|details?(?: on| about| for)?|info(?:rmation)? (?:on|about)"
    r"|what about|who is|who'?s|deep dive|dig into|drill into|profile of|break down|breakdown|why (?:is|did) .{0,40}"
    r"(?:first|#\d|number|rank|pick)|what makes)\b"
)
_NEW_QUESTION = _rx(
    r"\b(?:" + nouns(*CREATOR_CORE, "blogger", *PLATFORM_PEOPLE, "streamer", "ambassador") + r")\b"
    r"|^(?:help me find|find|recommend|suggest|who should|i need|we need|looking for|i'?m looking|we'?re looking"
    r"|search for)\b"
)
_REFINE_BIAS = _rx(r"\b(?:instead|only|rather|just|also|too|but)\b")
_REFINE_WORDS = _rx(
    r"\b(?:instead|only|just|rather|exclude|excluding|without|except|not on|no more|switch|swap|change"
    r"|bigger|smaller|larger|cheaper|higher|lower|fewer|less|under|over|below|above|at least|at most|between"
    r"|more \w+ ones|more \w+ creators|nano|micro|mid|macro|mega|tier|audience|female|male|women|men"
    r"|english|spanish|french|german|based in|from|located|followers|engagement|also|too|but|any size)\b"
    r"|\b\d+(?:\.\d+)?\s?[km]\b|\d+\s?%"
)
_PLATFORM_WORDS = _rx(
    r"\b(?:"
    + "|".join(re.escape(p) for p in sorted(PLATFORM_ALIASES, key=len, reverse=True) if len(p) > 2)
    + r")\b"
)
_COUNTRY_WORDS = re.compile(
    r"\b(?:UK|US|USA|U\.S\.|U\.K\.|"
    + "|".join(re.escape(c) for c in sorted(COUNTRY_ALIASES, key=len, reverse=True) if len(c) > 3)
    + r")\b",
)
_TOPIC_WORDS = _rx(
    r"\b(?:"
    + "|".join(
        re.escape(w)
        for w in sorted(
            {w for table in (NICHES, VALUES) for words in table.values() for w in words},
            key=len,
            reverse=True,
        )
        if len(w) > 2
    )
    + r")\b"
)
_TIER_WORDS = _rx(r"\b(?:" + "|".join(TIER_ORDER) + r")\b")


def _mentions_constraint(text: str) -> bool:
    low = text.lower()
    return bool(
        _REFINE_WORDS.search(text)
        or _PLATFORM_WORDS.search(text)
        or _COUNTRY_WORDS.search(text)
        or _COUNTRY_WORDS.search(low.title())
        or _TOPIC_WORDS.search(text)
        or _TIER_WORDS.search(text)
    )


def route_offline_scored(text: str, *, has_list: bool) -> tuple[FollowUp, bool]:
    """Route by patterns and say whether the patterns were sure.

    Args:
        text: The message, as typed (bot mention already removed).
        has_list: Whether the thread already holds a ranked list to refer to.

    Returns:
        The routed follow-up, and True when a specific pattern decided it (False for a guess the LLM
        router may improve on).

    """
    clean = normalize(text)
    handles = find_handles(clean)
    body = HANDLE_RE.sub(" ", clean).strip()

    def result(intent: FollowUpIntent, sure: bool, *, bare: bool = False) -> tuple[FollowUp, bool]:
        ranks = (
            find_ranks(clean, bare_numbers=bare)
            if intent not in ("new_question", "help", "off_topic")
            else []
        )
        return FollowUp(intent=intent, ranks=ranks, handles=handles, text=text), sure

    if not clean or _HELP.search(clean):
        return result("help", True)
    if (
        _OFF_TOPIC.search(body)
        and not _NEW_QUESTION.search(body)
        and not handles
        and not _HASH_RANK.search(body)
    ):
        return result("off_topic", True)
    if not has_list:
        # Nothing to refer back to: every other message is a fresh brief for the parser.
        return result("new_question", True)

    ranks = find_ranks(clean, bare_numbers=True)
    refs = len(ranks) + len(handles)
    if _EXPORT.search(body):
        return result("export", True)
    if _SHORTLIST.search(body):
        return result("shortlist", True, bare=True)
    if _WHY_NOT.search(clean):
        return result("why_not", True)
    if _LOOKALIKES.search(body):
        return result("lookalikes", True, bare=True)
    if _COMPARE.search(body) or (
        refs >= 2 and re.search(r"\b(?:or|and|vs)\b", body, re.I) and len(body.split()) <= 8
    ):
        return result("compare", True, bare=True)
    if _PLAN.search(body):
        return result("plan", True)
    if _MORE.search(body):
        return result("more", True)
    if _DETAILS.search(body) and refs:
        return result("details", True, bare=True)
    if (
        refs
        and len(
            re.sub(
                r"[#\d\W]|\b(?:the|one|pick|number|no|and|please|first|second|third|top)\b",
                "",
                body,
                flags=re.I,
            )
        )
        <= 12
    ):
        # "#2", "@sam?", "the second one", "number 3 please"
        return result("details", True, bare=True)
    if _NEW_QUESTION.search(body) and len(body.split()) >= 4 and not _REFINE_BIAS.search(body):
        return result("new_question", True)
    if _DETAILS.search(body):
        return result("details", False, bare=True)
    if _mentions_constraint(body):
        words = len(body.split())
        if words > 14:
            return result("new_question", False)
        return result("refine", words <= 10)
    return result("off_topic", False)


def route_offline(text: str, *, has_list: bool) -> FollowUp:
    """The follow-up ``text`` asks for, by patterns only (see ``route_offline_scored``)."""
    return route_offline_scored(text, has_list=has_list)[0]
