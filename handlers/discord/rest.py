"""Discord's REST API for the queued jobs, which run in worker processes away from the Gateway: discord.py's own
HTTP client pointed at DISCORD_API_URL, so Discord's rate limits (429 with retry_after) are waited out by the
library, and a request it retries is still one message."""
import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import discord
import yarl
from discord.http import HTTPClient, Route, handle_message_parameters

from bot import metrics
from config.settings import Settings
from handlers.discord.embeds import NO_PINGS

THREAD_ALREADY_EXISTS = 160004  # Discord's error code: a message starts at most one thread
THREAD_ARCHIVE_MINUTES = 1440


def use_api_url(url: str) -> None:
    """Every REST call discord.py makes in this process (ours, the Gateway client's, interaction responses)
    goes to `url`, which includes the API version."""
    Route.BASE = url.rstrip("/")


def route_of(method: str, url: yarl.URL) -> str:
    """`POST /channels/{id}/messages`: a request's route without the API base, ids or interaction tokens."""
    path = re.sub(r"^.*?/v\d+(?=/)", "", url.path)
    path = re.sub(r"/\d+(?=/|$)", "/{id}", path)
    return f"{method} " + re.sub(r"(/(?:webhooks|interactions)/\{id\})/[^/]+", r"\1/{token}", path)


def count_api_errors() -> aiohttp.TraceConfig:
    """For a client's session: counts every Discord API answer that is an error (a 429 that discord.py then
    waits out among them) and every request that found no server."""
    async def answered(session, context, params: aiohttp.TraceRequestEndParams) -> None:
        if params.response.status >= 400:
            metrics.DISCORD_API_ERRORS.labels(route_of(params.method, params.url), str(params.response.status)).inc()

    async def unanswered(session, context, params: aiohttp.TraceRequestExceptionParams) -> None:
        metrics.DISCORD_API_ERRORS.labels(route_of(params.method, params.url), "connection").inc()

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(answered)
    trace.on_request_exception.append(unanswered)
    return trace


@asynccontextmanager
async def rest_client(settings: Settings) -> AsyncIterator[HTTPClient]:
    use_api_url(settings.discord_api_url)
    http = HTTPClient(asyncio.get_running_loop(), http_trace=count_api_errors())
    try:
        await http.static_login(settings.discord_bot_token)
        yield http
    finally:
        await http.close()


def _message(content: str | None = None, embeds: list[discord.Embed] | None = None, suppress_embeds: bool = False,
             reply_to: dict | None = None, nonce: str | None = None):
    """A message that pings nobody; `suppress_embeds` keeps Discord from adding preview cards for its links.
    Discord posts a message with an enforced `nonce` once, however often it is sent within minutes."""
    return handle_message_parameters(content=content, embeds=embeds or [], allowed_mentions=NO_PINGS,
                                     mention_author=False if reply_to else None,
                                     message_reference=reply_to or discord.utils.MISSING, nonce=nonce,
                                     flags=discord.MessageFlags(suppress_embeds=suppress_embeds))


async def reply(http: HTTPClient, guild_id: int, channel_id: int, message_id: int, **message) -> dict:
    """A reply to a message (shown with it, without pinging its author)."""
    reference = {"message_id": message_id, "channel_id": channel_id, "guild_id": guild_id,
                 "fail_if_not_exists": False}
    return await http.send_message(channel_id, params=_message(**message, reply_to=reference))


async def send(http: HTTPClient, channel_id: int, **message) -> dict:
    return await http.send_message(channel_id, params=_message(**message))


async def edit(http: HTTPClient, channel_id: int, message_id: int, **message) -> dict:
    """A message of ours, rewritten: its content, embeds and flags replaced."""
    return await http.edit_message(channel_id, message_id, params=_message(**message))


async def thread_from(http: HTTPClient, channel_id: int, message_id: int, name: str) -> int:
    """The thread started from a message: created now, or the one it already has (a thread started from a
    message has the message's id)."""
    try:
        thread = await http.start_thread_with_message(channel_id, message_id, name=name,
                                                      auto_archive_duration=THREAD_ARCHIVE_MINUTES)
        return int(thread["id"])
    except discord.HTTPException as error:
        if error.code != THREAD_ALREADY_EXISTS:
            raise
        return message_id


async def edit_interaction_answer(http: HTTPClient, application_id: int, token: str, **message) -> dict:
    """Fill in the answer to an interaction that was acknowledged with "thinking…"."""
    route = Route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                  webhook_id=application_id, webhook_token=token)
    return await http.request(route, json=_message(**message).payload)
