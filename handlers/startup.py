"""What keeps `quotebot serve` or `quotebot discord` from starting, said in one line: what is wrong and what
to set."""
import asyncio
import logging
from collections.abc import Collection

import redis
from redis.exceptions import RedisClusterException
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from config.settings import Settings


# Client errors during the checks are told by the StartupError alone.
QUIET = logging.getLogger(__name__ + ".checks")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False


class StartupError(Exception):
    """Settings, or the services they point at, that cannot work; the message is all the operator needs."""


def check_serve(settings: Settings, front_ends: Collection[str]) -> None:
    """The store, and the credentials of each front end about to run ("slack", "discord")."""
    check_redis(settings)
    if "slack" in front_ends:
        check_slack(settings)
    if "discord" in front_ends:
        check_discord(settings)


def check_redis(settings: Settings) -> None:
    from bot.runtime import get_queue_redis, get_redis

    try:
        get_queue_redis().ping()
    except (redis.RedisError, ValueError, OSError) as error:
        where = f"REDIS_URL={settings.redis_url}" if settings.redis_url else f"embedded, under {settings.data_dir}"
        raise StartupError(f"Can't reach Redis ({where}): {error}. Set REDIS_URL to a running Redis server "
                           "(redis://host:6379/0), or leave it empty to start the embedded one.") from None
    if settings.redis_cluster_url:
        try:
            get_redis().ping()
        except (redis.RedisError, RedisClusterException, ValueError, OSError) as error:
            raise StartupError(f"Can't reach the Redis Cluster (QUOTEBOT_REDIS_CLUSTER_URL="
                               f"{settings.redis_cluster_url}): {error}. Point it at any node of a running cluster "
                               "(redis://host:7000), or leave it empty to keep everything on REDIS_URL.") from None


def check_slack(settings: Settings) -> None:
    if not settings.slack_bot_token and not settings.oauth_enabled:
        raise StartupError("No Slack credentials: set SLACK_BOT_TOKEN (xoxb-…) to serve one workspace, or "
                           "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to let any workspace install QuoteBot.")
    if not settings.slack_signing_secret and not settings.slack_app_token:
        raise StartupError("SLACK_SIGNING_SECRET is not set: copy it from your Slack app's Basic Information "
                           "page (or set SLACK_APP_TOKEN to use Socket Mode).")
    if settings.slack_bot_token:
        _verify(settings, lambda client: client.auth_test(token=settings.slack_bot_token), "SLACK_BOT_TOKEN",
                "the bot token (xoxb-…) on your Slack app's OAuth & Permissions page")
    if settings.slack_app_token:
        _verify(settings, lambda client: client.apps_connections_open(app_token=settings.slack_app_token),
                "SLACK_APP_TOKEN", "an app-level token (xapp-…) with connections:write, from your Slack app's "
                "Basic Information page")


def check_discord(settings: Settings) -> None:
    import aiohttp
    import discord

    from handlers.discord.rest import rest_client

    if not settings.discord_bot_token:
        raise StartupError("DISCORD_BOT_TOKEN is not set: copy the token from your Discord application's Bot page "
                           "(Developer Portal).")

    async def log_in() -> None:
        async with rest_client(settings):  # logging in asks Discord who the token belongs to
            pass

    try:
        asyncio.run(log_in())
    except discord.LoginFailure:
        raise StartupError("Discord refused DISCORD_BOT_TOKEN (401 Unauthorized): set it to the token on your "
                           "Discord application's Bot page (Developer Portal).") from None
    except discord.HTTPException as error:
        raise StartupError(f"Discord answered {error.status} at {settings.discord_api_url}: check "
                           "DISCORD_API_URL.") from None
    except (OSError, aiohttp.ClientError) as error:
        raise StartupError(f"Can't reach Discord at {settings.discord_api_url} ({error}): check the network, "
                           "or DISCORD_API_URL.") from None


def _verify(settings: Settings, call, name: str, what: str) -> None:
    try:
        call(WebClient(base_url=settings.slack_api_url, timeout=10, logger=QUIET, retry_handlers=[]))
    except SlackApiError as error:
        raise StartupError(f"Slack refused {name} ({error.response.get('error')}): set it to {what}.") from None
    except OSError as error:
        raise StartupError(f"Can't reach Slack at {settings.slack_api_url} ({getattr(error, 'reason', error)}): "
                           "check the network, or SLACK_API_URL.") from None
