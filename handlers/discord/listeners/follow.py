"""`/quotebot follow name:`, `unfollow name:` and `following`: a direct message when a speaker is quoted in a new
article here (sent by the workers, see handlers/discord/jobs.py). A name matching several speakers gets a menu of
them; the speaker chosen there is followed (or unfollowed)."""
import asyncio
import logging

import discord
from discord import app_commands

from config.settings import get_settings
from handlers import commands
from handlers.discord import embeds, workspace_id
from handlers.discord.listeners.quotebot import quotebot
from handlers.discord.respond import in_time, respond

log = logging.getLogger(__name__)

CHOICE_ID = r"quotebot:(?P<action>follow|unfollow):(?P<asker>\d+)"


@quotebot.command(name="follow", description="A direct message when someone is quoted in a new article here")
@app_commands.describe(name="Any part of the speaker's name")
async def follow_command(interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
    await respond(interaction, follow_answer(interaction, name))


@quotebot.command(name="unfollow", description="No more direct messages about someone")
@app_commands.describe(name="Any part of the name of someone you follow")
async def unfollow_command(interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
    await respond(interaction, unfollow_answer(interaction, name))


@quotebot.command(name="following", description="Whom you follow")
async def following_command(interaction: discord.Interaction) -> None:
    await respond(interaction, following_answer(interaction))


async def speaker_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: this server's speakers matching what was typed."""
    try:
        speakers = await in_time(asyncio.to_thread(interaction.client.store.find_speakers,
                                                   workspace_id(interaction.guild_id), current), otherwise=[])
    except Exception:  # a suggestion list is not worth an error: the command still answers
        log.exception("autocomplete failed")
        return []
    return embeds.speaker_choices(speakers)


follow_command.autocomplete("name")(speaker_names)


@unfollow_command.autocomplete("name")
async def followed_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    followed = await asyncio.to_thread(interaction.client.store.following, workspace_id(interaction.guild_id),
                                       str(interaction.user.id))
    typed = current.casefold()
    return [app_commands.Choice(name=embeds.clip(name, embeds.CHOICE_NAME), value=name[:embeds.CHOICE_VALUE])
            for name in sorted(followed.values()) if typed in name.casefold()][:embeds.CHOICES]


async def follow_answer(interaction: discord.Interaction, name: str) -> dict:
    return offer(interaction.user.id, await asyncio.to_thread(
        commands.follow, interaction.client.store, workspace_id(interaction.guild_id), str(interaction.user.id), name,
        get_settings().follow_quiet_seconds, embeds.MARKDOWN))


async def unfollow_answer(interaction: discord.Interaction, name: str) -> dict:
    return offer(interaction.user.id, await asyncio.to_thread(
        commands.unfollow, interaction.client.store, workspace_id(interaction.guild_id), str(interaction.user.id),
        name, embeds.MARKDOWN))


async def following_answer(interaction: discord.Interaction) -> dict:
    return dict(content=await asyncio.to_thread(commands.following, interaction.client.store,
                                                workspace_id(interaction.guild_id), str(interaction.user.id),
                                                embeds.MARKDOWN))


def offer(asker: int, outcome: str | commands.Choose) -> dict:
    """A sentence, or a menu of the speakers to choose from."""
    if isinstance(outcome, str):
        return dict(content=outcome)
    view = discord.ui.View(timeout=None)
    view.add_item(SpeakerChoice.make(outcome, asker))
    return dict(content=outcome.text, view=view)


class SpeakerChoice(discord.ui.DynamicItem[discord.ui.Select], template=CHOICE_ID):
    def __init__(self, item: discord.ui.Select, action: str, asker: int):
        super().__init__(item)
        self.action, self.asker = action, asker

    @classmethod
    def make(cls, choice: commands.Choose, asker: int) -> "SpeakerChoice":
        options = [discord.SelectOption(label=embeds.clip(name, embeds.CHOICE_NAME), value=sid)
                   for sid, name in choice.speakers if len(sid) <= embeds.CHOICE_VALUE]
        return cls(discord.ui.Select(options=options, custom_id=f"quotebot:{choice.action}:{asker}"), choice.action,
                   asker)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match) -> "SpeakerChoice":
        return cls(item, match["action"], int(match["asker"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        [sid] = self.item.values
        store, workspace, user = interaction.client.store, workspace_id(interaction.guild_id), str(interaction.user.id)
        try:
            if self.action == "follow":
                text = await asyncio.to_thread(commands.follow_chosen, store, workspace, user, sid,
                                               get_settings().follow_quiet_seconds, embeds.MARKDOWN)
            else:
                text = await asyncio.to_thread(commands.unfollow_speaker, store, workspace, user, sid, embeds.MARKDOWN)
        except commands.Refused as refused:
            text = str(refused)
        await interaction.response.edit_message(content=text, view=None)
