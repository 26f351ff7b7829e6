"""The ingest pipeline: a link becomes an article and its quotes in the store, fetched once per workspace (once for
all the workspaces watching the feed it came from)."""
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass

from spacy.language import Language

from bot import metrics
from bot.article import read_article
from bot.extract import extract_quotes
from bot.fetch import FetchError
from bot.models import Article, SpeakerKind
from bot.store import QuoteStore, Share, StoredArticle, StoredQuote, WorkspaceGone, fenced
from bot.urls import canonical_url
from config.settings import Settings


@dataclass(frozen=True)
class IngestResult:
    article: StoredArticle
    quotes: list[StoredQuote]  # in article order
    already_known: bool  # the link had been shared before; nothing was fetched

    def speaker_tally(self) -> list[tuple[str, int]]:
        """Speakers with their quote counts: people before groups, most quoted first, then by first quote."""
        counts = Counter(q.speaker for q in self.quotes if q.speaker)
        first = {q.speaker: i for i, q in reversed(list(enumerate(self.quotes)))}
        kinds = {q.speaker: q.speaker_kind for q in self.quotes}
        return sorted(counts.items(),
                      key=lambda item: (kinds[item[0]] not in (SpeakerKind.PERSON, None), -item[1], first[item[0]]))

    def summary(self) -> str:
        """E.g. "7 quotes from 4 speakers: Donald Trump (4), Mark Esper, Mike Pompeo, militia fighters"."""
        if not self.quotes:
            return "no direct quotes found"
        tally = self.speaker_tally()
        unclear = sum(1 for q in self.quotes if q.unclear)
        unattributed = sum(1 for q in self.quotes if not q.speaker and not q.unclear)
        text = f"{plural(len(self.quotes), 'quote')} from {plural(len(tally), 'speaker')}"
        if tally:
            text += ": " + ", ".join(name if n == 1 else f"{name} ({n})" for name, n in tally)
        apart = [f"{unclear} with the speaker unclear" if unclear else "",
                 f"{unattributed} unattributed" if unattributed else ""]
        if unclear or unattributed:
            text += f" ({', '.join(part for part in apart if part)})"
        return text


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class Ingestor:
    """Holds what one process needs to ingest links: the store, the loaded spaCy model, the settings."""

    def __init__(self, store: QuoteStore, nlp: Language, settings: Settings):
        self.store, self.nlp, self.settings = store, nlp, settings

    def ingest(self, team_id: str, url: str, share: Share | None = None) -> IngestResult:
        """Raises `bot.fetch.FetchError` with a user-facing reason when the link can't be read. `share` says
        who shared it, where, and links to the message on platforms that have such links."""
        return self.ingest_into([team_id], url, lambda _: share)[team_id]

    def ingest_into(self, team_ids: list[str], url: str, share: Callable[[str], Share | None],
                    read: Callable[[str, Settings], Article] = read_article,
                    generations: dict[str, int] | None = None) -> dict[str, IngestResult]:
        """Ingest one link into several workspaces (the watchers of a feed), fetching and extracting it at most
        once; `share(team_id)` says how it came to each, `read` fetches the article. Each workspace keeps its own
        copy. With `generations` (else the job's own fence holds), a workspace whose generation has moved on (it was
        purged meanwhile) gets nothing and no result. Raises FetchError when the link can't be read."""
        try:
            url = canonical_url(url)
        except ValueError:
            raise FetchError("That doesn't look like a valid link.", kind="invalid_link") from None
        # Long enough to fetch and extract; a worker that dies holding one only delays others this long. Taken in
        # one order everywhere, so that two ingests into overlapping workspaces never wait for each other.
        with ExitStack() as held:
            for team_id in sorted(set(team_ids)):
                held.enter_context(self.store.article_lock(team_id, url, seconds=self.settings.fetch_total_timeout + 30))
            results = {team_id: IngestResult(*known, already_known=True) for team_id in team_ids
                       if (known := self.store.get_article(team_id, url))}
            missing = [team_id for team_id in team_ids if team_id not in results]
            if not missing:
                return results
            article = read(url, self.settings)
            with metrics.EXTRACTION_SECONDS.time():
                quotes = extract_quotes(self.nlp(article.text))
            for team_id in missing:
                known = self.store.get_article(team_id, article.url)  # a redirect may land on a known article
                if known:
                    results[team_id] = IngestResult(*known, already_known=True)
                    continue
                try:
                    with fenced(team_id, generations[team_id]) if generations else nullcontext():
                        self.store.save_article(team_id, article, quotes, share(team_id))
                except WorkspaceGone:
                    if not generations:
                        raise  # the job's own workspace is gone: the worker drops the job
                    continue  # one of several workspaces is gone: the others keep theirs
                metrics.ARTICLES_INGESTED.inc()
                metrics.QUOTES_STORED.inc(len(quotes))
                results[team_id] = IngestResult(*self.store.get_article(team_id, article.url), already_known=False)
            return results
