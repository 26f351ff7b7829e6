"""`/quotes name:` with autocomplete: what a speaker was quoted saying, answered privately to whoever asked, a page
at a time. The Previous/Next buttons carry their state (who asked, which page, the query) in their custom_id, so
they keep working after a restart."""
import asyncio
import logging

import discord
from discord import app_commands

from bot.lookup import lookup
from bot.store import name_words
from handlers import present
from handlers.discord import embeds, workspace_id
from handlers.discord.respond import in_time, respond

log = logging.getLogger(__name__)

CUSTOM_ID = 100  # Discord's limit on a component's custom_id
PAGE_ID = r"quotes:(?P<asker>\d+):(?P<page>\d+):(?P<query>[\w ]*)"


@app_commands.command(name="quotes", description="What someone was quoted saying in the articles shared here")
@app_commands.describe(name="Any part of the speaker's name")
@app_commands.guild_only()
async def quotes_command(interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
    if name.strip().lower() == "help":
        await interaction.response.send_message(present.USAGE, ephemeral=True)
        return
    await respond(interaction, lookup_answer(interaction, name, 1))


@quotes_command.autocomplete("name")
async def speaker_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    try:
        speakers = await in_time(asyncio.to_thread(interaction.client.store.find_speakers,
                                                   workspace_id(interaction.guild_id), current), otherwise=[])
    except Exception:  # a suggestion list is not worth an error: the command still answers
        log.exception("autocomplete failed")
        return []
    return embeds.speaker_choices(speakers)


async def lookup_answer(interaction: discord.Interaction, query: str, page: int) -> dict:
    """The message for one page of a lookup: the headline, one embed per quote, the page buttons."""
    store = interaction.client.store
    try:
        result = await asyncio.to_thread(lookup, store, workspace_id(interaction.guild_id), query, page,
                                         embeds.LOOKUP_PAGE_SIZE)
    except Exception as error:  # whoever asked always hears back (a page shown keeps its buttons, to try again)
        log.exception("lookup failed")
        return dict(content=present.trouble(error, present.LOOKUP_FAILED), embeds=[])
    answer = dict(content=embeds.lookup_content(result), embeds=embeds.lookup_embeds(result))
    if result.pages > 1:
        answer["view"] = page_buttons(interaction.user.id, result.query, result.page, result.pages)
    return answer


def page_buttons(asker: int, query: str, page: int, pages: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton(asker, page - 1, query, present.PREVIOUS_PAGE, disabled=page == 1))
    view.add_item(PageButton(asker, page + 1, query, present.NEXT_PAGE, disabled=page == pages))
    return view


def page_custom_id(asker: int, page: int, query: str) -> str:
    """The query as the words a lookup matches on, cut to fit: a cut word still matches as a prefix."""
    head = f"quotes:{asker}:{page}:"
    return head + " ".join(name_words(query))[:CUSTOM_ID - len(head)].strip()


class PageButton(discord.ui.DynamicItem[discord.ui.Button], template=PAGE_ID):
    def __init__(self, asker: int, page: int, query: str, label: str, disabled: bool = False):
        super().__init__(discord.ui.Button(label=label, disabled=disabled, style=discord.ButtonStyle.secondary,
                                           custom_id=page_custom_id(asker, page, query)))
        self.asker, self.page, self.query = asker, page, query

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> "PageButton":
        return cls(int(match["asker"]), int(match["page"]), match["query"], item.label, item.disabled)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.asker:
            return True
        await interaction.response.send_message(present.NOT_YOUR_PAGES, ephemeral=True)
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        await respond(interaction, lookup_answer(interaction, self.query, self.page), update=True)
