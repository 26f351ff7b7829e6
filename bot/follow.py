"""Following a speaker: new quotes by them are sent to their followers, at most once per quiet time (an hour
by default) per speaker; the quotes in between are sent together when it is up."""
from collections import defaultdict
from dataclasses import dataclass

from bot.ingest import IngestResult
from bot.store import QuoteStore, StoredQuote, speaker_id


@dataclass(frozen=True)
class News:
    user: str
    speaker: str
    quotes: list[StoredQuote]


def hold_news(store: QuoteStore, team_id: str, result: IngestResult) -> list[tuple[str, str]]:
    """Keep this article's quotes for the followers of their speakers; returns the (user, speaker id)
    pairs that now have news waiting. A link shared again brings no news."""
    if result.already_known:
        return []
    by_speaker: dict[str, list[str]] = defaultdict(list)
    for quote in result.quotes:
        if quote.speaker and len(quote.articles) == 1:  # ran before: not new
            by_speaker[speaker_id(quote.speaker)].append(quote.id)
    waiting = []
    for sid, qids in by_speaker.items():
        for user in store.followers(team_id, sid):
            store.hold_news(team_id, user, sid, qids)
            waiting.append((user, sid))
    return waiting


def release_news(store: QuoteStore, team_id: str, user: str, sid: str, quiet_seconds: int) -> News | None:
    """The news held for a follower, when they may be told now (then nothing more is told for `quiet_seconds`);
    None when there is none or they must wait (`store.quiet_left` says how long)."""
    qids = store.take_news(team_id, user, sid, quiet_seconds)
    if not qids:
        return None
    quotes = [q for q in store.quotes(team_id, qids) if q is not None and not q.hidden]
    name = store.following(team_id, user).get(sid) or (quotes[0].speaker if quotes else sid)
    return News(user, name, quotes) if quotes else None
