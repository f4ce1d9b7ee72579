"""The streaming methods of the mock Slack Web API: ``chat.startStream``, ``appendStream``, ``stopStream``.

As Slack documents them (slack_sdk 3.48's ``chat_stream`` drives them): a stream starts in a thread
(a DM, or with ``recipient_user_id`` and ``recipient_team_id``), takes markdown text and task or plan
chunks, and is stopped with the final blocks and metadata. Mixed into ``FakeSlackAPI``.
"""

from __future__ import annotations

import json
import threading
from typing import Any


class StreamingMethods:
    """``chat.*Stream`` over the messages ``FakeSlackAPI`` keeps."""

    MAX_MARKDOWN_TEXT: int
    bot_user_id: str
    bot_id: str
    messages: dict[str, list[dict[str, Any]]]
    _lock: threading.Condition

    def _next_ts(self) -> str:
        raise NotImplementedError

    @staticmethod
    def _chunks(params: dict[str, Any]) -> list[dict[str, Any]]:
        chunks = params.get("chunks") or []
        return json.loads(chunks) if isinstance(chunks, str) else list(chunks)

    def _stream_text(self, params: dict[str, Any]) -> tuple[str, str | None]:
        """The markdown a call adds (its markdown_text and markdown_text chunks), or an error."""
        text = str(params.get("markdown_text") or "")
        for chunk in self._chunks(params):
            if chunk.get("type") == "markdown_text":
                text += str(chunk.get("text", ""))
            elif chunk.get("type") not in ("task_update", "plan_update", "blocks"):
                return "", "invalid_chunks"
        if len(text) > self.MAX_MARKDOWN_TEXT:
            return "", "msg_too_long"
        return text, None

    def _m_chat_startStream(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, thread_ts = params.get("channel"), params.get("thread_ts")
        if not channel or not thread_ts:
            return {"ok": False, "error": "invalid_arguments"}
        if not str(channel).startswith("D") and not (
            params.get("recipient_user_id") and params.get("recipient_team_id")
        ):
            return {"ok": False, "error": "invalid_arguments"}
        text, error = self._stream_text(params)
        if error:
            return {"ok": False, "error": error}
        with self._lock:
            ts = self._next_ts()
            message = {
                "type": "message",
                "ts": ts,
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "text": text,
                "thread_ts": str(thread_ts),
                "blocks": [],
                "streaming": True,
                "chunks": self._chunks(params),
            }
            self.messages.setdefault(str(channel), []).append(message)
        return {"ok": True, "channel": channel, "ts": ts}

    def _streaming_message(self, params: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        channel, ts = str(params.get("channel")), str(params.get("ts"))
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                if not message.get("streaming"):
                    return None, "message_not_in_streaming_state"
                return message, None
        return None, "message_not_found"

    def _m_chat_appendStream(self, params: dict[str, Any]) -> dict[str, Any]:
        text, error = self._stream_text(params)
        if error:
            return {"ok": False, "error": error}
        with self._lock:
            message, error = self._streaming_message(params)
            if message is None:
                return {"ok": False, "error": error}
            message["text"] += text
            message["chunks"] += self._chunks(params)
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}

    def _m_chat_stopStream(self, params: dict[str, Any]) -> dict[str, Any]:
        text, error = self._stream_text(params)
        if error:
            return {"ok": False, "error": error}
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                return {"ok": False, "error": "invalid_metadata_format"}
        with self._lock:
            message, error = self._streaming_message(params)
            if message is None:
                return {"ok": False, "error": error}
            message["text"] += text
            message["chunks"] += self._chunks(params)
            blocks = params.get("blocks")
            message["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks or []
            if metadata:
                message["metadata"] = metadata
            message["streaming"] = False
            final = dict(message)
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "message": final}
