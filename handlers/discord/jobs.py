"""Queued work for Discord, run by the ingest workers: answer a link shared in a channel (a reply, or in a thread
started from the message) and tell the followers of the speakers it quotes anew; fill in the answer to "Extract
quotes"; send a follower their news in a direct message; attach an export to the answer that asked for it; post what
watched feeds bring in a channel."""
import asyncio
import hashlib
import io
import logging

import discord

from bot.follow import News
from bot.ingest import IngestResult
from bot.logs import log_context
from bot.lookup import parse_query
from bot.runtime import get_ingestor, get_queue, get_store
from bot.store import Share
from config.settings import get_settings
from handlers import commands, link_answers, news, present
from handlers.discord import embeds, rest
from handlers.link_answers import Reply

log = logging.getLogger(__name__)

THREAD_NAME = 100  # Discord's limit on a thread's name


def answer_link(workspace: str, guild_id: int, channel_id: int, message_id: int, url: str, shared_by: str,
                shared_in: str, in_thread: bool) -> None:
    with log_context(team=workspace, channel=str(channel_id), url=url):
        thread = DiscordThread(guild_id, channel_id, message_id, url, in_thread)
        try:
            reply = link_answers.answer_link(get_ingestor(), workspace, url,
                                             Share(by=shared_by, channel=str(channel_id), link=shared_in), thread,
                                             get_settings().slow_notice_seconds)
        except (discord.Forbidden, discord.NotFound) as error:  # trying again would not change Discord's mind
            log.warning("could not answer message %s in channel %s: %s", message_id, channel_id, error)
            return
        news.pass_on(get_store(), workspace, reply.result, tell_follower)


class DiscordThread:
    """Where a link was shared on Discord: a reply to its message, or a thread started from the message when the
    channel chose threads (a reply where no thread may be started). Posts and edits go through Discord's REST API;
    a posted message's id names its channel too (`channel/message`), as a reply may land in a new thread."""

    markup = embeds.MARKDOWN

    def __init__(self, guild_id: int, channel_id: int, message_id: int, url: str, in_thread: bool):
        self.guild_id, self.channel_id, self.message_id = guild_id, channel_id, message_id
        self.url, self.in_thread = url, in_thread

    def post(self, reply: Reply) -> str:
        return asyncio.run(self._post(reply))

    def edit(self, message_id: str, reply: Reply) -> None:
        channel_id, _, message = message_id.partition("/")
        asyncio.run(self._edit(int(channel_id), int(message), reply))

    async def _post(self, reply: Reply) -> str:
        message = embeds.link_reply(reply)
        # Discord posts a message with this nonce once, however often the job is tried.
        nonce = hashlib.sha1(f"{self.message_id} {self.url} {reply.text}".encode()).hexdigest()[:25]
        async with rest.rest_client(get_settings()) as http:
            if self.in_thread:
                try:
                    thread_id = await rest.thread_from(http, self.channel_id, self.message_id, self._thread_name(reply))
                except discord.HTTPException as error:  # no thread allowed here (permissions, channel type)
                    log.warning("could not start a thread in channel %s (%s); replying instead", self.channel_id,
                                error)
                else:
                    posted = await rest.send(http, thread_id, nonce=nonce, **message)
                    return f"{thread_id}/{posted['id']}"
            posted = await rest.reply(http, self.guild_id, self.channel_id, self.message_id, nonce=nonce, **message)
            return f"{self.channel_id}/{posted['id']}"

    async def _edit(self, channel_id: int, message_id: int, reply: Reply) -> None:
        async with rest.rest_client(get_settings()) as http:
            await rest.edit(http, channel_id, message_id, **embeds.link_reply(reply))

    def _thread_name(self, reply: Reply) -> str:
        article = reply.result.article if reply.result else None
        return embeds.clip((article.title or article.url) if article else self.url, THREAD_NAME)


def answer_extract(workspace: str, application_id: int, token: str, urls: list[str], shared_by: str,
                   shared_in: str) -> None:
    """The quotes in a message's links, as the answer to the interaction that asked for them."""
    with log_context(team=workspace):
        share = Share(by=shared_by, link=shared_in)
        replies = [link_answers.read_link(get_ingestor(), workspace, url, share, embeds.MARKDOWN) for url in urls]
        asyncio.run(_edit_answer(application_id, token, embeds.extract_message(replies)))
        for reply in replies:
            news.pass_on(get_store(), workspace, reply.result, tell_follower)


def tell_follower(workspace: str, user: str, sid: str) -> None:
    """A direct message with the new quotes of a speaker a member follows, now or when their quiet time is up."""
    with log_context(team=workspace):
        news.tell(get_store(), get_queue(), workspace, user, sid, get_settings().follow_quiet_seconds,
                  lambda held: asyncio.run(_send_news(held)), tell_follower)


async def _send_news(held: News) -> None:
    async with rest.rest_client(get_settings()) as http:
        try:
            await rest.direct_message(http, int(held.user), **embeds.news_message(held))
        except (discord.Forbidden, discord.NotFound) as error:  # they left, or take no direct messages
            log.warning("could not tell %s the news: %s", held.user, error)


def answer_export(workspace: str, application_id: int, token: str, query_text: str | None, form: str,
                  size_limit: int) -> None:
    """The quotes a lookup finds (every quote, without one), attached to the answer of the command that asked."""
    with log_context(team=workspace):
        query = parse_query(query_text) if query_text else None
        file = commands.export_file(get_store(), workspace, query, form)
        note = commands.export_note(file, query, embeds.MARKDOWN)
        if len(file.data) > size_limit:
            message = dict(content=present.export_too_big(file.rows, size_limit))
        elif file.rows:
            message = dict(content=note, files=[discord.File(io.BytesIO(file.data), filename=file.name)])
        else:
            message = dict(content=note)
        asyncio.run(_edit_answer(application_id, token, message))


async def _edit_answer(application_id: int, token: str, message: dict) -> None:
    async with rest.rest_client(get_settings()) as http:
        try:
            await rest.edit_interaction_answer(http, application_id, token, **message)
        except discord.NotFound:  # the interaction expired (15 minutes) before the answer was ready
            log.warning("an interaction expired before its answer was ready")


class DiscordChannels:
    """News from watched feeds in a Discord channel (see handlers/feeds.py)."""

    markup = embeds.MARKDOWN
    tell_follower = staticmethod(tell_follower)

    @staticmethod
    def post(workspace: str, channel: str, text: str, result: IngestResult | None = None) -> None:
        asyncio.run(_post_in_channel(int(channel), embeds.feed_message(text, result)))


async def _post_in_channel(channel_id: int, message: dict) -> None:
    async with rest.rest_client(get_settings()) as http:
        try:
            await rest.send(http, channel_id, **message)
        except (discord.Forbidden, discord.NotFound) as error:  # the bot left the channel, or may not post there
            log.warning("could not post in channel %s: %s", channel_id, error)


DISCORD_CHANNELS = DiscordChannels()
