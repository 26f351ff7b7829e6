"""`/quotebot corrections`: the quotes people here corrected, newest first, with who, when and the speaker before;
members with Manage Server get a menu to revert one (checked again when they choose)."""
import asyncio

import discord

from handlers import commands, present
from handlers.discord import embeds, workspace_id
from handlers.discord.listeners.quotebot import quotebot
from handlers.discord.respond import respond

ADMINS = "members with Manage Server"


@quotebot.command(name="corrections", description="The quotes people here corrected; admins can revert them")
async def corrections_command(interaction: discord.Interaction) -> None:
    await respond(interaction, corrections_answer(interaction))


async def corrections_answer(interaction: discord.Interaction, notice: str | None = None) -> dict:
    listing = await asyncio.to_thread(commands.corrections, interaction.client.store,
                                      workspace_id(interaction.guild_id))
    view = discord.ui.View(timeout=None)
    active = [(c, q) for c, q in listing.entries if c.active]
    if interaction.permissions.manage_guild and active:
        view.add_item(RevertMenu.make(active))
    lines = [line for line in (notice, present.corrections_heading(len(listing.entries))) if line]
    return dict(content=embeds.clip("\n".join(lines), embeds.CONTENT), embeds=embeds.corrections_embed(listing),
                view=view)


class RevertMenu(discord.ui.DynamicItem[discord.ui.Select], template=r"quotebot:revert"):
    @classmethod
    def make(cls, entries: list) -> "RevertMenu":
        options = [discord.SelectOption(label=embeds.clip(f"{c.id}. {embeds.option_label(q) if q else ''}",
                                                          embeds.CHOICE_NAME), value=c.id)
                   for c, q in entries[:embeds.CHOICES]]
        return cls(discord.ui.Select(placeholder=f"{present.REVERT}…", options=options, custom_id="quotebot:revert"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select, match) -> "RevertMenu":
        return cls(item)

    async def callback(self, interaction: discord.Interaction) -> None:
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message(present.revert_refused(ADMINS), ephemeral=True)
            return
        [cid] = self.item.values
        try:
            notice = await asyncio.to_thread(commands.revert, interaction.client.store,
                                             workspace_id(interaction.guild_id), str(interaction.user.id), cid,
                                             embeds.MARKDOWN)
        except commands.Refused as refused:
            notice = str(refused)
        await respond(interaction, corrections_answer(interaction, notice), update=True)
