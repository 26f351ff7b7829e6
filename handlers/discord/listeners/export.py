"""`/quotebot export`: the quotes a lookup finds (every quote here, without one) as a CSV or JSON-lines file,
attached to the private answer; a worker makes the file and fills in the answer."""
import asyncio
import logging
from typing import Literal

import discord
from discord import app_commands

from bot.lookup import Query, QueryError
from handlers import commands, present
from handlers.discord import workspace_id
from handlers.discord.jobs import answer_export
from handlers.discord.listeners.quotebot import quotebot

log = logging.getLogger(__name__)


@quotebot.command(name="export", description="Quotes as a spreadsheet (CSV) or JSON lines; every quote without a name")
@app_commands.describe(name="Any part of the speaker's name", words="Words of a quote",
                       since="Articles from this date on (YYYY-MM-DD)", until="Articles up to this date (YYYY-MM-DD)",
                       outlet="Articles of outlets matching this", channel="Articles shared in this channel",
                       format="csv (the default) or jsonl")
async def export_command(interaction: discord.Interaction, name: app_commands.Range[str, 1, 100] | None = None,
                         words: app_commands.Range[str, 2, 300] | None = None, since: str | None = None,
                         until: str | None = None, outlet: app_commands.Range[str, 1, 100] | None = None,
                         channel: discord.TextChannel | None = None, format: Literal["csv", "jsonl"] = "csv") -> None:
    try:
        query = commands.query_from_options(name, words, since=since, until=until, outlet=outlet,
                                            **{"in": str(channel.id) if channel else None})
    except QueryError as error:
        await interaction.response.send_message(str(error), ephemeral=True)
        return
    await start_export(interaction, query, format)


async def start_export(interaction: discord.Interaction, query: Query | None, form: str = "csv") -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)  # a worker fills in the answer
    workspace = workspace_id(interaction.guild_id)
    try:
        await asyncio.to_thread(interaction.client.jobs.enqueue_once, f"export-{interaction.id}", answer_export,
                                workspace, interaction.application_id, interaction.token,
                                str(query) if query else None, form, interaction.filesize_limit, workspace=workspace)
    except Exception as error:  # whoever asked always hears back
        log.exception("could not queue an export")
        await interaction.edit_original_response(content=present.trouble(error, present.REQUEST_FAILED))
