"""What `/quotes` asks for and what QuoteBot answers, decided once for every front end.

`parse` reads the text typed after `/quotes` (on Slack; on Discord in `/quotes name:`): help, a lookup (a name,
or "words" in quote marks, with filters), `export QUERY`, `follow NAME`, `unfollow NAME`, `following`,
`corrections`, `watch URL [all|digest|silent]`, `unwatch URL`, `watching`. The functions below answer each request, and the corrections made from a lookup's buttons, with
data a front end lays out (a lookup's result, a file, a list of corrections, speakers to choose from) or a
sentence in the front end's markup. Buttons carry the lookup they belong to (`carry`, `carried`).
"""
import html
import io
import re
from dataclasses import dataclass

from bot import export
from bot.lookup import QUOTE_MARKS, Query, QueryError, closest_names, parse_query, with_filters
from bot.fetch import FetchError
from bot.runtime import get_feeds
from bot.store import MODES, Correction, QuoteStore, StoredQuote, name_matches, name_words, speaker_id
from bot.urls import extract_links
from config.settings import get_settings
from handlers import feeds, present
from handlers.present import Markup

CHOICES = 5  # speakers offered when a name matches several
CORRECTIONS_SHOWN = 10
SEARCH_WORDS = 60  # "Who said this?" looks for at most this many words of a message: no quote is longer


class Refused(ValueError):
    """A request QuoteBot turns down; the message says why, for the user."""


# What the text after /quotes asks for

@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Lookup:
    query: Query


@dataclass(frozen=True)
class Export:
    query: Query | None  # None: every quote of the workspace


@dataclass(frozen=True)
class Follow:
    name: str


@dataclass(frozen=True)
class Unfollow:
    name: str


@dataclass(frozen=True)
class Following:
    pass


@dataclass(frozen=True)
class Corrections:
    pass


@dataclass(frozen=True)
class StartWatching:
    url: str
    mode: str  # one of bot.store.MODES


@dataclass(frozen=True)
class StopWatching:
    url: str


@dataclass(frozen=True)
class Watching:
    pass


Request = Help | Lookup | Export | Follow | Unfollow | Following | Corrections | StartWatching | StopWatching | Watching


def parse(text: str) -> Request:
    """Raises QueryError (its message is for the user) for a lookup that can't be run."""
    text = text.strip()
    verb, _, rest = text.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb in ("", "help") and not rest:
        return Help()
    if verb == "export":
        return Export(parse_query(rest) if rest else None)
    if verb in ("follow", "unfollow"):
        if not name_words(rest):
            raise QueryError(f"Who? `/quotes {verb} NAME`, with any part of their name.")
        return Follow(rest) if verb == "follow" else Unfollow(rest)
    if verb == "following" and not rest:
        return Following()
    if verb == "corrections" and not rest:
        return Corrections()
    if verb in ("watch", "unwatch"):
        return watch_request(verb, rest)
    if verb == "watching" and not rest:
        return Watching()
    return Lookup(parse_query(text))


def watch_request(verb: str, rest: str) -> StartWatching | StopWatching:
    """`watch URL [mode]` or `unwatch URL`."""
    links = extract_links(rest)
    if len(links) != 1:
        raise QueryError(present.WATCH_WHAT)
    if verb == "unwatch":
        return StopWatching(links[0])
    words = [word for word in without_links(rest).lower().split() if word]
    if len(words) > 1 or (words and words[0] not in MODES):
        raise QueryError(present.choose_mode(MODES))
    return StartWatching(links[0], words[0] if words else MODES[0])


def without_links(text: str) -> str:
    """The text without its links (Slack's <url|label> or bare ones)."""
    return re.sub(r"<[^<>]*>|https?://\S+", " ", text)


def from_options(name: str | None, words: str | None, **filters: str | None) -> Request:
    """What a command with options asks for (Discord's /quotes): the name read as the text after /quotes is (so
    `export pompeo` works there too), or words to look for; filters given apart apply to a lookup."""
    if name and not words:
        request = parse(name)
        if not isinstance(request, Lookup):
            return request
    query = query_from_options(name, words, **filters)
    return Lookup(query) if query else Help()


def query_from_options(name: str | None, words: str | None, **filters: str | None) -> Query | None:
    """The lookup of a name or of words, with filters given apart; None when neither is given."""
    if name and words:
        raise QueryError(present.NAME_OR_WORDS)
    if not (name or words):
        return None
    query = Query(" ".join(words.strip(QUOTE_MARKS + " ").split()), True) if words else parse_query(name)
    return with_filters(query, **filters)


# Buttons carrying a lookup

def carry(store: QuoteStore, team_id: str, query: Query, room: int) -> str:
    """The lookup, for a button with `room` characters for it: as typed when it fits, else a short key to it in
    the store."""
    text = str(query)
    return f"={text}" if len(text) < room else f"#{store.keep_query(team_id, text)}"


def carried(store: QuoteStore, team_id: str, state: str) -> Query:
    """The lookup a button carries. Raises QueryError when it is no longer kept."""
    if state.startswith("#"):
        text = store.kept_query(team_id, state[1:])
        if text is None:
            raise QueryError(present.LOOKUP_EXPIRED)
        return parse_query(text)
    return parse_query(state[1:])


# Who said the words of a message

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")  # Slack's <url|label>, <@U1>, <#C1|name>; Discord's <@1>, <#1>
_LINK = re.compile(r"https?://\S+")
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»|„([^“”]+)[“”]")


def words_in_message(text: str) -> Query:
    """What "Who said this?" looks for in a message: its longest passage in quote marks when it has one, else
    all its words; without links, mentions and markup. Raises Refused when no words are left."""
    text = _MARKUP.sub(lambda match: match[2] or "", html.unescape(text or ""))
    text = _LINK.sub(" ", text)
    quoted = [next(group for group in match.groups() if group) for match in _QUOTED.finditer(text)]
    quoted = [passage for passage in quoted if len(passage.split()) >= 2]
    words = (max(quoted, key=len) if quoted else text).split()[:SEARCH_WORDS]
    if not name_words(" ".join(words)):
        raise Refused(present.NO_WORDS_IN_MESSAGE)
    return Query(" ".join(words).strip("\"“”«»„*_~`>"), words=True)


# Following

@dataclass(frozen=True)
class Choose:
    """Several speakers match a name: the front end offers each, and sends back the chosen speaker's id."""

    text: str
    action: str  # "follow" or "unfollow"
    speakers: list[tuple[str, str]]  # (speaker id, name)


def follow(store: QuoteStore, team_id: str, user: str, name: str, quiet_seconds: int, m: Markup) -> str | Choose:
    speakers = store.find_speakers(team_id, name)
    exact = [s for s in speakers if s.id == speaker_id(name)]
    if exact or len(speakers) == 1:
        speaker = (exact or speakers)[0]
        store.follow(team_id, user, speaker)
        return present.follow_started(speaker.name, quiet_seconds, m)
    if speakers:
        ranked = sorted(speakers, key=lambda s: (-s.quote_count, s.name))
        return Choose(present.which_speaker(name, [s.name for s in ranked], CHOICES, m), "follow",
                      [(s.id, s.name) for s in ranked[:CHOICES]])
    return present.nobody_matches(name, closest_names(name, store.names_near(team_id, name)), m)


def follow_chosen(store: QuoteStore, team_id: str, user: str, sid: str, quiet_seconds: int, m: Markup) -> str:
    """Follow the speaker chosen among several."""
    speaker = store.speaker_named(team_id, sid)
    if speaker is None:
        raise Refused(present.LOOKUP_EXPIRED)
    store.follow(team_id, user, speaker)
    return present.follow_started(speaker.name, quiet_seconds, m)


def unfollow(store: QuoteStore, team_id: str, user: str, name: str, m: Markup) -> str | Choose:
    followed = store.following(team_id, user)
    matching = {sid: n for sid, n in followed.items() if name_matches(name, n)}
    exact = [sid for sid in matching if sid == speaker_id(name)]
    if exact or len(matching) == 1:
        return unfollow_speaker(store, team_id, user, (exact or list(matching))[0], m)
    if matching:
        names = sorted(matching.items(), key=lambda item: item[1])
        return Choose(present.which_speaker(name, [n for _, n in names], CHOICES, m), "unfollow", names[:CHOICES])
    return present.not_following(name, sorted(followed.values()), m)


def unfollow_speaker(store: QuoteStore, team_id: str, user: str, sid: str, m: Markup) -> str:
    name = store.following(team_id, user).get(sid, sid)
    store.unfollow(team_id, user, sid)
    return present.unfollowed(name, m)


def following(store: QuoteStore, team_id: str, user: str, m: Markup) -> str:
    return present.following_list(sorted(store.following(team_id, user).values()), m)


# Corrections

@dataclass(frozen=True)
class CorrectionList:
    entries: list[tuple[Correction, StoredQuote | None]]  # newest first, each with its quote as it is now


def corrections(store: QuoteStore, team_id: str, count: int = CORRECTIONS_SHOWN) -> CorrectionList:
    found = store.corrections(team_id, count)
    return CorrectionList(list(zip(found, store.quotes(team_id, [c.quote_id for c in found]))))


def correct_speaker(store: QuoteStore, team_id: str, user: str, qid: str, typed: str, m: Markup) -> str:
    """Credit a quote to the speaker typed: a known speaker's full name when the words name one, else the name as
    typed. Raises Refused (for the form's field) for no name, an unclear one, or the speaker it already has."""
    quote = _quote(store, team_id, qid)
    typed = " ".join(typed.split())
    if not name_words(typed):
        raise Refused(present.NAME_NEEDED)
    speakers = store.find_speakers(team_id, typed)
    exact = [s for s in speakers if s.id == speaker_id(typed)]
    if not exact and len(speakers) > 1:
        raise Refused(present.name_unclear(typed, [s.name for s in speakers[:CHOICES]], m))
    name = (exact or speakers)[0].name if exact or speakers else typed
    if quote.speaker and speaker_id(quote.speaker) == speaker_id(name):
        raise Refused(present.already_credited(quote.speaker, m))
    return present.corrected(store.correct(team_id, qid, user, name), quote, m)


def not_a_quote(store: QuoteStore, team_id: str, user: str, qid: str, m: Markup) -> str:
    quote = _quote(store, team_id, qid)
    return present.corrected(store.correct(team_id, qid, user, None), quote, m)


def revert(store: QuoteStore, team_id: str, user: str, cid: str, m: Markup) -> str:
    """Undo a correction; the front end has checked that `user` may."""
    try:
        correction = store.revert(team_id, cid, user)
    except KeyError:
        raise Refused(present.no_correction(cid)) from None
    return present.reverted(correction, store.quotes(team_id, [correction.quote_id])[0], m)


def _quote(store: QuoteStore, team_id: str, qid: str) -> StoredQuote:
    [quote] = store.quotes(team_id, [qid])
    if quote is None or quote.hidden:
        raise Refused(present.QUOTE_GONE)
    return quote


# Export

@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes
    rows: int


def export_file(store: QuoteStore, team_id: str, query: Query | None, form: str = "csv") -> ExportFile:
    """The quotes a lookup finds (every quote, without one) as a CSV or JSON-lines file."""
    out = io.StringIO()
    rows = export.write(export.quotes_to_export(store, team_id, query), out, form)
    label = "-".join(name_words(query.text))[:40] if query else "all"
    return ExportFile(f"quotes-{label or 'all'}.{form}", out.getvalue().encode(), rows)


def export_note(file: ExportFile, query: Query | None, m: Markup) -> str:
    """The sentence sent with an export, or instead of it when nothing matched."""
    asked = str(query) if query else None
    return present.export_ready(file.rows, asked, m) if file.rows else present.nothing_to_export(asked, m)


# Watched feeds

def start_watching(team_id: str, user: str, channel: str, url: str, mode: str, m: Markup) -> str:
    """Watch a feed for a channel (a network fetch, when the feed is new). Raises Refused saying why not."""
    try:
        watched = feeds.watch(team_id, url, channel, mode, user)
    except FetchError as error:
        raise Refused(present.could_not_watch(url, error.reason, m)) from None
    settings = get_settings()
    return present.watch_started(watched, settings.feed_interval_seconds, settings.digest_hour, m)


def stop_watching(team_id: str, url: str, m: Markup) -> str:
    ended = feeds.unwatch(team_id, url)
    return present.unwatched(ended, m) if ended else present.not_watched(url, m)


def watching(team_id: str, m: Markup) -> list[str]:
    return present.watching_list(get_feeds().watched_feeds(team_id), m)
