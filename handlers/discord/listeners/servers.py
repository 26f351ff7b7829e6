"""QuoteBot removed from a server: the feeds watched there stop being polled for it (in a job). Its quotes are kept,
as they are for a server the bot merely leaves."""
import asyncio
import logging
import time

import discord

from bot.queue import JobQueue
from handlers.discord import workspace_id
from handlers.feeds import stop_watching_everything

log = logging.getLogger(__name__)


async def server_removed(jobs: JobQueue, guild: discord.Guild) -> None:
    workspace = workspace_id(guild.id)
    try:
        await asyncio.to_thread(jobs.enqueue_once, f"unwatch-{guild.id}-{int(time.time())}", stop_watching_everything,
                                workspace, workspace=workspace)
    except Exception:  # the feeds go on being polled for nobody here: said in the log
        log.exception("could not stop the feeds watched in server %s", guild.id)
