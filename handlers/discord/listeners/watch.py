"""`/quotebot watch url: [mode:]`, `unwatch url:` and `watching`: an outlet's feed or news sitemap watched for the
channel the command is run in (its articles go through the same pipeline as shared links; see handlers/feeds.py)."""
import asyncio
import logging
from typing import Literal

import discord
from discord import app_commands

from handlers import commands, present
from handlers.discord import embeds, workspace_id
from handlers.discord.listeners.quotebot import quotebot
from handlers.discord.respond import respond

log = logging.getLogger(__name__)


@quotebot.command(name="watch", description="Watch an outlet's feed or news sitemap for this channel")
@app_commands.describe(url="The feed, the sitemap, or the outlet's page that links its feed",
                       mode="all (each new article with quotes, the default), digest (one message a day) or silent")
async def watch_command(interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000],
                        mode: Literal["all", "digest", "silent"] = "all") -> None:
    await respond(interaction, watch_answer(interaction, url, mode))


@quotebot.command(name="unwatch", description="Stop watching a feed here")
@app_commands.describe(url="The feed's address, or the page it was found from")
async def unwatch_command(interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000]) -> None:
    await respond(interaction, unwatch_answer(interaction, url))


@quotebot.command(name="watching", description="The feeds watched in this server")
async def watching_command(interaction: discord.Interaction) -> None:
    await respond(interaction, watching_answer(interaction))


async def watch_answer(interaction: discord.Interaction, url: str, mode: str) -> dict:
    channel = interaction.channel
    channel_id = channel.parent_id if isinstance(channel, discord.Thread) else channel.id  # threads: their channel
    try:
        text = await asyncio.to_thread(commands.start_watching, workspace_id(interaction.guild_id),
                                       str(interaction.user.id), str(channel_id), url.strip(), mode, embeds.MARKDOWN)
    except commands.Refused as refused:
        text = str(refused)
    return embeds.text_message([text])


async def unwatch_answer(interaction: discord.Interaction, url: str) -> dict:
    return embeds.text_message([await asyncio.to_thread(commands.stop_watching, workspace_id(interaction.guild_id),
                                                        url.strip(), embeds.MARKDOWN)])


async def watching_answer(interaction: discord.Interaction) -> dict:
    return embeds.text_message(await asyncio.to_thread(commands.watching, workspace_id(interaction.guild_id),
                                                       embeds.MARKDOWN))
