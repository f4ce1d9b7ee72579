"""Turn whatever an LLM call raises into a short, secret-free warning, and bound each call in time."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

T = TypeVar("T")


class LLMFailure(Exception):
    """A classified LLM failure: ``warning`` is safe to show, ``outage`` opens the breaker."""

    def __init__(self, kind: str, warning: str, *, outage: bool) -> None:
        super().__init__(kind)
        self.kind = kind
        self.warning = warning
        self.outage = outage


def classify_failure(exc: BaseException) -> LLMFailure:
    """Turn any exception from the client into a short, secret-free warning."""
    import openai
    from langchain_core import exceptions as lc

    offline = "answered offline"
    if isinstance(exc, TimeoutError | openai.APITimeoutError | lc.ModelTimeoutError):
        return LLMFailure("timeout", f"The language model timed out; {offline}.", outage=True)
    if isinstance(exc, openai.RateLimitError | lc.ModelRateLimitError):
        return LLMFailure("rate_limit", f"The language model is rate-limited; {offline}.", outage=True)
    if isinstance(
        exc, openai.AuthenticationError | openai.PermissionDeniedError | lc.ModelAuthenticationError
    ):
        return LLMFailure("auth", f"The language model rejected the API key; {offline}.", outage=True)
    if isinstance(exc, openai.APIConnectionError | lc.ModelConnectionError | ConnectionError):
        return LLMFailure("connection", f"The language model could not be reached; {offline}.", outage=True)
    if isinstance(exc, openai.InternalServerError | lc.ModelAPIError) or (
        isinstance(exc, openai.APIStatusError) and exc.status_code >= 500
    ):
        return LLMFailure("server", f"The language model returned a server error; {offline}.", outage=True)
    if isinstance(exc, lc.ModelRefusalError | openai.ContentFilterFinishReasonError):
        return LLMFailure("refusal", f"The language model declined to answer; {offline}.", outage=False)
    if isinstance(
        exc,
        ValidationError
        | json.JSONDecodeError
        | lc.OutputParserException
        | openai.LengthFinishReasonError
        | ValueError,
    ):
        return LLMFailure(
            "unreadable", f"The language model's reply was unreadable; {offline}.", outage=False
        )
    return LLMFailure(type(exc).__name__, f"The language model failed; {offline}.", outage=False)


def call_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """Run ``fn`` in a daemon thread; raise TimeoutError if it has not returned in ``seconds``.

    A daemon thread (not an executor) so an abandoned, hung request never delays interpreter exit;
    the client's own timeout ends it soon after.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="scout-llm-call", daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        raise TimeoutError(f"no reply within {seconds:.1f}s")
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
