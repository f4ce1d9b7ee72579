"""The one settings class: every environment variable Scout reads, with its meaning and default.

Names follow the configuration contract in docs/CONTRACT.md. Secrets are ``SecretStr`` so a settings
object can be logged or printed without leaking a token. Only the composition root (``scout/``) reads
it; each layer below gets plain values from the ``*_config`` methods (imported when called, so this
module stays light).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from assistant.llm.openai_model import OpenAIConfig
    from bot.config import SlackConfig
    from retrieval.connection import ChromaConnection
    from retrieval.embeddings import EmbeddingChoice


class Settings(BaseSettings):
    """Scout's configuration, read from the environment or a ``.env`` file."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # Store
    chroma_path: Path = Field(
        Path(".scout/chroma"), validation_alias="CHROMA_PATH", description="Folder of the embedded store."
    )
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST", description="Chroma server host.")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT", description="Chroma server port.")
    chroma_ssl: bool = Field(False, validation_alias="CHROMA_SSL", description="Use HTTPS to the server.")
    chroma_api_key: SecretStr | None = Field(
        None, validation_alias="CHROMA_API_KEY", description="Token for Chroma Cloud or an auth proxy."
    )
    collection: str = Field(
        "influencers", validation_alias=AliasChoices("SCOUT_COLLECTION"), description="Collection name."
    )
    embeddings: Literal["local", "openai"] = Field(
        "local",
        validation_alias="SCOUT_EMBEDDINGS",
        description="local = bundled MiniLM int8 ONNX (offline); openai = OpenAI embeddings API.",
    )
    openai_embedding_model: str = Field(
        "text-embedding-3-small", validation_alias="OPENAI_EMBEDDING_MODEL", description="Embedding model."
    )

    shards: str = Field(
        "",
        validation_alias="SCOUT_SHARDS",
        description=(
            "Comma-separated platforms that get a collection each (SCOUT_COLLECTION-<platform>, plus "
            "SCOUT_COLLECTION-other for the rest); empty = one collection."
        ),
    )

    # LLM
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    openai_model: str = Field("gpt-4o-mini", validation_alias="OPENAI_MODEL")
    llm_timeout_s: float = Field(
        8.0, validation_alias="SCOUT_LLM_TIMEOUT", description="Seconds before one LLM call is abandoned."
    )
    llm_max_retries: int = Field(
        1, validation_alias="SCOUT_LLM_MAX_RETRIES", description="Retries for 429/5xx, with backoff."
    )

    # Slack
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(None, validation_alias="SLACK_API_URL")
    allowed_channels: str = Field(
        "", validation_alias="SCOUT_ALLOWED_CHANNELS", description="Comma-separated channel IDs; empty = all."
    )
    allow_external: bool = Field(False, validation_alias="SCOUT_ALLOW_EXTERNAL")
    port: int = Field(3000, validation_alias="PORT")

    log_level: str = Field("INFO", validation_alias="SCOUT_LOG_LEVEL")
    taxonomy: Path | None = Field(
        None,
        validation_alias="SCOUT_TAXONOMY",
        description="A team's taxonomy file (JSON) extending the bundled niches, labels, values and safety terms.",
    )
    domain: Path | None = Field(
        None,
        validation_alias="SCOUT_DOMAIN",
        description=(
            "A team's domain file (JSON) laid over matching/data/domain.json: tiers, platforms, "
            "benchmarks, costs, reach, currencies, rule thresholds and weights."
        ),
    )

    @field_validator("chroma_host", "openai_base_url", "slack_api_url", "taxonomy", "domain", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An empty line in .env (`CHROMA_HOST=`) means "unset", not "the host named ''".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator(
        "openai_api_key", "slack_bot_token", "slack_app_token", "slack_signing_secret", mode="before"
    )
    @classmethod
    def _blank_secret_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("collection")
    @classmethod
    def _chroma_collection_name(cls, value: str) -> str:
        from retrieval.names import collection_name_problem

        problem = collection_name_problem(value)
        if problem is not None:
            # The name is the user's own setting, shown shortened and as a repr (no control codes).
            raise ValueError(f"SCOUT_COLLECTION {value[:80]!r} {problem}")
        return value

    @property
    def allowed_channel_ids(self) -> frozenset[str]:
        """The channel allow-list as a set; empty means every channel."""
        return frozenset(c.strip() for c in self.allowed_channels.split(",") if c.strip())

    @property
    def shard_platforms(self) -> tuple[str, ...]:
        """The platforms with a shard of their own; empty means no sharding."""
        return tuple(p.strip().lower() for p in self.shards.split(",") if p.strip())

    @property
    def llm_enabled(self) -> bool:
        """True when an OpenAI-compatible key is configured."""
        return self.openai_api_key is not None

    @property
    def store_label(self) -> str:
        """Where the profiles live, for `scout stats` and logs (never includes a secret)."""
        return self.chroma_connection().label

    def chroma_connection(self) -> ChromaConnection:
        """The configured collection, embedded at CHROMA_PATH or on the server at CHROMA_HOST."""
        from retrieval.connection import ChromaConnection

        return ChromaConnection(
            path=self.chroma_path,
            host=self.chroma_host,
            port=self.chroma_port,
            ssl=self.chroma_ssl,
            api_key=self.chroma_api_key,
            collection=self.collection,
        )

    def embedding_choice(self) -> EmbeddingChoice:
        """SCOUT_EMBEDDINGS and, for OpenAI embeddings, the model, key and endpoint."""
        from retrieval.embeddings import EmbeddingChoice

        return EmbeddingChoice(
            kind=self.embeddings,
            openai_model=self.openai_embedding_model,
            api_key=self.openai_api_key,
            base_url=self.openai_base_url,
        )

    def openai_config(self) -> OpenAIConfig:
        """The chat model: OPENAI_* and SCOUT_LLM_* (no key means the offline model)."""
        from assistant.llm.openai_model import OpenAIConfig

        return OpenAIConfig(
            model=self.openai_model,
            api_key=self.openai_api_key,
            base_url=self.openai_base_url,
            timeout_s=self.llm_timeout_s,
            max_retries=self.llm_max_retries,
        )

    def slack_config(self) -> SlackConfig:
        """The Slack credentials, SLACK_API_URL and the channel rules."""
        from bot.config import SlackConfig

        return SlackConfig(
            slack_bot_token=self.slack_bot_token,
            slack_app_token=self.slack_app_token,
            slack_signing_secret=self.slack_signing_secret,
            slack_api_url=self.slack_api_url,
            allowed_channel_ids=self.allowed_channel_ids,
            allow_external=self.allow_external,
        )
