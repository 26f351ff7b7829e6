"""Slack Web API clients, pointed at SLACK_API_URL, retrying on rate limits and connection errors, each
speaking with the bot token of its workspace."""
from functools import lru_cache

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.runtime import get_redis
from config.settings import get_settings
from handlers.slack.installations import Installations


def new_client(token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=get_settings().slack_api_url,
                     retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2),
                                     RateLimitErrorRetryHandler(max_retry_count=3)])


@lru_cache
def web_client() -> WebClient:
    """The app's client: with SLACK_BOT_TOKEN, that token; with OAuth, none (each request brings its own)."""
    return new_client(get_settings().slack_bot_token or None)


@lru_cache
def installations() -> Installations | None:
    """The workspaces that installed QuoteBot through OAuth; None when it serves one workspace by token."""
    settings = get_settings()
    if not settings.oauth_enabled:
        return None
    return Installations(get_redis(), web_client(), settings.slack_client_id, settings.slack_client_secret)


def workspace_client(team_id: str) -> WebClient | None:
    """A client speaking as QuoteBot in this workspace; None when QuoteBot is not installed there."""
    found = installations()
    if found is None:
        return web_client()
    token = found.bot_token(team_id)
    return new_client(token) if token else None
