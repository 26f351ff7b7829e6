"""The "Extract quotes" message menu: the quotes in a message's links, answered privately. Discord sends the
message with the command, so it works even where the bot may not read messages."""
import asyncio
import logging

import discord
from discord import app_commands

from bot.urls import extract_links
from handlers import present
from handlers.discord import workspace_id
from handlers.discord.jobs import answer_extract

log = logging.getLogger(__name__)


@app_commands.context_menu(name="Extract quotes")
@app_commands.guild_only()
async def extract_quotes(interaction: discord.Interaction, message: discord.Message) -> None:
    urls = extract_links(message.content)
    if not urls:
        await interaction.response.send_message(present.NO_LINKS, ephemeral=True)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)  # a worker fills in the answer
    try:
        workspace = workspace_id(interaction.guild_id)
        await asyncio.to_thread(interaction.client.jobs.enqueue_once, f"extract-{interaction.id}", answer_extract,
                                workspace, interaction.application_id, interaction.token, urls,
                                str(message.author.id), message.jump_url, workspace=workspace)
    except Exception as error:  # whoever asked always hears back
        log.exception("could not queue the links of message %s", message.id)
        await interaction.edit_original_response(content=present.trouble(error, present.REQUEST_FAILED))
