"""The "Who said this?" message menu: the stored quotes holding the words of a message (its passage in quote marks,
if it has one), answered privately a page at a time like /quotes."""
import discord
from discord import app_commands

from handlers import commands, present
from handlers.discord.listeners.quotes import lookup_answer
from handlers.discord.respond import respond


@app_commands.context_menu(name=present.WHO_SAID_THIS)
@app_commands.guild_only()
async def who_said_this(interaction: discord.Interaction, message: discord.Message) -> None:
    try:
        query = commands.words_in_message(message.content)
    except commands.Refused as refused:
        await interaction.response.send_message(str(refused), ephemeral=True)
        return
    await respond(interaction, lookup_answer(interaction, query, 1))
