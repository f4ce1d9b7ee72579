"""The application service as the Slack adapter sees it: a Protocol, so tests hand in fakes."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from assistant.answer import ThreadState
from assistant.service import ServiceReply

#: Button actions the service understands (``ScoutService.action``).
ServiceAction = str


__all__ = ["CountsProfiles", "ScoutService", "ServiceAction", "ServiceReply"]


class ScoutService(Protocol):
    """Ask, polish and button actions: all the bot needs from the service."""

    def ask(
        self, text: str, state: ThreadState | None = None, *, k: int | None = None, prose: bool = True
    ) -> ServiceReply:
        """Answer a question or follow-up; ``prose=False`` returns the ranked list fast (offline prose)."""
        ...

    def polish(self, reply: ServiceReply) -> ServiceReply:
        """Add LLM prose to a fast reply; returns the same answer when there is no LLM."""
        ...

    def action(self, action: str, profile_id: str, state: ThreadState | None) -> ServiceReply:
        """Run a button action on the state of the message clicked: more_like, why, shortlist_add, export.

        Feedback clicks never reach the service: ``bot/feedback_flow.py`` records them.
        """
        ...


@runtime_checkable
class CountsProfiles(Protocol):
    """Optional: a service that can say how many profiles it searches (for the placeholder text)."""

    def profile_count(self) -> int | None:
        """How many profiles the store holds, or None when unknown."""
        ...
