from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml

from bot.blocks import SUGGESTED_PROMPTS


def load() -> dict[str, Any]:
    manifest: dict[str, Any] = yaml.safe_load(files("bot").joinpath("manifest.yaml").read_text())
    return manifest


def test_manifest_has_everything_scout_listens_to() -> None:
    manifest = load()
    assert manifest["display_information"]["name"] == "Scout"
    features = manifest["features"]
    assert features["bot_user"]["display_name"] == "Scout"
    assert [c["command"] for c in features["slash_commands"]] == ["/scout"]
    assert features["assistant_view"]["suggested_prompts"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    for scope in (
        "app_mentions:read",
        "chat:write",
        "im:history",
        "im:read",
        "im:write",
        "channels:history",
        "groups:history",
        "commands",
        "files:write",
        "assistant:write",
        "channels:read",
    ):
        assert scope in scopes, scope
    settings = manifest["settings"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {
        "app_mention",
        "message.im",
        "message.channels",
        "assistant_thread_started",
        "assistant_thread_context_changed",
    } <= events
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True


def test_manifest_prompts_match_the_ones_the_bot_sets() -> None:
    prompts = load()["features"]["assistant_view"]["suggested_prompts"]
    assert prompts == [dict(p) for p in SUGGESTED_PROMPTS]
    assert load()["features"]["agent_view"]["suggested_prompts"] == prompts


def test_manifest_has_the_agent_view_surface() -> None:
    features = load()["features"]
    assert features["agent_view"]["agent_description"]
    assert features["assistant_view"]["assistant_description"]


def test_suggested_prompts_name_no_creator_the_store_may_not_hold() -> None:
    import re

    for prompt in SUGGESTED_PROMPTS:
        assert not re.search(r"@\w", prompt["message"]), prompt  # a store may hold no such creator
