"""Slack Web API clients, pointed at SLACK_API_URL, retrying on rate limits and connection errors, each
speaking with the bot token of its workspace."""
import json
import sys
from functools import lru_cache

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot import metrics
from bot.runtime import get_redis
from config.settings import get_settings
from handlers.slack.installations import Installations


class CountApiErrors(RetryHandler):
    """Counts every Web API answer that is an error, then leaves retrying to the handlers after it."""

    def __init__(self):
        super().__init__(max_retry_count=sys.maxsize)

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        method = request.url.rsplit("/", 1)[-1].split("?")[0]
        if response is None:
            metrics.SLACK_API_ERRORS.labels(method, "connection").inc()
            return False
        body = response.body
        if body is None:
            try:
                body = json.loads(response.data or b"{}")
            except ValueError:
                body = {}
        if response.status_code >= 400 or body.get("ok") is False:
            metrics.SLACK_API_ERRORS.labels(method, body.get("error") or f"http_{response.status_code}").inc()
        return False


def new_client(token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=get_settings().slack_api_url,
                     retry_handlers=[CountApiErrors(), ConnectionErrorRetryHandler(max_retry_count=2),
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
