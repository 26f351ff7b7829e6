"""A message with news links: queue each link; the job answers with a reply, or in a thread, as the channel chose
(where, with other links queued ahead, a notice says so at once)."""
import asyncio
import logging

import discord

from bot import metrics
from bot.logs import log_context
from bot.queue import JobQueue
from bot.store import QuoteStore
from bot.urls import extract_links
from handlers import present
from handlers.discord import workspace_id
from handlers.discord.embeds import NO_PINGS
from handlers.discord.jobs import DiscordThread, answer_link
from handlers.discord.modes import ReplyMode, channel_mode
from handlers.link_answers import link_job_id, queue_link

log = logging.getLogger(__name__)

SHARES = (discord.MessageType.default, discord.MessageType.reply)  # not joins, pins, boosts and other notices


def is_share(message: discord.Message) -> bool:
    """A person's message in a server: not a bot's (our own replies among them), a webhook's or a notice."""
    return (message.guild is not None and not message.author.bot and message.webhook_id is None
            and message.type in SHARES)


async def link_message(store: QuoteStore, jobs: JobQueue, message: discord.Message) -> None:
    if not is_share(message):
        return
    urls = extract_links(message.content)
    if not urls:
        return
    with log_context(team=workspace_id(message.guild.id), channel=str(message.channel.id)):
        try:
            await asyncio.to_thread(queue_links, store, jobs, message, urls)
        except Exception as error:  # the sharer always hears back
            log.exception("could not queue the links of message %s", message.id)
            await message.reply(present.trouble(error, present.SOMETHING_WENT_WRONG), allowed_mentions=NO_PINGS)


def queue_links(store: QuoteStore, jobs: JobQueue, message: discord.Message, urls: list[str]) -> None:
    workspace, channel = workspace_id(message.guild.id), message.channel
    in_a_thread = isinstance(channel, discord.Thread)
    mode = channel_mode(store, workspace, channel.parent_id if in_a_thread else channel.id)  # threads: their channel's
    # After a resume the Gateway may deliver a message again: the message id tells us we already queued it.
    if mode is ReplyMode.OFF or not store.claim_event(workspace, f"message-{message.id}"):
        return
    new_thread = mode is ReplyMode.THREAD and not in_a_thread  # the answer goes in a thread started from the message
    for url in urls:
        metrics.LINKS_RECEIVED.labels("discord").inc()
        queue_link(jobs, DiscordThread(message.guild.id, channel.id, message.id, url, new_thread), url,
                   link_job_id(workspace, url, str(channel.id), str(message.id)), answer_link, workspace,
                   message.guild.id, channel.id, message.id, url, str(message.author.id), message.jump_url, new_thread,
                   workspace=workspace)
