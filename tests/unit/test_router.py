from __future__ import annotations

import pytest

from assistant.router import INTENTS, FollowUp, find_handles, find_ranks, route_offline, route_offline_scored

# (message, intent, ranks, handles) with a list already in the thread.
CASES: list[tuple[str, str, list[int], list[str]]] = [
    # details
    ("#2", "details", [2], []),
    ("tell me more about #3", "details", [3], []),
    ("the first one", "details", [1], []),
    ("number 3 please", "details", [3], []),
    ("what about the 2nd?", "details", [2], []),
    ("@Sam_Climbs?", "details", [], ["sam_climbs"]),
    ("details on @ana.bakes", "details", [], ["ana.bakes"]),
    ("who is the third one", "details", [3], []),
    # compare
    ("compare #1 and #3", "compare", [1, 3], []),
    ("compare 1 and 3", "compare", [1, 3], []),
    ("@alex vs @bea", "compare", [], ["alex", "bea"]),
    ("which is better, 2 or 4?", "compare", [2, 4], []),
    ("compare the first and the third", "compare", [1, 3], []),
    ("#1 versus #5", "compare", [1, 5], []),
    # refine
    ("TikTok instead", "refine", [], []),
    ("only UK", "refine", [], []),
    ("under 30k", "refine", [], []),
    ("more sustainable ones", "refine", [], []),
    ("in Germany instead", "refine", [], []),
    ("only female audience", "refine", [], []),
    ("between 10k and 50k", "refine", [], []),
    ("show me YouTube creators instead", "refine", [], []),
    # lookalikes
    ("more like #2", "lookalikes", [2], []),
    ("find others like @sam", "lookalikes", [], ["sam"]),
    ("similar to the first one", "lookalikes", [1], []),
    ("lookalikes of number 4", "lookalikes", [4], []),
    ("creators like 2", "lookalikes", [2], []),
    # why_not
    ("why not @x?", "why_not", [], ["x"]),
    ("why isn't @bigname on the list", "why_not", [], ["bigname"]),
    ("why didn't you include @ana", "why_not", [], ["ana"]),
    ("what happened to @old_pick", "why_not", [], ["old_pick"]),
    # more
    ("show more", "more", [], []),
    ("next 5", "more", [], []),
    ("give me 5 more", "more", [], []),
    ("more please", "more", [], []),
    ("next", "more", [], []),
    ("who else?", "more", [], []),
    # export
    ("export the list", "export", [], []),
    ("csv", "export", [], []),
    ("can I download this as a spreadsheet?", "export", [], []),
    ("export the shortlist", "export", [], []),
    # shortlist
    ("add #2 to the shortlist", "shortlist", [2], []),
    ("shortlist @x", "shortlist", [], ["x"]),
    ("short-list the first one", "shortlist", [1], []),
    ("add 1 and 3 to my shortlist", "shortlist", [1, 3], []),
    # plan
    ("plan a campaign with $5k", "plan", [], []),
    ("how would you split a budget of 3000 dollars?", "plan", [], []),
    ("make a campaign plan for these", "plan", [], []),
    # help
    ("help", "help", [], []),
    ("what can you do?", "help", [], []),
    ("how does this work", "help", [], []),
    ("", "help", [], []),
    # new question
    ("find me 5 vegan baking creators on TikTok in the UK", "new_question", [], []),
    ("I need micro-influencers for a coffee brand in Italy", "new_question", [], []),
    ("help me find running creators", "new_question", [], []),
    # off topic
    ("what's the weather", "off_topic", [], []),
    ("tell me a joke", "off_topic", [], []),
    ("thanks!", "off_topic", [], []),
    ("what's the bitcoin price today", "off_topic", [], []),
]


@pytest.mark.parametrize(
    ("text", "intent", "ranks", "handles"), CASES, ids=[c[0] or "<empty>" for c in CASES]
)
def test_routes_with_a_list(text: str, intent: str, ranks: list[int], handles: list[str]) -> None:
    result = route_offline(text, has_list=True)
    assert isinstance(result, FollowUp)
    assert (result.intent, result.ranks, result.handles) == (intent, ranks, handles)
    assert result.text == text


def test_every_intent_is_covered() -> None:
    assert {c[1] for c in CASES} == set(INTENTS)


@pytest.mark.parametrize(
    "text",
    ["#2", "TikTok instead", "compare 1 and 3", "show more", "export the list", "plan a campaign with $5k"],
)
def test_without_a_list_everything_is_a_new_question(text: str) -> None:
    assert route_offline(text, has_list=False).intent == "new_question"


@pytest.mark.parametrize(
    ("text", "intent"), [("help", "help"), ("what's the weather in Paris?", "off_topic")]
)
def test_without_a_list_help_and_off_topic_still_route(text: str, intent: str) -> None:
    assert route_offline(text, has_list=False).intent == intent


def test_sure_and_unsure_routes() -> None:
    assert route_offline_scored("#2", has_list=True)[1] is True
    assert route_offline_scored("TikTok instead", has_list=True)[1] is True
    assert route_offline_scored("hmm, not sure about these", has_list=True)[1] is False


@pytest.mark.parametrize(
    ("text", "ranks"),
    [
        ("#1, #2 and #10", [1, 2, 10]),
        ("the second one", [2]),
        ("3rd and 1st", [3, 1]),
        ("number 7", [7]),
        ("under 30k followers", []),
        ("#99", []),
    ],
)
def test_find_ranks(text: str, ranks: list[int]) -> None:
    assert find_ranks(text) == ranks


def test_find_handles_ignores_emails_and_mass_pings() -> None:
    text = "mail me@example.com about @Sam_Climbs, @ana.bakes. and @here ＠wide"
    assert find_handles(text) == ["sam_climbs", "ana.bakes", "wide"]


def test_unicode_tricks_do_not_hide_references() -> None:
    assert route_offline("compare #\u200b1 and #3", has_list=True).intent == "compare"
    assert route_offline("ｅｘｐｏｒｔ the list", has_list=True).intent == "export"
