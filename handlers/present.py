"""What QuoteBot says, decided once for every front end.

The sentences (the thread reply's summary, the reasons a link can't be read, lookup results, usage) are
built here. A front end passes its `Markup` (Slack's mrkdwn, Discord's markdown, plain text) and only lays
the pieces out: Block Kit sections, Discord embeds, terminal lines.
"""
from typing import Protocol

from redis import RedisError

from bot.ingest import IngestResult, plural
from bot.lookup import LookupResult
from bot.store import StoredArticle, StoredQuote

COMMAND_HELP = ("`/quotes NAME` shows what someone was quoted saying, newest first "
                "(any part of the name works: `/quotes pompeo`, `/quotes Mike Pompeo`).")
USAGE = f"Usage: {COMMAND_HELP} Share a news link in a channel I can read and I'll collect its quotes."
LOOKUP_HINT = "Look one up with `/quotes NAME`."
STORE_UNAVAILABLE = "My quote store is unavailable right now. Please try again in a few minutes."
LOOKUP_FAILED = "Something went wrong on my side with that lookup. Please try again."
SOMETHING_WENT_WRONG = "Something went wrong on my side with that link. Please share it again later."
REQUEST_FAILED = "Something went wrong on my side. Please try again."
NOT_INSTALLED = ("QuoteBot isn't installed in this workspace any more. "
                 "Ask a workspace admin to add it again to look up quotes here.")
NO_LINKS = "There are no links in that message, so there are no quotes to extract."
NOT_YOUR_PAGES = "Only the person who asked can turn these pages; ask `/quotes` yourself to browse."
PREVIOUS_PAGE, NEXT_PAGE = "Previous", "Next"
SEPARATOR = " · "


class Markup(Protocol):
    """How a platform writes emphasis, links and people. `text` escapes words so they show as written;
    the other methods take words already escaped."""

    def text(self, words: str) -> str: ...

    def bold(self, words: str) -> str: ...

    def link(self, label: str, url: str) -> str: ...

    def person(self, user: str) -> str: ...


class PlainText:
    """For the terminal: no markup at all, links written out."""

    @staticmethod
    def text(words: str) -> str:
        return words

    @staticmethod
    def bold(words: str) -> str:
        return words

    @staticmethod
    def link(label: str, url: str) -> str:
        return url if label == url else f"{label} <{url}>"

    @staticmethod
    def person(user: str) -> str:
        return user


def trouble(error: Exception, otherwise: str) -> str:
    """What to tell a user when handling their request failed: the store is down, or `otherwise`."""
    return STORE_UNAVAILABLE if isinstance(error, RedisError) else otherwise


def could_not_read(url: str, reason: str, m: Markup) -> str:
    return f"I couldn't read {m.link(m.text(url), url)}: {m.text(reason)}"


def still_trying(url: str, reason: str | None, m: Markup) -> str:
    """The notice for a link that takes long: the site is slow, or failed in a way worth another try."""
    link = m.link(m.text(url), url)
    problem = f"I couldn't read {link} yet: {m.text(reason)}" if reason else f"{link} is slow to answer;"
    return f"{problem} I'll keep trying for a few minutes and update this message."


def article_label(article: StoredArticle, m: Markup) -> str:
    """The article's title in bold (its URL when it has none), then its outlet."""
    label = m.bold(m.text(article.title or article.url))
    return label + (f" ({m.text(article.outlet)})" if article.outlet else "")


def ingest_line(result: IngestResult, m: Markup) -> str:
    """The thread reply: "*Title* (Outlet) — 7 quotes from 4 speakers: …"."""
    return f"{article_label(result.article, m)} — {m.text(result.summary())}"


def lookup_headline(result: LookupResult, m: Markup) -> str:
    """The first line of a lookup's answer: how many quotes from whom, or the closest names."""
    if not result.speakers:
        text = f"No quotes from anyone matching “{m.text(result.query)}”."
        if result.suggestions:
            text += " Did you mean " + " or ".join(m.bold(m.text(s)) for s in result.suggestions) + "?"
        return text
    names = ", ".join(m.text(s.name) for s in result.speakers)
    if len(result.quotes) == result.total:
        shown = ""
    elif result.page == 1:
        shown = f", newest {len(result.quotes)} shown"
    else:
        shown = f", {result.first_shown}–{result.first_shown + len(result.quotes) - 1} shown"
    return f"{plural(result.total, 'quote')} from {names}{shown}."


def page_indicator(result: LookupResult) -> str:
    return f"Page {result.page} of {result.pages}"


def more_quotes(count: int) -> str:
    """After the quotes that fit in one answer."""
    return f"…and {plural(count, 'more quote')}. {LOOKUP_HINT}"


def quote_words(quote: StoredQuote) -> str:
    """The quoted words as they ran, without the comma a reporting verb left at their end."""
    return quote.text.strip().rstrip(",")


def speaker_line(quote: StoredQuote, m: Markup) -> str:
    if not quote.speaker:
        return "unattributed"
    return m.bold(m.text(quote.speaker)) + (f", {m.text(quote.role)}" if quote.role else "")


def article_facts(article: StoredArticle) -> list[str]:
    """Outlet and date, when known, as plain words."""
    return [fact for fact in (article.outlet, article.date) if fact]


def shared_where(article: StoredArticle, m: Markup) -> str | None:
    """Who shared the article, linked to the message it was shared in when there is one."""
    if not article.shared_by:
        return m.link("shared here", article.shared_in) if article.shared_in else None
    shared = f"shared by {m.person(article.shared_by)}"
    return shared + (f" in {m.link('this message', article.shared_in)}" if article.shared_in else "")


def source_parts(quote: StoredQuote, m: Markup) -> list[str]:
    """Where a quote ran: the article linked, outlet, date, who shared it (and where), how many other articles."""
    article = quote.article
    parts = [m.link(m.text(article.title or article.url), article.url)]
    parts += [m.text(fact) for fact in article_facts(article)]
    if shared := shared_where(article, m):
        parts.append(shared)
    if quote.article_count > 1:
        parts.append(f"also in {plural(quote.article_count - 1, 'other article')}")
    return parts
