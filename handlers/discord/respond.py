"""Answering interactions in time: Discord drops an interaction not answered within 3 seconds ("The application
did not respond"). An answer that takes longer (a store that hangs) is acknowledged first, then filled in."""
import asyncio
from collections.abc import Awaitable

import discord

ANSWER_WITHIN = 2.0  # seconds; Discord allows 3


async def respond(interaction: discord.Interaction, answer: Awaitable[dict], update: bool = False) -> None:
    """Send `answer` (a message's keyword arguments) privately, or as the new content of the message whose
    button was clicked when `update`; if it is not ready in time, acknowledge now and send it when it is."""
    pending = asyncio.ensure_future(answer)
    try:
        message = await asyncio.wait_for(asyncio.shield(pending), ANSWER_WITHIN)
    except asyncio.TimeoutError:
        if update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.edit_original_response(**await pending)
        return
    if update:
        await interaction.response.edit_message(**message)
    else:
        await interaction.response.send_message(ephemeral=True, **message)


async def in_time(work: Awaitable, otherwise):
    """The result of `work`, or `otherwise` when it is not ready in time (for answers that cannot wait)."""
    try:
        return await asyncio.wait_for(work, ANSWER_WITHIN)
    except asyncio.TimeoutError:
        return otherwise
