"""Discord's layout of QuoteBot's answers: markdown and embeds around the sentences of `handlers.present`,
kept within Discord's limits (they are counted in characters, and a message over any of them is refused)."""
import re

import discord

from bot.follow import News
from bot.ingest import IngestResult, plural
from bot.lookup import LookupResult
from bot.store import Speaker, StoredQuote
from handlers import present
from handlers.commands import CorrectionList
from handlers.link_answers import Reply

# Discord's limits on what one message may carry.
CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000  # title, description, field names and values, footer and author of all embeds together
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100

LOOKUP_PAGE_SIZE = 5  # quotes per page of /quotes, one embed each
# Room kept for a quote's speaker and role, its source line and its notes (other credits, rewordings, a correction):
# a page of five quotes leaves each about 280 characters of its words.
SPEAKER_LINE = 200
SOURCE_LINE = 400
NOTES = 300
MIN_QUOTE = 80  # the least of a quote's words worth showing; fewer quotes are shown rather than less of each
COLOUR = discord.Colour(0x1D3557)

_ESCAPE_ANYWHERE = re.compile(r"[\\*_~`|\[\]<]")
_ESCAPE_AT_LINE_START = re.compile(r"^(\s*)([>#-])", re.MULTILINE)
SNOWFLAKE = re.compile(r"\d{15,21}")


def escape(text: str) -> str:
    """Discord markdown shows these characters as written only when escaped (lists, quotes and headings only
    start a line); `<` would start a mention, a channel or a timestamp."""
    return _ESCAPE_AT_LINE_START.sub(r"\1\\\2", _ESCAPE_ANYWHERE.sub(r"\\\g<0>", text))


class DiscordMarkup:
    text = staticmethod(escape)

    @staticmethod
    def bold(words: str) -> str:
        return f"**{words}**"

    @staticmethod
    def link(label: str, url: str) -> str:
        # A parenthesis or a space would end the link early; percent-encoded, they lead to the same page.
        safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace(">", "%3E")
        return f"[{label}]({safe})"

    @staticmethod
    def person(user: str) -> str:
        """A Discord user id as a mention (our messages never ping: no mention is allowed); anyone else by name."""
        return f"<@{user}>" if SNOWFLAKE.fullmatch(user) else escape(user)

    @staticmethod
    def channel(channel: str) -> str:
        return f"<#{channel}>" if SNOWFLAKE.fullmatch(channel) else f"#{escape(channel)}"


MARKDOWN = DiscordMarkup()
NO_PINGS = discord.AllowedMentions.none()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when cut (never after half an escape)."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    cut = text[:limit - 1]
    trailing = len(cut) - len(cut.rstrip("\\"))
    return cut[:len(cut) - trailing % 2] + "…"


def join_within(parts: list[str], limit: int) -> str:
    """The parts joined by the separator, as many whole parts as fit; the first one cut if even it is too long."""
    line = clip(parts[0], limit) if parts else ""
    for part in parts[1:]:
        if len(line) + len(present.SEPARATOR) + len(part) > limit:
            break
        line += present.SEPARATOR + part
    return line


def _embed(**fields) -> discord.Embed:
    return discord.Embed(colour=COLOUR, **fields)


def article_embed(result: IngestResult, description: str, room: int = EMBED_TOTAL) -> discord.Embed:
    """An article in at most `room` characters: its title linked, outlet and date beneath, `description` between."""
    article = result.article
    title = clip(escape(article.title or article.url), min(TITLE, room // 4))
    footer = clip(present.SEPARATOR.join(present.article_facts(article)), min(FOOTER, room // 4))
    embed = _embed(title=title, url=article.url,
                   description=clip(description, min(DESCRIPTION, room - len(title) - len(footer))))
    if footer:
        embed.set_footer(text=footer)  # footers show text as written: no escaping
    return embed


# The reply to a shared link

def ingest_embed(result: IngestResult) -> discord.Embed:
    """The summary, then what this article's quotes conflict with or reword elsewhere, then the hint."""
    lines = [escape(result.summary())] + present.article_notes(result, MARKDOWN)
    return article_embed(result, "\n".join(lines + ([present.LOOKUP_HINT] if result.quotes else [])))


def link_reply(reply: Reply) -> dict:
    """The message answering a shared link (or saying it is still being read). Its only links are inside the
    embed or marked to show no preview, so Discord adds no preview cards of its own."""
    if reply.result:
        return dict(embeds=[ingest_embed(reply.result)])
    return dict(content=clip(reply.text, CONTENT), suppress_embeds=True)


def feed_message(text: str, result: IngestResult | None = None) -> dict:
    """A message in a channel about its watched feeds: `text`, then the article's embed when there is one."""
    if result:
        return dict(content=clip(text, CONTENT), embeds=[ingest_embed(result)])
    return dict(content=clip(text, CONTENT), suppress_embeds=True)


# /quotes

def lookup_content(result: LookupResult, notice: str | None = None) -> str:
    """The headline, after a notice of what was just done (a correction), if any."""
    return clip("\n".join(line for line in (notice, present.lookup_headline(result, MARKDOWN)) if line), CONTENT)


def lookup_embeds(result: LookupResult) -> list[discord.Embed]:
    """One embed per quote: the words and who said them, then where they ran; the page in the last footer."""
    return quote_embeds(result.quotes, present.page_indicator(result) if result.pages > 1 else "")


def quote_embeds(quotes: list[StoredQuote], footer: str = "") -> list[discord.Embed]:
    """One embed per quote, as many as fit (at most ten) with at least MIN_QUOTE characters of words each; each
    with a fair share of the room for its words; `footer` on the last."""
    unworded = [_quote_embed(quote, "") for quote in quotes[:EMBEDS]]
    while unworded and sum(map(len, unworded)) + len(unworded) * MIN_QUOTE + len(footer) > EMBED_TOTAL:
        unworded.pop()
    if not unworded:
        return []
    room = (EMBED_TOTAL - len(footer) - sum(len(e) for e in unworded)) // len(unworded)
    embeds = [_quote_embed(quote, clip(escape(present.quote_words(quote)),
                                       min(room, DESCRIPTION - len(empty.description))))
              for quote, empty in zip(quotes, unworded)]
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds


def _quote_embed(quote: StoredQuote, words: str) -> discord.Embed:
    quoted = "\n".join(f"> {line}" for line in f"“{words}”".splitlines())
    speaker = clip(present.speaker_line(quote, MARKDOWN), SPEAKER_LINE)
    embed = _embed(description=f"{quoted}\n— {speaker}")
    embed.add_field(name="Source", value=join_within(present.source_parts(quote, MARKDOWN), SOURCE_LINE))
    if notes := present.quote_notes(quote, MARKDOWN):
        embed.add_field(name="Notes", value=clip("\n".join(notes), NOTES), inline=False)
    return embed


def option_label(quote: StoredQuote) -> str:
    """A quote in a menu: its first words (a menu option's label holds 100 characters)."""
    return clip(present.quote_excerpt(quote, present.PlainText(), words=16), CHOICE_NAME)


def text_message(lines: list[str]) -> dict:
    """Lines of text, as many as fit in a message; links show no preview card."""
    return dict(content=clip("\n".join(lines), CONTENT), embeds=[], suppress_embeds=True)


# The corrections made in a server

def corrections_embed(listing: CorrectionList) -> list[discord.Embed]:
    if not listing.entries:
        return []
    lines = [present.correction_line(c, q, MARKDOWN) for c, q in listing.entries]
    return [_embed(description=join_lines(lines, DESCRIPTION))]


def join_lines(lines: list[str], limit: int) -> str:
    """The lines, each cut to its share of `limit` if need be."""
    share = (limit - len(lines) + 1) // len(lines)
    return "\n".join(clip(line, share) for line in lines)


# A follower's news

def news_message(news: News) -> dict:
    shown = quote_embeds(news.quotes)
    lines = [present.news_heading(news, MARKDOWN), present.news_footer(news.speaker, MARKDOWN)]
    if len(news.quotes) > len(shown):
        lines.insert(1, present.more_quotes(len(news.quotes) - len(shown)))
    return dict(content=clip("\n".join(lines), CONTENT), embeds=shown)


def speaker_choices(speakers: list[Speaker]) -> list[discord.app_commands.Choice[str]]:
    """Autocomplete: the most quoted first; the name as the value, which finds them again."""
    ranked = sorted(speakers, key=lambda s: (-s.quote_count, s.name))[:CHOICES]
    choices = []
    for speaker in ranked:
        count = f" ({plural(speaker.quote_count, 'quote')})"
        label = speaker.name + (f", {speaker.role}" if speaker.role else "")
        choices.append(discord.app_commands.Choice(name=clip(label, CHOICE_NAME - len(count)) + count,
                                                   value=speaker.name[:CHOICE_VALUE]))
    return choices


# "Extract quotes" on a message

def extract_message(replies: list[Reply]) -> dict:
    """Each article's quotes, one embed per article (one field per quote, as many as fit); links that brought
    no article get their line above."""
    problems = [reply.text for reply in replies if not reply.result]
    results = [reply.result for reply in replies if reply.result][:EMBEDS]
    room = EMBED_TOTAL // len(results) if results else 0
    return dict(content=clip("\n".join(problems), CONTENT) or None,
                embeds=[_article_quotes_embed(result, room) for result in results])


def _article_quotes_embed(result: IngestResult, room: int) -> discord.Embed:
    """At most `room` characters: title, outlet and date, the summary, then as many quotes as fit."""
    quotes = result.quotes
    names = [clip(present.speaker_line(quote, present.PlainText()), FIELD_NAME) for quote in quotes]
    more_room = 1 + len(present.more_quotes(len(quotes)))  # kept free, in case not every quote fits
    heading = len(article_embed(result, "", room))
    summary = clip(escape(result.summary()), min(DESCRIPTION, room - heading) - more_room)
    fixed = heading + len(summary) + more_room
    shown = min(len(quotes), FIELDS)
    while shown and (room - fixed - sum(map(len, names[:shown]))) // shown < MIN_QUOTE:
        shown -= 1
    per_quote = min(FIELD_VALUE, (room - fixed - sum(map(len, names[:shown]))) // shown) if shown else 0
    if shown < len(quotes):
        summary += "\n" + present.more_quotes(len(quotes) - shown)
    embed = article_embed(result, summary, room)
    for name, quote in zip(names, quotes[:shown]):
        embed.add_field(name=name, value=clip(f"“{escape(present.quote_words(quote))}”", per_quote), inline=False)
    return embed
