"""`/quotes`: what someone was quoted saying (`name:`, with autocomplete) or who said some words (`words:`), narrowed
by `since:`, `until:`, `outlet:` and `channel:`, answered privately a page at a time. `name:` also reads the text
Slack's /quotes reads (`export pompeo`, `follow pompeo`, `corrections`, …).

The answer's buttons and menus carry their state in their custom_id (who asked, which page, the lookup; kept in the
store under a short key when it does not fit), so they keep working after a restart: Previous/Next, and a menu each
for correcting a quote (Wrong speaker…: a form asking the right name; Not a quote…: asked once more before it is
done) and for the articles a quote ran in."""
import asyncio
import logging

import discord
from discord import app_commands

from bot.lookup import Query, QueryError, lookup
from handlers import commands, present
from handlers.discord import embeds, workspace_id
from handlers.discord.listeners import corrections, export, follow
from handlers.discord.listeners.quotebot import DISCORD_HELP
from handlers.discord.respond import respond

log = logging.getLogger(__name__)

CUSTOM_ID = 100  # Discord's limit on a component's custom_id
# Room for the lookup a component carries: the longest head before it is "quotes:hidden:ASKER:QUOTE:PAGE:".
STATE_ROOM = CUSTOM_ID - len("quotes:hidden:") - 20 - 10 - 5 - 3
ASKER, PAGE, STATE = r"(?P<asker>\d+)", r"(?P<page>\d+)", r"(?P<state>[=#].*)"
PAGE_ID = rf"quotes:page:{ASKER}:{PAGE}:{STATE}"
MENU_ID = rf"quotes:(?P<what>wrong|hide|where):{ASKER}:{PAGE}:{STATE}"
HIDE_ID = rf"quotes:hidden:{ASKER}:(?P<quote>\d+):{PAGE}:{STATE}"
MENU_PLACEHOLDERS = {"wrong": present.WRONG_SPEAKER, "hide": present.NOT_A_QUOTE, "where": present.WHERE_IT_RAN}


@app_commands.command(name="quotes", description="What someone was quoted saying, or who said some words, here")
@app_commands.describe(name="Any part of the speaker's name", words="Words of a quote, to find who said them",
                       since="Articles from this date on (YYYY-MM-DD)", until="Articles up to this date (YYYY-MM-DD)",
                       outlet="Articles of outlets matching this", channel="Articles shared in this channel")
@app_commands.guild_only()
async def quotes_command(interaction: discord.Interaction, name: app_commands.Range[str, 1, 100] | None = None,
                         words: app_commands.Range[str, 2, 300] | None = None, since: str | None = None,
                         until: str | None = None, outlet: app_commands.Range[str, 1, 100] | None = None,
                         channel: discord.TextChannel | None = None) -> None:
    try:
        request = commands.from_options(name, words, since=since, until=until, outlet=outlet,
                                        **{"in": str(channel.id) if channel else None})
    except QueryError as error:  # a query that can't be run says why
        await interaction.response.send_message(str(error), ephemeral=True)
        return
    await answer(interaction, request)


quotes_command.autocomplete("name")(follow.speaker_names)


async def answer(interaction: discord.Interaction, request: commands.Request) -> None:
    match request:
        case commands.Help():
            await interaction.response.send_message(f"{present.USAGE}\n{DISCORD_HELP}", ephemeral=True)
        case commands.Lookup(query):
            await respond(interaction, lookup_answer(interaction, query, 1))
        case commands.Export(query):
            await export.start_export(interaction, query)
        case commands.Follow(name):
            await respond(interaction, follow.follow_answer(interaction, name))
        case commands.Unfollow(name):
            await respond(interaction, follow.unfollow_answer(interaction, name))
        case commands.Following():
            await respond(interaction, follow.following_answer(interaction))
        case commands.Corrections():
            await respond(interaction, corrections.corrections_answer(interaction))


async def lookup_answer(interaction: discord.Interaction, query: Query | str, page: int,
                        notice: str | None = None) -> dict:
    """The message for one page of a lookup (`query`, or the state a component carries): the headline, one embed
    per quote, the page buttons and the quotes' menus."""
    store, workspace = interaction.client.store, workspace_id(interaction.guild_id)

    def look_up():
        asked = commands.carried(store, workspace, query) if isinstance(query, str) else query
        result = lookup(store, workspace, asked, page, embeds.LOOKUP_PAGE_SIZE)
        return result, commands.carry(store, workspace, result.query, STATE_ROOM)

    try:
        result, state = await asyncio.to_thread(look_up)
    except QueryError as error:
        return dict(content=str(error), embeds=[])
    except Exception as error:  # whoever asked always hears back (a page shown keeps its buttons, to try again)
        log.exception("lookup failed")
        return dict(content=present.trouble(error, present.LOOKUP_FAILED), embeds=[])
    return dict(content=embeds.lookup_content(result, notice), embeds=embeds.lookup_embeds(result),
                view=lookup_view(interaction.user.id, result, state))


def lookup_view(asker: int, result, state: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if result.pages > 1:
        view.add_item(PageButton.make(asker, result.page - 1, state, present.PREVIOUS_PAGE, disabled=result.page == 1))
        view.add_item(PageButton.make(asker, result.page + 1, state, present.NEXT_PAGE,
                                      disabled=result.page == result.pages))
    for what in MENU_PLACEHOLDERS:
        quotes = [q for q in result.quotes if what != "where" or q.article_count > 1]
        if quotes:
            view.add_item(QuoteMenu.make(what, asker, result.page, state, quotes))
    return view


class AskerOnly:
    """Components of an answer work for whoever asked for it."""

    asker: int

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.asker:
            return True
        await interaction.response.send_message(present.NOT_YOUR_PAGES, ephemeral=True)
        return False


class PageButton(AskerOnly, discord.ui.DynamicItem[discord.ui.Button], template=PAGE_ID):
    """Previous, Next, or back to the page (Cancel, when asked whether to hide a quote)."""

    def __init__(self, item: discord.ui.Button, asker: int, page: int, state: str):
        super().__init__(item)
        self.asker, self.page, self.state = asker, page, state

    @classmethod
    def make(cls, asker: int, page: int, state: str, label: str, disabled: bool = False) -> "PageButton":
        return cls(discord.ui.Button(label=label, disabled=disabled, style=discord.ButtonStyle.secondary,
                                     custom_id=f"quotes:page:{asker}:{max(page, 1)}:{state}"), asker, page, state)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> "PageButton":
        return cls(item, int(match["asker"]), int(match["page"]), match["state"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await respond(interaction, lookup_answer(interaction, self.state, self.page), update=True)


class QuoteMenu(AskerOnly, discord.ui.DynamicItem[discord.ui.Select], template=MENU_ID):
    """A menu of the page's quotes: the one chosen is corrected (Wrong speaker…, Not a quote…), or its articles
    listed (Where it ran)."""

    def __init__(self, item: discord.ui.Select, what: str, asker: int, page: int, state: str):
        super().__init__(item)
        self.what, self.asker, self.page, self.state = what, asker, page, state

    @classmethod
    def make(cls, what: str, asker: int, page: int, state: str, quotes: list) -> "QuoteMenu":
        options = [discord.SelectOption(label=embeds.option_label(q), value=q.id,
                                        description=embeds.clip(present.speaker_line(q, present.PlainText()),
                                                                embeds.CHOICE_NAME))
                   for q in quotes]
        select = discord.ui.Select(placeholder=MENU_PLACEHOLDERS[what], options=options,
                                   custom_id=f"quotes:{what}:{asker}:{page}:{state}")
        return cls(select, what, asker, page, state)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select, match) -> "QuoteMenu":
        return cls(item, match["what"], int(match["asker"]), int(match["page"]), match["state"])

    async def callback(self, interaction: discord.Interaction) -> None:
        [qid] = self.item.values
        if self.what == "wrong":
            await interaction.response.send_modal(WrongSpeakerForm(qid, self.page, self.state))
            return
        [quote] = await asyncio.to_thread(interaction.client.store.quotes, workspace_id(interaction.guild_id), [qid])
        if quote is None or quote.hidden:
            await interaction.response.send_message(present.QUOTE_GONE, ephemeral=True)
        elif self.what == "where":
            await interaction.response.send_message(embeds.clip("\n".join(present.ran_in(quote, embeds.MARKDOWN)),
                                                                embeds.CONTENT), ephemeral=True, suppress_embeds=True)
        else:
            view = discord.ui.View(timeout=None)
            view.add_item(HideButton.make(self.asker, qid, self.page, self.state))
            view.add_item(PageButton.make(self.asker, self.page, self.state, present.CANCEL))
            await interaction.response.edit_message(content=present.HIDE_QUESTION, embeds=embeds.quote_embeds([quote]),
                                                    view=view)


class HideButton(AskerOnly, discord.ui.DynamicItem[discord.ui.Button], template=HIDE_ID):
    """"Hide it": the quote hidden as not a quote for the whole server; the lookup shown again."""

    def __init__(self, item: discord.ui.Button, asker: int, qid: str, page: int, state: str):
        super().__init__(item)
        self.asker, self.qid, self.page, self.state = asker, qid, page, state

    @classmethod
    def make(cls, asker: int, qid: str, page: int, state: str) -> "HideButton":
        return cls(discord.ui.Button(label=present.HIDE_IT, style=discord.ButtonStyle.danger,
                                     custom_id=f"quotes:hidden:{asker}:{qid}:{page}:{state}"), asker, qid, page, state)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> "HideButton":
        return cls(item, int(match["asker"]), match["quote"], int(match["page"]), match["state"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            notice = await correct(interaction, commands.not_a_quote, self.qid)
        except commands.Refused as refused:  # gone meanwhile
            notice = str(refused)
        await respond(interaction, lookup_answer(interaction, self.state, self.page, notice), update=True)


class WrongSpeakerForm(discord.ui.Modal, title="Wrong speaker"):
    """Who said it: the quote credited to them for the whole server; the lookup shown again."""

    name = discord.ui.TextInput(label=present.WHO_SAID_IT, placeholder=present.SPEAKER_PLACEHOLDER, max_length=200)

    def __init__(self, qid: str, page: int, state: str):
        super().__init__(custom_id=f"quotes:form:{qid}")
        self.qid, self.page, self.state = qid, page, state

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            notice = await correct(interaction, commands.correct_speaker, self.qid, self.name.value)
        except commands.Refused as refused:  # no name, an unclear one: said, and the form can be opened again
            await interaction.response.send_message(str(refused), ephemeral=True)
            return
        await respond(interaction, lookup_answer(interaction, self.state, self.page, notice), update=True)


async def correct(interaction: discord.Interaction, correction, qid: str, *args) -> str:
    """Make a correction (`commands.correct_speaker`, `commands.not_a_quote`) as whoever asked; the sentence saying
    it was made. Raises commands.Refused."""
    return await asyncio.to_thread(correction, interaction.client.store, workspace_id(interaction.guild_id),
                                   str(interaction.user.id), qid, *args, embeds.MARKDOWN)
