"""A question about named creators: one in depth (every rule, a verdict, alternatives), or several compared."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Answer, AnswerKind, Recommendation, ThreadState
from assistant.composer import compose_profile
from assistant.presentation import default_window
from assistant.presenters import human_count
from assistant.usecases.alternatives import alternatives, number_alternatives
from assistant.usecases.compare import compare_view
from assistant.usecases.context import ServiceContext, ServiceReply
from assistant.usecases.help import not_held
from assistant.usecases.lookup import prefer_platform, rank_in_thread
from assistant.usecases.polish import finish
from matching.brief import Brief
from matching.candidates import ScoredCandidate
from matching.profile import Profile


def named(
    ctx: ServiceContext,
    brief: Brief,
    handles: Sequence[str],
    *,
    prose: bool,
    ids: Sequence[str] = (),
    state: ThreadState | None = None,
    compare: bool = False,
) -> ServiceReply:
    """One named creator (facts, every rule's verdict, red flags, better alternatives) or several compared.

    The brief is the question's own ("is @x a fit for a vegan bakery?") or the thread's. A size the
    user never named (the micro default) is not held against a creator outside it.
    """
    profiles: list[Profile] = list(ctx.store_call(lambda: ctx.store.get(list(ids)))) if ids else []
    missing: list[str] = []
    notes: list[str] = []
    for h in handles:
        found = ctx.store_call(lambda h=h: ctx.store.find_handle(h))  # type: ignore[misc]
        if not found:
            missing.append(h)
            continue
        chosen = prefer_platform(found, brief)
        profiles.append(chosen)
        others = sorted((p for p in found if p.id != chosen.id), key=lambda p: p.id)
        if others:
            where = ", ".join(f"{p.platform} ({human_count(p.followers)} followers)" for p in others)
            notes.append(f"@{chosen.handle} is also on {where}; showing {chosen.platform}.")
    profiles = list({p.id: p for p in profiles}.values())
    if not profiles:
        return ServiceReply(answer=not_held(ctx, brief.question, missing, None), state=state)
    judged = [(p, judging_brief(p, brief)) for p in profiles]
    scored = [ctx.score(p, b) for p, b in judged]
    notes.extend(
        f"You named no size, so @{p.handle}'s {p.tier} size ({human_count(p.followers)} followers) is"
        f" not held against them (my list default is micro, {default_window()})."
        for p, b in judged
        if b is not brief
    )
    rows: list[Recommendation]
    kind: AnswerKind
    if compare or len(scored) > 1:
        rows, text = compare_view(scored, state)
        kind = "compare"
    else:
        rows, text = _profile_view(ctx, scored[0], judged[0][1], brief, state)
        kind = "profile"
    if notes:
        text += "\n" + "\n".join(notes)
    if missing:
        text += "\n" + not_held(ctx, brief.question, missing, None).answer
    answer = Answer(kind=kind, question=brief.question, brief=brief, recommendations=rows, answer=text)
    new_state = state or ThreadState(brief=brief, ranked_ids=[p.id for p in profiles], shown=len(profiles))
    return finish(ctx, ServiceReply(answer=answer, state=new_state), prose=prose)


def _profile_view(
    ctx: ServiceContext, target: ScoredCandidate, target_brief: Brief, brief: Brief, state: ThreadState | None
) -> tuple[list[Recommendation], str]:
    """One creator's row with a reason for every rule, a verdict, and better alternatives after it."""
    row = rank_in_thread(target, 1, state)
    # A reason for every rule, the ones that say most about this creator first.
    top = target.top_reasons(len(target.results))
    ordered = sorted(
        target.results,
        key=lambda r: top.index(r.reason) if r.reason in top else len(top) + (0 if r.caveat else 1),
    )
    row.reasons = [f"{r.rule}: {r.reason}" for r in ordered]
    others = number_alternatives(alternatives(ctx, target, target_brief), row.rank, state)
    text = compose_profile(row, brief=target_brief, alternatives=others)
    verdict = verdict_line(target, target_brief)
    if verdict:
        text = f"{verdict}\n{text}"
    if not others:
        text += "\nNo similar creator I hold scores higher for this brief without red flags."
    return [row, *others], text


def judging_brief(profile: Profile, brief: Brief) -> Brief:
    """The brief to judge a named creator by: without the default micro window when they are outside it."""
    if not brief.size_defaulted:
        return brief
    lo, hi = brief.min_followers, brief.max_followers
    if (lo is None or profile.followers >= lo) and (hi is None or profile.followers <= hi):
        return brief
    return brief.model_copy(update={"min_followers": None, "max_followers": None})


def verdict_line(target: ScoredCandidate, brief: Brief) -> str | None:
    """A one-line answer to "is @x a fit for <brand>?" (None when the brief names no subject)."""
    subject = brief.brand or ", ".join(brief.topics)
    if not subject:
        return None
    relevance = target.result("relevance")
    caveats = target.caveats()
    handle = f"@{target.profile.handle}"
    if relevance is not None and relevance.score < 0.4:
        return f"Verdict: a weak fit for {subject}. {relevance.reason}."
    if caveats:
        return f"Verdict: {handle} could fit {subject}, but check first: {caveats[0]}."
    if target.score >= 0.7 and (relevance is None or relevance.score >= 0.5):
        return f"Verdict: a good fit for {subject} (fit score {target.score:.2f}, no red flags)."
    return f"Verdict: a partial fit for {subject} (fit score {target.score:.2f}); see the rules below."
