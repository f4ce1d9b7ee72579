"""Local stand-ins for the outside world, shared by the tests and the benchmark scripts.

A mock Slack Web API over HTTP (``slack_api``), signed Slack requests and a served Bolt app
(``slack_requests``), a Socket Mode endpoint (``socket_mode_server``), an OpenAI-compatible endpoint
(``openai_server``), an in-memory profile store (``memory_store``) and hand-made profiles
(``profiles``). The real clients (slack-bolt, slack-sdk, openai) talk to them over local HTTP or
WebSocket; nothing here reaches the network. Production code never imports this package (the
import-layer contract in pyproject.toml enforces it).
"""
