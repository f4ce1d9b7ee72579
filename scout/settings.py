"""The one settings class: every environment variable Scout reads, with its meaning and default.

Names follow the configuration contract in docs/CONTRACT.md. Secrets are ``SecretStr`` so a settings
object can be logged or printed without leaking a token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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
        if self.chroma_host:
            scheme = "https" if self.chroma_ssl else "http"
            return f"chroma-server:{scheme}://{self.chroma_host}:{self.chroma_port}/{self.collection}"
        return f"chroma-embedded:{self.chroma_path}/{self.collection}"
