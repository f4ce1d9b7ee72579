"""Slack listeners, one module per feature (as in Slack's Bolt samples), each with ``register(app)``.

They parse the request, call the service, render blocks and post; no business logic here.

Every entry point acks at once (Bolt lazy listeners: the ``ack`` function only acknowledges, the
``lazy`` function runs in a worker thread after the HTTP response went back), then:

1. calls ``service.ask(..., prose=False)`` and delivers the ranked list at once (``bot/delivery.py``:
   streamed into threads, posted whole at the top level), so the first notification names the count
   and the first pick; the message carries its own state in metadata (``bot/state.py``),
2. calls ``service.polish`` and updates the message when the LLM prose differs. Polishing runs on its
   own thread pool so a slow LLM never holds back other answers.

Entry points: ``app_mention`` (answer in a thread under the mention), ``message`` (a top-level DM ->
answered at the top level of the DM, following up on the DM's latest answer; a reply in a thread where
Scout has saved state -> follow-up; everything else ignored), ``/scout`` (answer posted top-level in
the channel, starting "<@user> asked: …"; falls back to ``response_url`` when Scout is not in the
channel), button clicks (each acts on the state of the message it sits on), the feedback modal, and
the AI-assistant / agent container (``slack_bolt.Assistant``). Events written by any bot are ignored.
"""

from __future__ import annotations

from slack_bolt import App

from assistant.feedback import FeedbackLog
from bot.config import SlackConfig
from bot.dedupe import Deduper
from bot.listeners import actions, assistant_panel, commands, events
from bot.listeners.core import POLISH_THREADS
from bot.service_port import ScoutService
from bot.state import ThreadStateStore

__all__ = ["POLISH_THREADS", "ScoutListeners", "register"]


class ScoutListeners(
    events.EventListeners,
    commands.CommandListeners,
    actions.ActionListeners,
    assistant_panel.AssistantListeners,
):
    """Every handler, sharing one ``ListenerCore`` (service, config, thread state, dedupe guards)."""


def register(
    app: App,
    service: ScoutService,
    config: SlackConfig,
    *,
    store: ThreadStateStore | None = None,
    deduper: Deduper | None = None,
    feedback: FeedbackLog | None = None,
) -> ScoutListeners:
    """Attach Scout's listeners to ``app`` (ack at once, work in lazy listeners).

    Args:
        app: The Bolt app.
        service: The application service.
        config: Credentials and channel rules.
        store: Thread state store (a fresh one by default).
        deduper: Duplicate-delivery guards (a fresh one by default).
        feedback: Where feedback is kept (default: the service's ``feedback``, if it has one).

    Returns:
        The listeners object (tests use its store and deduper).

    """
    listeners = ScoutListeners(service, config, store=store, deduper=deduper, feedback=feedback)
    app.middleware(listeners.deduper.middleware())
    for feature in (assistant_panel, events, commands, actions):
        feature.register(app, listeners)
    return listeners
