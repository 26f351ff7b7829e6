"""The Slack Web API client, pointed at SLACK_API_URL, retrying on rate limits and connection errors."""
from functools import lru_cache

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from config.settings import get_settings


@lru_cache
def web_client() -> WebClient:
    settings = get_settings()
    return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url,
                     retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2),
                                     RateLimitErrorRetryHandler(max_retry_count=3)])
