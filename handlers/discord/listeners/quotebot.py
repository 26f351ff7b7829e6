"""The `/quotebot` group, and two of its commands: `channel mode:` (members with Manage Server choose how shared links
are answered in a channel) and `help`. Following, export and corrections add theirs from their own modules."""
import asyncio
from typing import Literal

import discord
from discord import app_commands

from bot.store import QuoteStore
from handlers import present
from handlers.discord import workspace_id
from handlers.discord.modes import ReplyMode, channel_mode
from handlers.discord.respond import respond

ADMINS_ONLY = "Only members with Manage Server can choose how I answer links in a channel."
MODE_SENTENCES = {
    ReplyMode.REPLY: "I answer links shared in {channel} with a reply to the message.",
    ReplyMode.THREAD: "I answer links shared in {channel} in a thread started from the message.",
    ReplyMode.OFF: "I don't answer links shared in {channel}; `/quotes` and *Extract quotes* still work there.",
}
DISCORD_HELP = ("On Discord the same is at hand as options: `/quotes words:` `since:` `until:` `outlet:` `channel:`, "
                "and `/quotebot follow`, `unfollow`, `following`, `export`, `corrections`, `watch url: mode:`, "
                "`unwatch`, `watching`. Each quote a lookup shows "
                f"can be corrected from its menus ({present.WRONG_SPEAKER}, {present.NOT_A_QUOTE}). Right-click a "
                f"message (long-press on a phone) and choose *Apps → Extract quotes* for the quotes in its links, or "
                f"*Apps → {present.WHO_SAID_THIS}* to find who said its words. Members with Manage Server choose how I "
                "answer links in a channel with `/quotebot channel mode:` (reply, thread or off).")

quotebot = app_commands.Group(name="quotebot", description="How QuoteBot works in this server", guild_only=True)


@quotebot.command(name="channel", description="How I answer links shared in this channel")
@app_commands.describe(mode="reply (the default), thread (one started from the message) or off")
@app_commands.checks.has_permissions(manage_guild=True)
async def channel_command(interaction: discord.Interaction,
                          mode: Literal["reply", "thread", "off"] | None = None) -> None:
    channel = interaction.channel
    channel_id = channel.parent_id if isinstance(channel, discord.Thread) else channel.id  # threads follow it
    await respond(interaction, mode_answer(interaction.client.store, workspace_id(interaction.guild_id), channel_id,
                                           mode))


async def mode_answer(store: QuoteStore, workspace: str, channel_id: int, mode: str | None) -> dict:
    """Record the mode chosen, if any; say how links in the channel are answered."""
    if mode:
        await asyncio.to_thread(store.set_channel_mode, workspace, str(channel_id), mode)
        chosen = ReplyMode(mode)
    else:
        chosen = await asyncio.to_thread(channel_mode, store, workspace, channel_id)
    return dict(content=MODE_SENTENCES[chosen].format(channel=f"<#{channel_id}>"))


@quotebot.command(name="help", description="What QuoteBot does and how to ask it")
async def help_command(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(f"{present.USAGE}\n{DISCORD_HELP}", ephemeral=True)
