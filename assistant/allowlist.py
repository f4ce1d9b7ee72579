"""What a sentence of LLM prose may be made of: the allow-list behind ``assistant.grounding``.

A block-list names what an attacker might write and loses to the next paraphrase. Here a sentence
passes only if every part of it is accounted for:

- every word is everyday English (the whole-word entries of the shipped MiniLM vocabulary, with
  common inflections) or a word of the trusted facts (the question, the brief, the picks' handles,
  names, platforms and rule reasons); so an invented creator ("evilrecruiter") cannot appear, with
  or without an ``@``, and handle-shaped tokens ("evil_recruiter", "acct2") must be a pick's handle;
- it holds no URL, bare domain or email address that the facts do not hold;
- it asks for no credentials, payment or personal data, and claims no authority (those words are
  everyday English, so they are refused by name: the only block-list, and a short one);
- numbers written as words ("five million") are claims like digits (see :func:`word_numbers`).

Bios and captions are untrusted and never widen the allow-list.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Final

_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Handle-shaped: letters with "_" or "." or digits inside ("evil_recruiter", "j.doe", "acct2").
_HANDLE_SHAPED: Final = re.compile(r"(?<![\w@.])(?=[\w.]*[A-Za-z])[A-Za-z0-9]+(?:[_.][A-Za-z0-9]+)+(?![\w@])")
_DIGIT_WORD: Final = re.compile(r"(?<![\w@$#.,])(?=\w*[A-Za-z])(?=\w*\d)[A-Za-z0-9]{3,}(?![\w])")
# Numbers with a unit or an ordinal ("61k", "2.5M", "3rd", "1.8x", "2020s") are claims, not names.
_NUMBERISH: Final = re.compile(r"\d+(?:[.,]\d+)?(?:st|nd|rd|th|k|m|b|bn|mn|x|s)?", re.IGNORECASE)
_EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN: Final = re.compile(
    r"(?<![\w@/.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d+)?(?:/[^\s]*)?",
    re.IGNORECASE,
)
_IP_ADDRESS: Final = re.compile(
    r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:/\S*)?|\blocalhost\b", re.IGNORECASE
)
_URL_SCHEME: Final = re.compile(r"\b(?:https?|ftp|mailto|slack|file|data|javascript):\S*", re.IGNORECASE)
_SUFFIXES: Final = (
    "s", "es", "ed", "d", "ing", "ly", "ally", "er", "ers", "est", "ness", "ment", "ments", "ity", "ies",
    "ied", "ier", "iest", "ily", "ful", "less", "able", "ive", "ion", "ions", "ation", "ations",
)  # fmt: skip
_PREFIXES: Final = ("out", "over", "under", "re", "un", "co", "non", "pre", "sub", "super", "multi", "micro")

# Requests for secrets, money or personal data, and claims of authority: each of these words is
# ordinary English, which is why they are named here rather than left to the vocabulary check.
SENSITIVE: Final = re.compile(
    r"\b(?:"
    r"card\s*(?:number|details|no)|credit\s*card|debit\s*card|cvv|cvc|security\s*code|pin\s*code|"
    r"passwords?|passcodes?|pass\s*phrase|credentials?|log\s*-?\s*in|login|sign\s*-?\s*in|2fa|otp|"
    r"one[-\s]time\s*code|verification\s*code|api\s*keys?|tokens?|secrets?|signing|xox[a-z]|sk-|"
    r"[A-Z]+_(?:TOKEN|KEY|SECRET)|bank|iban|swift|routing|account\s*number|sort\s*code|wire|wiring|"
    r"transfer|remit|payments?|pay\s+(?:us|me|now|the|a|your)|send\s+(?:money|funds|the\s+budget)|"
    r"invoice|deposit|refund|gift\s*cards?|bitcoin|crypto|wallet|venmo|paypal|zelle|cash\s*app|"
    r"ssn|social\s*security|passport|date\s*of\s*birth|home\s*address|phone\s*number|"
    r"personal\s*(?:data|details|information)|"
    r"system\s*(?:notice|message|alert|prompt)|admin(?:istrator)?s?|official\s*(?:notice|message)|"
    r"security\s*(?:team|notice|alert)|it\s*department|compliance|moderators?|"
    r"(?:slack|scout|openai)\s*(?:team|staff|support|security|admin)|on\s*behalf\s*of|authori[sz]ed|"
    r"mandatory|required\s*action|action\s*required|urgent(?:ly)?|immediately|suspended|verify\s*your|"
    r"ignore\s*(?:all|previous|the)|instructions?|developer\s*mode|jailbreak"
    r")\b",
    re.IGNORECASE,
)

_UNITS: Final = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
    "dozen": 12, "half": 0.5,
}  # fmt: skip
_SCALES: Final = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS: Final = re.compile(
    r"\b(?:(?:" + "|".join(sorted(set(_UNITS) | set(_SCALES), key=len, reverse=True)) + r")(?:[\s-]+|\b))+",
    re.IGNORECASE,
)


@cache
def everyday_words() -> frozenset[str]:
    """The shipped word list (assistant/data/words.txt), lower case."""
    text = resources.files("assistant").joinpath("data/words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def words_of(text: str) -> set[str]:
    """The lower-case words of ``text`` (for building the facts' vocabulary)."""
    return {word.casefold().replace("’", "'") for word in _WORD.findall(text)}


def _known(word: str, extra: frozenset[str] | set[str]) -> bool:
    vocabulary = everyday_words()
    base = word.split("'", 1)[0]
    if len(base) <= 2 or base in vocabulary or base in extra:
        return True
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            stem = base[: -len(suffix)]
            if stem in vocabulary or stem + "e" in vocabulary or stem in extra:
                return True
    return any(
        base.startswith(prefix) and len(base) - len(prefix) >= 4 and _known(base[len(prefix) :], extra)
        for prefix in _PREFIXES
    )


def unknown_words(sentence: str, allowed: set[str]) -> list[str]:
    """Words of ``sentence`` that are neither everyday English nor words of the facts."""
    return [word for word in words_of(sentence) if not _known(word, allowed)]


def foreign_identifiers(sentence: str, handles: set[str]) -> list[str]:
    """Handle-shaped tokens ("evil_recruiter", "acct2") that are not a pick's handle."""
    found = [m.group() for m in _HANDLE_SHAPED.finditer(sentence)] + [
        m.group() for m in _DIGIT_WORD.finditer(sentence)
    ]
    return [
        token
        for token in found
        if token.lower().rstrip(".") not in handles and not _NUMBERISH.fullmatch(token)
    ]


def addresses(sentence: str) -> list[str]:
    """URLs, bare domains ("evil-example.com/login"), IP addresses and email addresses in ``sentence``."""
    found = [m.group() for m in _URL_SCHEME.finditer(sentence)]
    found += [m.group() for m in _EMAIL.finditer(sentence)]
    rest = _EMAIL.sub(" ", _URL_SCHEME.sub(" ", sentence))
    found += [m.group() for m in _DOMAIN.finditer(rest)]
    found += [m.group() for m in _IP_ADDRESS.finditer(rest)]
    return found


def word_numbers(sentence: str) -> list[float]:
    """Numbers written in words: "five million" -> 5e6, "twenty-three thousand" -> 23e3, "a dozen" -> 12.

    A lone "a", "an" or "half" is not a number ("a creator"); they count only before a scale word.
    """
    values: list[float] = []
    for match in _NUMBER_WORDS.finditer(sentence):
        parts = [part.lower() for part in re.split(r"[\s-]+", match.group().strip()) if part]
        if not parts or all(part in ("a", "an", "half") for part in parts):
            continue
        total = current = 0.0
        seen = False
        for part in parts:
            if part in _SCALES:
                current = (current or 1) * _SCALES[part]
                if _SCALES[part] >= 1_000:
                    total, current = total + current, 0.0
                seen = True
            elif part in ("a", "an"):
                current = current or 1
            else:
                current += _UNITS[part]
                seen = True
        if seen:
            values.append(total + current)
    return values
