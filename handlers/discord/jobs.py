"""Queued work for Discord, run by the ingest workers: answer a link shared in a channel (a reply, or in a thread
started from the message), and fill in the answer to "Extract quotes"."""
import asyncio
import hashlib
import logging

import discord

from config.settings import get_settings
from handlers.discord import embeds, rest
from handlers.links import LinkAnswer, read_shared_link

log = logging.getLogger(__name__)

THREAD_NAME = 100  # Discord's limit on a thread's name


def answer_link(workspace: str, guild_id: int, channel_id: int, message_id: int, url: str, shared_by: str,
                shared_in: str, in_thread: bool) -> None:
    answer = read_shared_link(workspace, url, shared_by, shared_in)
    nonce = hashlib.sha1(f"{message_id} {url}".encode()).hexdigest()[:25]  # Discord takes 25 characters
    asyncio.run(_post_link_answer(answer, guild_id, channel_id, message_id, in_thread, nonce))


async def _post_link_answer(answer: LinkAnswer, guild_id: int, channel_id: int, message_id: int, in_thread: bool,
                            nonce: str) -> None:
    message = embeds.link_reply(answer)
    async with rest.rest_client(get_settings()) as http:
        try:
            if in_thread:
                try:
                    thread_id = await rest.thread_from(http, channel_id, message_id, thread_name(answer))
                except discord.HTTPException as error:  # no thread allowed here (permissions, channel type)
                    log.warning("could not start a thread in channel %s (%s); replying instead", channel_id, error)
                else:
                    await rest.send(http, thread_id, nonce=nonce, **message)
                    return
            await rest.reply(http, guild_id, channel_id, message_id, nonce=nonce, **message)
        except (discord.Forbidden, discord.NotFound) as error:  # trying again would not change Discord's mind
            log.warning("could not answer message %s in channel %s: %s", message_id, channel_id, error)


def thread_name(answer: LinkAnswer) -> str:
    article = answer.result.article if answer.result else None
    return embeds.clip((article.title or article.url) if article else answer.url, THREAD_NAME)


def answer_extract(workspace: str, application_id: int, token: str, urls: list[str], shared_by: str,
                   shared_in: str) -> None:
    """The quotes in a message's links, as the answer to the interaction that asked for them."""
    answers = [read_shared_link(workspace, url, shared_by, shared_in) for url in urls]
    asyncio.run(_edit_answer(application_id, token, embeds.extract_message(answers)))


async def _edit_answer(application_id: int, token: str, message: dict) -> None:
    async with rest.rest_client(get_settings()) as http:
        try:
            await rest.edit_interaction_answer(http, application_id, token, **message)
        except discord.NotFound:  # the interaction expired (15 minutes) before the answer was ready
            log.warning("the interaction asking to extract quotes expired before its answer")
