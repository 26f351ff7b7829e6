"""The Discord bot: a Gateway client carrying QuoteBot's application commands, the buttons and menus of its answers
and the listener for shared links, pointed at DISCORD_API_URL and DISCORD_GATEWAY_URL.

It is sharded by discord.py (AutoShardedClient): by default it runs as many shards as Discord recommends, or
`shard_count` of them; `shard_ids` runs only those in this process, the others running elsewhere."""
import asyncio
import logging
from dataclasses import dataclass

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from bot.queue import JobQueue
from bot.store import QuoteStore
from config.settings import Settings
from handlers import present
from handlers.discord.embeds import NO_PINGS
from handlers.discord.listeners import corrections, extract, follow, messages, quotebot, quotes, servers, who_said
from handlers.discord.listeners import watch  # noqa: F401 (adds watch, unwatch and watching to /quotebot)
from handlers.discord.rest import count_api_errors, use_api_url

log = logging.getLogger(__name__)

MESSAGE_CONTENT_REFUSED = (
    "Discord refused the Message Content intent: switch on 'Message Content Intent' (Developer Portal -> your "
    "application -> Bot -> Privileged Gateway Intents) and restart; until then shared links go unanswered, while "
    "/quotes, /quotebot and the message menus keep working.")


@dataclass(frozen=True)
class Shards:
    """Which Gateway shards a process runs: `count` in all (None: as many as Discord recommends), and of those
    `ids` (None: every one)."""

    count: int | None = None
    ids: tuple[int, ...] | None = None


class QuoteBot(discord.AutoShardedClient):
    def __init__(self, store: QuoteStore | None, jobs: JobQueue | None, intents: discord.Intents,
                 shards: Shards = Shards()):
        super().__init__(intents=intents, allowed_mentions=NO_PINGS, http_trace=count_api_errors(),
                         shard_count=shards.count, shard_ids=list(shards.ids) if shards.ids else None)
        self.store, self.jobs = store, jobs
        self.tree = app_commands.CommandTree(self)
        for command in (quotes.quotes_command, quotebot.quotebot, extract.extract_quotes, who_said.who_said_this):
            self.tree.add_command(command)
        self.tree.error(answer_command_error)
        self.add_dynamic_items(quotes.PageButton, quotes.QuoteMenu, quotes.HideButton, follow.SpeakerChoice,
                               corrections.RevertMenu)

    async def on_message(self, message: discord.Message) -> None:
        await messages.link_message(self.store, self.jobs, message)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await servers.server_removed(self.jobs, guild)


async def answer_command_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """A command that failed still gets an answer: why it was refused, or that something went wrong."""
    if isinstance(error, app_commands.MissingPermissions):
        text = quotebot.ADMINS_ONLY
    else:
        log.error("command %s failed", interaction.command and interaction.command.qualified_name,
                  exc_info=error)
        text = present.trouble(getattr(error, "original", error), present.REQUEST_FAILED)
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, ephemeral=True)


def intents(message_content: bool = True) -> discord.Intents:
    """Servers and their messages; reading what messages say (links) takes the privileged Message Content."""
    wanted = discord.Intents.none()
    wanted.guilds = wanted.guild_messages = True
    wanted.message_content = message_content
    return wanted


def point_at(settings: Settings) -> None:
    """discord.py reads its REST base and Gateway from class attributes; set both for this process."""
    use_api_url(settings.discord_api_url)
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # a text bot needs no voice libraries


async def serve(settings: Settings, store: QuoteStore, jobs: JobQueue, shards: Shards = Shards()) -> None:
    """Connect and answer until stopped. Refused the Message Content intent (close code 4014), say once what to
    switch on and connect again without it: commands and the message menu need no intent."""
    point_at(settings)
    wanted = intents()
    while True:
        async with QuoteBot(store, jobs, wanted, shards) as client:
            try:
                await client.start(settings.discord_bot_token)
                return
            except discord.PrivilegedIntentsRequired:
                if not wanted.message_content:
                    raise
                log.error(MESSAGE_CONTENT_REFUSED)
                wanted = intents(message_content=False)


def run(settings: Settings, store: QuoteStore, jobs: JobQueue, shards: Shards = Shards()) -> None:
    asyncio.run(serve(settings, store, jobs, shards))


async def sync_commands(settings: Settings, guild_id: int | None = None) -> list[str]:
    """Register the application commands: in one server (at once, for trying them out), or globally."""
    point_at(settings)
    async with QuoteBot(None, None, intents()) as client:
        await client.login(settings.discord_bot_token)
        guild = discord.Object(guild_id) if guild_id else None
        if guild:
            client.tree.copy_global_to(guild=guild)
        return [command.name for command in await client.tree.sync(guild=guild)]
