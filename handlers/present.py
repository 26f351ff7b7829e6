"""What QuoteBot says, decided once for every front end.

The sentences (the thread reply's summary, the reasons a link can't be read, lookup results, usage) are
built here. A front end passes its `Markup` (Slack's mrkdwn, Discord's markdown, plain text) and only lays
the pieces out: Block Kit sections, Discord embeds, terminal lines.
"""
import re
from datetime import datetime, timezone
from typing import Protocol

from redis import RedisError

from bot.follow import News
from bot.ingest import IngestResult, plural
from bot.lookup import LookupResult, Overview
from bot.matching import Change
from bot.store import Correction, FeedState, StoredArticle, StoredQuote, Watch, WatchedFeed

COMMAND_HELP = ("`/quotes NAME` shows what someone was quoted saying, newest first "
                "(any part of the name works: `/quotes pompeo`, `/quotes Mike Pompeo`); "
                "`/quotes \"some words\"` finds who said them. Narrow either with `since:2024-01-01`, "
                "`until:2024-06-30`, `outlet:reuters` or `in:#channel`. `/quotes export NAME` sends you the quotes "
                "as a spreadsheet (CSV; `/quotes export` alone: every quote here); `/quotes follow NAME` tells you "
                "when someone is quoted in a new article (`/quotes unfollow NAME`, `/quotes following`); "
                "`/quotes corrections` lists the quotes people here corrected; `/quotes watch URL` watches an "
                "outlet's feed or news sitemap for this channel (add `digest` for one message a day, `silent` for "
                "none; `/quotes unwatch URL`, `/quotes watching`).")
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
LOOKUP_EXPIRED = "That answer is too old to use any more: ask `/quotes` again."
NO_WORDS_IN_MESSAGE = "That message has no words to look for."
QUOTE_GONE = "That quote is no longer in the archive."
NAME_NEEDED = "Type the name of the person who said it."
NAME_OR_WORDS = "Look up a name or some words, not both at once."
NO_CORRECTIONS = "No one has corrected a quote here yet."
NOT_FOLLOWING_ANYONE = "You don't follow anyone yet: `/quotes follow NAME`."
NOT_WATCHING_ANY_FEED = "No feed is watched here yet: `/quotes watch URL` with an outlet's feed, sitemap or page."
WATCH_WHAT = "Which feed? `/quotes watch URL`, with an outlet's feed, news sitemap or front page."
EXPORT_ON_ITS_WAY = "I'm putting your export together; it comes as a direct message from me."
WRONG_SPEAKER, NOT_A_QUOTE, WHERE_IT_RAN = "Wrong speaker…", "Not a quote…", "Where it ran"
WHO_SAID_THIS = "Who said this?"
WHO_SAID_IT = "Who said it?"
SPEAKER_PLACEHOLDER = "Their name, as the article gives it"
CORRECTION_APPLIES = ("Everyone here sees the correction at once, and it holds when the words run again in a later "
                      "article. An admin can revert it.")
HIDE_QUESTION = "Hide this quote for everyone here? It was not said by anyone: a headline, a slogan, a title."
REVERT, HIDE_IT, CORRECT_IT, CANCEL = "Revert", "Hide it", "Correct it", "Cancel"


class Markup(Protocol):
    """How a platform writes emphasis, links and people. `text` escapes words so they show as written;
    the other methods take words already escaped."""

    def text(self, words: str) -> str: ...

    def bold(self, words: str) -> str: ...

    def link(self, label: str, url: str) -> str: ...

    def person(self, user: str) -> str: ...

    def channel(self, channel: str) -> str: ...


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

    @staticmethod
    def channel(channel: str) -> str:
        return f"#{channel}"


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


def queued(url: str, ahead: int, m: Markup) -> str:
    """The notice for a link waiting behind others: how many are ahead of it."""
    link = m.link(m.text(url), url)
    return (f"{link} is queued behind {plural(ahead, 'other link')}; I'll read it as soon as I can and update "
            "this message.")


def article_label(article: StoredArticle, m: Markup) -> str:
    """The article's title in bold (its URL when it has none), then its outlet."""
    label = m.bold(m.text(article.title or article.url))
    return label + (f" ({m.text(article.outlet)})" if article.outlet else "")


def ingest_line(result: IngestResult, m: Markup) -> str:
    """The thread reply: "*Title* (Outlet) — 7 quotes from 4 speakers: …"."""
    return f"{article_label(result.article, m)} — {m.text(result.summary())}"


def article_notes(result: IngestResult, m: Markup) -> list[str]:
    """What the thread reply adds when this article's quotes are credited to someone else elsewhere, or
    worded differently for the same speaker."""
    notes = []
    conflicts = [q for q in result.quotes if q.also_attributed_to]
    if conflicts:
        lead = (f"{plural(len(conflicts), 'quote')} here {'is' if len(conflicts) == 1 else 'are'} credited to "
                "someone else in another article:")
        notes.append(" ".join([lead] + [f"“{m.text(_excerpt(q.text))}” — {conflict_note(q, m)}" for q in conflicts]))
    misquotes = [q for q in result.quotes if q.variants]
    if misquotes:
        lead = f"{plural(len(misquotes), 'possible misquote')}:"
        notes.append(" ".join([lead] + [variant_note(q, m) for q in misquotes]))
    return notes


def lookup_headline(result: LookupResult, m: Markup) -> str:
    """The first line of a lookup's answer: how many quotes, from whom or with what words, or the
    closest names."""
    filters = _filters_text(result, m)
    if result.query.words:
        if not result.total_is_exact and not result.total:
            return (f"No quotes with the words “{m.text(result.query.text)}”{filters} among the newest I checked: "
                    "add a less common word from the quote.")
        found = plural(result.total, "quote") if result.total_is_exact else f"At least {result.total} quotes"
        return f"{found} with the words “{m.text(result.query.text)}”{filters}."
    if not result.speakers:
        return nobody_matches(result.query.text, result.suggestions, m)
    names = ", ".join(m.text(s.name) for s in result.speakers)
    found = plural(result.total, "quote") if result.total_is_exact else f"About {result.total} quotes"
    return f"{found} from {names}{filters}{_shown(result)}."


def _shown(result: LookupResult) -> str:
    if len(result.quotes) == result.total:
        return ""
    if result.page == 1:
        return f", newest {len(result.quotes)} shown"
    return f", {result.first_shown}–{result.first_shown + len(result.quotes) - 1} shown"


def _filters_text(result: LookupResult, m: Markup) -> str:
    filters = result.query.filters
    parts = [f"since {filters.since}" if filters.since else "", f"until {filters.until}" if filters.until else "",
             f"in outlets matching “{m.text(filters.outlet)}”" if filters.outlet else "",
             f"shared in {m.channel(filters.channel)}" if filters.channel else ""]
    return "".join(f", {p}" for p in parts if p)


def page_indicator(result: LookupResult) -> str:
    return f"Page {result.page} of {result.pages}"


def more_quotes(count: int) -> str:
    """After the quotes that fit in one answer."""
    return f"…and {plural(count, 'more quote')}. {LOOKUP_HINT}"


def quote_words(quote: StoredQuote) -> str:
    """The quoted words as they ran, without the comma a reporting verb left at their end."""
    return quote.text.strip().rstrip(",")


def speaker_line(quote: StoredQuote, m: Markup) -> str:
    if quote.unclear:
        return speaker_unclear(quote.speaker_as_written, m)
    if not quote.speaker:
        return "unattributed"
    return m.bold(m.text(quote.speaker)) + (f", {m.text(quote.role)}" if quote.role else "")


def speaker_unclear(as_written: str, m: Markup) -> str:
    """A quote the article attributes too unclearly to name anyone: "speaker unclear (“he”)"."""
    return f"speaker unclear (“{m.text(as_written)}”)"


def article_facts(article: StoredArticle) -> list[str]:
    """Outlet and date, when known, as plain words."""
    return [fact for fact in (article.outlet, article.date) if fact]


def shared_where(article: StoredArticle, m: Markup) -> str | None:
    """Who shared the article, linked to the message it was shared in when there is one; or the feed it came from."""
    if article.via == "feed":
        return f"from {m.text(article.shared_by or 'a watched feed')}"
    if not article.shared_by:
        return m.link("shared here", article.shared_in) if article.shared_in else None
    shared = f"shared by {m.person(article.shared_by)}"
    return shared + (f" in {m.link('this message', article.shared_in)}" if article.shared_in else "")


def source_parts(quote: StoredQuote, m: Markup) -> list[str]:
    """Where a quote ran: its newest article linked, outlet, date, who shared it (and where); then, when it
    ran more than once, in how many articles and where first."""
    parts = article_parts(quote.article, m)
    if quote.article_count > 1:
        parts.append(provenance(quote, m))
    return parts


def article_parts(article: StoredArticle, m: Markup) -> list[str]:
    parts = [m.link(m.text(article.title or article.url), article.url)]
    parts += [m.text(fact) for fact in article_facts(article)]
    if shared := shared_where(article, m):
        parts.append(shared)
    return parts


def provenance(quote: StoredQuote, m: Markup) -> str:
    """ "in 3 articles · first: Reuters, 2024-03-02": first is the earliest publication (or share) date."""
    first = quote.first_seen
    return f"in {quote.article_count} articles{SEPARATOR}first: {m.text(_outlet(first))}, {first.day}"


# How a speaker the article did not name beside the quote was found (bot.models.Quote.attribution).
INFERRED_SPEAKER = {"pronoun": "Speaker found from a pronoun (“he”, “she”, “it”)",
                    "role": "Speaker found from a role the article gave them (“the mayor”)",
                    "carried": "Speaker carried over from the quote before",
                    "fallback": "Speaker found from the wording around the quote"}


def quote_notes(quote: StoredQuote, m: Markup) -> list[str]:
    """What a lookup marks on a quote: how its speaker was inferred, someone else credited with it, a possible
    misquote, a correction."""
    notes = [INFERRED_SPEAKER[quote.attribution]] if quote.attribution in INFERRED_SPEAKER else []
    if quote.also_attributed_to:
        notes.append(f"⚠ Also credited to {conflict_note(quote, m)}")
    if quote.variants:
        notes.append(f"⚠ Possible misquote: {variant_note(quote, m)}")
    if quote.correction:
        notes.append(correction_note(quote.correction, m))
    return notes


def conflict_note(quote: StoredQuote, m: Markup) -> str:
    """ "*Ann Lee* (The Ledger, 2024-03-02)" for each other speaker, with where they are credited."""
    return "; ".join(f"{m.bold(m.text(other.speaker or 'nobody'))} ({_where(other.articles, m)})"
                     for other in quote.also_attributed_to)


def variant_note(quote: StoredQuote, m: Markup) -> str:
    """ "“big” here, “heavy” in The Ledger (2024-03-02)": the differing words side by side."""
    return "; ".join(f"{_changes(variant.changes, m)} in {_where(variant.articles, m)}" for variant in quote.variants)


def correction_note(correction: Correction, m: Markup) -> str:
    day = datetime.fromtimestamp(correction.at, timezone.utc).date().isoformat()
    if correction.kind == "not_quote":
        return f"Marked not a quote by {m.person(correction.by)} on {day}"
    return (f"Speaker corrected by {m.person(correction.by)} on {day} "
            f"(was {m.text(correction.before or 'unattributed')})")


def _changes(changes: list[Change], m: Markup) -> str:
    return ", ".join(f"“{m.text(c.before or '…')}” here, “{m.text(c.after or '…')}”" for c in changes)


def _where(articles: list[StoredArticle], m: Markup) -> str:
    return "; ".join(m.link(m.text(_outlet(a)), a.url) + f", {a.day}" for a in articles[:3]) + (
        f" and {len(articles) - 3} more" if len(articles) > 3 else "")


def _outlet(article: StoredArticle) -> str:
    return article.outlet or article.title or article.url


def _excerpt(text: str, words: int = 12) -> str:
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def news_heading(news: News, m: Markup) -> str:
    """The first line of a message to someone following a speaker."""
    return f"New from {m.bold(m.text(news.speaker))}: {plural(len(news.quotes), 'quote')}."


def articles_line(article: StoredArticle, quotes: int, m: Markup) -> str:
    """A shared article in a list: linked title, outlet, date, how many quotes."""
    return SEPARATOR.join(article_parts(article, m)[:3] + [plural(quotes, "quote")])


def ran_in(quote: StoredQuote, m: Markup) -> list[str]:
    """Every article a quote ran in, first to last, under a line naming the quote."""
    heading = f"{quote_excerpt(quote, m)} ran in {plural(quote.article_count, 'article')}, first to last:"
    return [heading] + [SEPARATOR.join(article_parts(article, m)) for article in quote.articles]


def nobody_matches(name: str, suggestions: list[str], m: Markup) -> str:
    text = f"No quotes from anyone matching “{m.text(name)}”."
    if suggestions:
        text += " Did you mean " + " or ".join(m.bold(m.text(s)) for s in suggestions) + "?"
    return text


def quote_excerpt(quote: StoredQuote, m: Markup, words: int = 12) -> str:
    """The first words of a quote, in quote marks: enough to tell which one is meant."""
    return f"“{m.text(_excerpt(quote_words(quote), words))}”"


# Corrections

def corrected(correction: Correction, quote: StoredQuote, m: Markup) -> str:
    """What whoever corrected a quote is told."""
    if correction.after is None:
        return f"Thanks: {quote_excerpt(quote, m)} is hidden as not a quote, for everyone here."
    return f"Thanks: {quote_excerpt(quote, m)} is now credited to {m.bold(m.text(correction.after))}, for everyone here."


def reverted(correction: Correction, quote: StoredQuote | None, m: Markup) -> str:
    words = quote_excerpt(quote, m) if quote else f"quote {correction.id}"
    return (f"Correction {correction.id} reverted: {words} is credited to "
            f"{m.bold(m.text(correction.before or 'no one'))} again.")


def no_correction(cid: str) -> str:
    return f"There is no correction {cid}."


def revert_refused(admins: str) -> str:
    return f"Only {admins} can revert a correction."


def name_unclear(typed: str, names: list[str], m: Markup) -> str:
    return (f"Several people here match “{m.text(typed)}”: {', '.join(m.text(n) for n in names)}. "
            "Type the full name.")


def already_credited(name: str, m: Markup) -> str:
    return f"It is already credited to {m.text(name)}."


def corrections_heading(count: int) -> str:
    return f"{plural(count, 'correction')} made here, newest first:" if count else NO_CORRECTIONS


def correction_line(correction: Correction, quote: StoredQuote | None, m: Markup) -> str:
    """ "3. “Words…” — speaker corrected by Bob on 2024-03-05 (was Dana Whitlock)", and whether it was reverted."""
    words = quote_excerpt(quote, m) if quote else f"quote {correction.quote_id}"
    state = "" if correction.active else f" — reverted by {m.person(correction.reverted_by or 'someone')}"
    return f"{correction.id}. {words} — {correction_note(correction, m)}{state}"


# Following

def follow_started(name: str, quiet_seconds: int, m: Markup) -> str:
    return (f"You'll get a message when {m.bold(m.text(name))} is quoted in a new article here "
            f"(at most one every {duration(quiet_seconds)}; the quotes in between come together).")


def which_speaker(name: str, names: list[str], shown: int, m: Markup) -> str:
    more = f" (and {len(names) - shown} more: type more of the name)" if len(names) > shown else ""
    return f"Several people here match “{m.text(name)}”{more}. Which one?"


def unfollowed(name: str, m: Markup) -> str:
    return f"You no longer follow {m.bold(m.text(name))}."


def not_following(name: str, followed: list[str], m: Markup) -> str:
    text = f"You don't follow anyone matching “{m.text(name)}”."
    return text + (f" You follow {', '.join(m.bold(m.text(n)) for n in followed)}." if followed else "")


def following_list(names: list[str], m: Markup) -> str:
    if not names:
        return NOT_FOLLOWING_ANYONE
    return (f"You follow {', '.join(m.bold(m.text(n)) for n in names)}: I send you a message when they are quoted "
            "in a new article here.")


def news_footer(name: str, m: Markup) -> str:
    return f"To stop these: `/quotes unfollow {m.text(name)}`."


def duration(seconds: int) -> str:
    """ "an hour", "30 minutes", "90 seconds"."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return "an hour" if seconds == 3600 else f"{seconds // 3600} hours"
    if seconds >= 60 and seconds % 60 == 0:
        return "a minute" if seconds == 60 else f"{seconds // 60} minutes"
    return plural(seconds, "second")


# Export

def export_ready(rows: int, query: str | None, m: Markup) -> str:
    what = f"“{m.text(query)}”" if query else "every quote here"
    return f"Your export of {what}: {plural(rows, 'row')}, one per quote and article it ran in."


def export_too_big(rows: int, limit: int) -> str:
    return (f"The export has {plural(rows, 'row')}, more than the {limit // 1_000_000} MB a file here may hold: narrow "
            "it with a name, words or filters, or ask whoever runs QuoteBot for `quotebot export`.")


def nothing_to_export(query: str | None, m: Markup) -> str:
    return f"Nothing to export: no quotes match “{m.text(query)}”." if query else "Nothing to export: no quotes yet."


# App Home

HOME_INTRO = ("I collect every direct quote from the news links shared in the channels I'm in: the exact words, "
              "who said them, and every article they ran in.")
NO_ARTICLES_YET = "No articles shared yet: paste a news link in a channel I'm in."
NO_QUOTES_THIS_WEEK = "No one quoted in the articles shared this week."
NO_CONFLICTS = "No quote is credited to different people in different articles."
WHO_SAID_HINT = (f"To find who said the words of any message, open its menu (⋯) and choose *{WHO_SAID_THIS}*. "
                 f"Each quote a lookup shows has a menu: *{WRONG_SPEAKER}* and *{NOT_A_QUOTE}* correct it for "
                 "everyone here.")


def overview_sections(summary: Overview, m: Markup) -> list[tuple[str, list[str]]]:
    """The overview of a workspace as (heading, lines): the latest articles with their quote counts, the most
    quoted speakers this week, the quotes credited to different people."""
    articles = [articles_line(a, len(a.quote_ids), m) for a in summary.articles] or [NO_ARTICLES_YET]
    speakers = [SEPARATOR.join(f"{m.bold(m.text(name))} ({n})" for name, n in summary.top_speakers)
                or NO_QUOTES_THIS_WEEK]
    conflicts = [f"{quote_excerpt(q, m)} — {speaker_line(q, m)}; also credited to {conflict_note(q, m)}"
                 for q in summary.conflicts] or [NO_CONFLICTS]
    return [("Latest articles", articles), ("Most quoted this week", speakers),
            ("Credited to different people", conflicts), ("How to use QuoteBot", [COMMAND_HELP, WHO_SAID_HINT])]


# Watched feeds

MODE_SENTENCES = {"all": "every new article with quotes is posted in {channel}",
                  "digest": "{channel} gets a digest of its new articles every day at {hour:02d}:00 UTC",
                  "silent": "its quotes are kept for lookups and follows; nothing is posted"}


def watch_started(watch: Watch, interval: int, digest_hour: int, m: Markup) -> str:
    channel = m.channel(watch.channel) if watch.channel else "no channel"
    mode = MODE_SENTENCES[watch.mode].format(channel=channel, hour=digest_hour)
    every = re.sub(r"^an? ", "", duration(interval))  # "every 10 minutes", "every hour"
    return f"Watching {m.bold(m.text(watch.title))} ({m.text(watch.url)}): I check it every {every}, and {mode}."


def choose_mode(modes: tuple[str, ...]) -> str:
    return f"After the link, say how the channel hears of its articles: {', '.join(f'`{mode}`' for mode in modes)}."


def could_not_watch(url: str, reason: str, m: Markup) -> str:
    return f"I can't watch {m.link(m.text(url), url)}: {m.text(reason)}"


def unwatched(watch: Watch, m: Markup) -> str:
    return f"I no longer watch {m.bold(m.text(watch.title))} here."


def not_watched(url: str, m: Markup) -> str:
    return f"No feed at {m.text(url)} is watched here. `/quotes watching` lists them."


def watching_list(feeds: list[WatchedFeed], m: Markup) -> list[str]:
    """One line per watched feed: title, where and how, and how its polls go."""
    if not feeds:
        return [NOT_WATCHING_ANY_FEED]
    lines = [f"{plural(len(feeds), 'feed')} watched here:"]
    for feed in feeds:
        watch, where = feed.watch, m.channel(feed.watch.channel) if feed.watch.channel else "no channel"
        lines.append(SEPARATOR.join([m.link(m.text(watch.title), watch.url), f"{where}, {watch.mode}",
                                     f"{plural(feed.articles_ingested, 'article')} read",
                                     feed_health(feed.state, m)]))
    return lines


def feed_health(state: FeedState | None, m: Markup) -> str:
    if state is None:
        return "not polled yet"
    if state.paused:
        return f"paused after {plural(state.errors, 'failure')} in a row: {m.text(state.last_status or '')}"
    if state.errors:
        return f"{plural(state.errors, 'failure')} in a row, last: {m.text(state.last_status or '')}"
    return f"last checked {_moment(state.last_polled)}" if state.last_polled else "not polled yet"


def _moment(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def feed_article_heading(feed_title: str, m: Markup) -> str:
    """Above the answer an article from a watched feed gets in its channel."""
    return f"New in {m.bold(m.text(feed_title))}:"


def feed_paused(state: FeedState, m: Markup) -> str:
    return (f"I stopped watching {m.bold(m.text(state.title))} ({m.text(state.url)}) after "
            f"{plural(state.errors, 'failure')} in a row; the last: {m.text(state.last_status or '')} "
            f"`/quotes watch {m.text(state.url)}` starts again.")


def digest(count: int, articles: list[tuple[StoredArticle, int]], top: list[tuple[str, int]], m: Markup) -> list[str]:
    """The day's digest of a channel's feeds: how many new articles, who was quoted most, then the first articles
    with their quote counts."""
    lines = [f"From the feeds watched here: {plural(count, 'new article')}."]
    if top:
        lines.append("Quoted most: " + ", ".join(m.bold(m.text(name)) + (f" ({n})" if n > 1 else "")
                                                 for name, n in top) + ".")
    more = [f"…and {plural(count - len(articles), 'more article')}."] if count > len(articles) else []
    return lines + [articles_line(article, quotes, m) for article, quotes in articles] + more


def poll_line(report, m: Markup) -> str:
    """How polling a feed went (a `handlers.feeds.PollReport`), for the command line."""
    title, outcome = m.text(report.watch.title), report.outcome
    if outcome is None:
        return f"{title}: another process is polling it right now"
    state = outcome.state
    if not outcome.polled and state.paused:
        return f"{title}: paused after {plural(state.errors, 'failure')} in a row ({m.text(state.last_status or '')})"
    if not outcome.polled:
        return f"{title}: not polled, the site asked to wait until {_moment(state.wait_until or 0)}"
    line = (f"{title}: {plural(report.new, 'new item')}, {report.ingested} ingested, {report.skipped} skipped, "
            f"{plural(report.errors, 'error')}")
    if outcome.error:
        line += f" ({m.text(outcome.error.reason)})"
    return line + (f"; paused after {plural(state.errors, 'failure')} in a row" if outcome.paused_now else "")
