"""What watching a feed does, the same on every platform and on the command line.

Polls run on RQ: each poll sets when its feed is due next and schedules, on RQ's scheduler, the job for that time
(one job per POLL_SLOT_SECONDS, shared by the feeds due then, so that a poll costs little more than its request); the
job polls the feeds due by then, a batch at a time. The schedules are rebuilt from the stored feeds when workers
start. A poll hands each new item to a job of its own, which reads it once for every workspace watching the feed,
through the same pipeline as a shared link, then tells each channel as its mode says (`all`: the article's answer;
`digest`: held for the daily digest; `silent`: nothing) and tells the followers of its speakers. A feed that pauses
after failing too often is said so in each channel watching it, once.

A platform supplies `Channels` (Slack's in handlers/slack/jobs.py, Discord's in handlers/discord/jobs.py); which one a
workspace is on is told by its id.
"""
import logging
import math
import re
import time
import uuid
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from bot import metrics
from bot.feeds.polling import PollOutcome
from bot.fetch import FetchError
from bot.ingest import IngestResult
from bot.logs import log_context
from bot.queue import is_last_attempt
from bot.runtime import get_feeds, get_ingestor, get_poller, get_queue, get_store
from bot.store import FeedState, Share, Watch, WorkspaceGone, article_id, feed_id, fenced
from bot.urls import canonical_url
from config.settings import get_settings
from handlers import news, present
from handlers.discord import is_discord

log = logging.getLogger(__name__)

POLL_SLOT_SECONDS = 10  # feeds due within the same ten seconds share a poll job
POLL_BATCH = 50  # feeds one poll job takes at a time
POLL_LEASE_SECONDS = 300  # a feed claimed by a job that dies comes due again after this
# The poll slots this process has scheduled a job for (or found one scheduled), until they pass: most polls of a round
# fall in a slot already scheduled, and need not ask RQ again.
_slots_scheduled: set[int] = set()
DIGEST_ARTICLES = 20  # listed in a digest; the count and the most quoted cover them all
DIGEST_SPEAKERS = 5


class Channels(Protocol):
    """Where a platform's feed news goes."""

    markup: present.Markup

    def post(self, team_id: str, channel: str, text: str, result: IngestResult | None = None) -> None:
        """Post `text` in a channel, with the answer a shared link gets when `result` is given."""

    @staticmethod
    def tell_follower(team_id: str, user: str, sid: str) -> None:
        """The job telling a follower their news (see handlers/news.py)."""


def channels_of(team_id: str) -> Channels:
    if is_discord(team_id):
        from handlers.discord.jobs import DISCORD_CHANNELS

        return DISCORD_CHANNELS
    from handlers.slack.jobs import SLACK_CHANNELS

    return SLACK_CHANNELS


# Watching

def watch(team_id: str, url: str, channel: str | None, mode: str, by: str | None) -> Watch:
    """Watch a feed from a workspace (see `Poller.watch`): a new feed's first items go to the queue at once, and its
    polls are scheduled. Raises FetchError saying why it can't be watched."""
    watched, outcome = get_poller().watch(team_id, url, channel, mode, by)
    if outcome is not None:
        settle(outcome, inline=False)
    elif (state := get_feeds().feed(watched.fid)) and not state.paused:
        schedule_polls(max(state.next_poll or 0, time.time()))  # resumed, or its job long gone: made sure of
    return watched


def find_watch(team_id: str, url: str) -> Watch | None:
    """The workspace's watch of the feed at `url`, or of the feed found from the page at `url`."""
    try:
        wanted = canonical_url(url)
    except ValueError:
        return None
    feeds = get_feeds()
    return feeds.watch_of(team_id, feed_id(wanted)) or next(
        (watch for watch in feeds.watches(team_id) if _same_link(watch.added_as, wanted)), None)


def _same_link(url: str, canonical: str) -> bool:
    try:
        return canonical_url(url) == canonical
    except ValueError:
        return False


def unwatch(team_id: str, url: str) -> Watch | None:
    """Stop watching; the watch that ended, or None when there was none."""
    found = find_watch(team_id, url)
    if found is not None:
        get_feeds().unwatch(team_id, found.fid)
    return found


def stop_watching_everything(team_id: str) -> None:
    """A job: a workspace that removed QuoteBot watches nothing any more."""
    count = get_feeds().forget_workspace(team_id)
    log.info("workspace %s no longer watches its %d feeds", team_id, count)


# Polling

def poll_due() -> None:
    """A job: poll the feeds due now, a batch of them; when there may be more, another job takes the next batch at
    once (on another worker, if one is free)."""
    fids = get_feeds().claim_due(time.time(), POLL_BATCH, lease=POLL_LEASE_SECONDS)
    if not fids:
        return
    schedule_polls(time.time() + POLL_LEASE_SECONDS)  # for the feeds of a worker that dies meanwhile
    if len(fids) == POLL_BATCH:
        get_queue().enqueue_once(f"feed-polls-{uuid.uuid4().hex}", poll_due)
    deadline = time.monotonic() + get_settings().job_timeout / 2  # slow sites: leave the rest to the next job
    for number, fid in enumerate(fids):
        if time.monotonic() > deadline:
            for left in fids[number:]:
                get_feeds().set_due(left, time.time())
            get_queue().enqueue_once(f"feed-polls-{uuid.uuid4().hex}", poll_due)
            return
        try:
            outcome = get_poller().poll(fid)
        except Exception:  # the store failed mid-poll: the feed comes due again when its claim ends
            log.exception("polling feed %s failed", fid)
            continue
        if outcome is not None:
            settle(outcome, inline=False)


@dataclass(frozen=True)
class PollReport:
    """How polling one feed went for a workspace (the command line's `feeds poll`)."""

    watch: Watch
    outcome: PollOutcome | None  # None: another process was polling it
    new: int = 0
    ingested: int = 0
    skipped: int = 0
    errors: int = 0


def poll_now(team_id: str) -> list[PollReport]:
    """Poll every feed the workspace watches at once, reading their new items here; the schedules go on from now."""
    reports = []
    for watched in get_feeds().watches(team_id):
        outcome = get_poller().poll(watched.fid, force=True)
        if outcome is None:
            reports.append(PollReport(watched, None))
            continue
        done = settle(outcome, inline=True).get(team_id, Counter())
        take = outcome.takes.get(team_id)
        reports.append(PollReport(watched, outcome, take.new if take else 0, done["ingested"],
                                  (take.skipped if take else 0) + done["skipped"],
                                  done["error"] + (1 if outcome.error else 0)))
    return reports


def settle(outcome: PollOutcome, inline: bool) -> dict[str, Counter]:
    """After a poll: the channels told if the feed paused, its new items read (here when `inline`, else each in a job
    of its own) and its next poll scheduled. Returns, when
    inline, how each workspace's items went."""
    state = outcome.state
    if outcome.paused_now:
        for team_id in get_feeds().watchers(state.fid):
            tell_paused(team_id, state)
    teams_of: dict[str, list[str]] = defaultdict(list)
    for team_id, take in outcome.takes.items():
        for item in take.items:
            teams_of[item.url].append(team_id)
    done: dict[str, Counter] = defaultdict(Counter)
    for url, teams in teams_of.items():
        if inline:
            for team_id, result in take_item(state.fid, url, teams).items():
                done[team_id][result] += 1
        else:
            get_queue().enqueue_once(item_job_id(state.fid, url), take_item, state.fid, url, teams)
    if not state.paused and state.next_poll:
        schedule_polls(max(state.next_poll, state.wait_until or 0))
    return done


def item_job_id(fid: str, url: str) -> str:
    """One job per feed and item."""
    return f"feed-item-{fid}-{article_id(canonical_url(url))}"


def schedule_polls(at: float) -> None:
    """The poll job for the feeds due by `at`: the one for the end of its slot, scheduled unless it is already."""
    slot = math.ceil(at / POLL_SLOT_SECONDS) * POLL_SLOT_SECONDS
    if slot in _slots_scheduled:
        return
    # RQ's scheduler counts whole seconds: a second more, so that the job never runs before its feeds are due.
    get_queue().enqueue_later(f"feed-polls-{slot}", max(0, math.ceil(slot - time.time())) + 1, poll_due)
    now = time.time()
    _slots_scheduled.difference_update([past for past in _slots_scheduled if past < now])
    _slots_scheduled.add(slot)


def schedule_every_feed() -> int:
    """Rebuild the poll schedules from the stored feeds (when workers start): every feed that is not paused is due at
    its next poll, and a job polls it then. Returns how many feeds are due."""
    feeds, now = get_feeds(), time.time()
    for fid in feeds.every_feed():
        state = feeds.feed(fid)
        if state is not None and not state.paused:
            feeds.set_due(fid, state.next_poll or now, only_new=True)
    due = feeds.due_times()
    for at in due:
        schedule_polls(max(at, now))
    return len(due)


# Items

def take_item(fid: str, url: str, teams: list[str]) -> dict[str, str]:
    """Read a feed's new item once for the workspaces taking it (a job, or called by `poll_now`), then tell their
    channels and their followers. Returns each workspace's outcome: "ingested", "skipped" (known already) or "error".
    Raises on a failure worth another try while the job has tries left."""
    feeds = get_feeds()
    state = feeds.feed(fid)
    title = state.title if state else url
    # A workspace purged meanwhile gets nothing: no watch, or its writes refused.
    found = {team_id: feeds.fenced_watch(team_id, fid) for team_id in teams}
    generations = {team_id: generation for team_id, (generation, _) in found.items()}
    watches = {team_id: watch for team_id, (_, watch) in found.items() if watch}
    if not watches:
        return {}
    with log_context(url=url):
        try:
            results = get_ingestor().ingest_into(
                list(watches), url, lambda team_id: Share(by=f"feed: {title}", channel=watches[team_id].channel,
                                                          via="feed"),
                read=get_poller().sources.read_article, generations=generations)
        except FetchError as error:
            if not error.permanent and not is_last_attempt():
                raise
            metrics.ARTICLES_FAILED.labels(metrics.failure_reason(error)).inc()
            log.warning("could not read %s from feed %s: %s", url, title, error.reason)
            return {team_id: "error" for team_id in watches}
    outcomes = {}
    for team_id, result in results.items():
        if result.already_known:
            outcomes[team_id] = "skipped"
            continue
        outcomes[team_id] = "ingested"
        with suppress(WorkspaceGone), fenced(team_id, generations[team_id]), log_context(team=team_id):
            feeds.count_article(team_id, fid)
            announce(team_id, watches[team_id], title, result)
            news.pass_on(get_store(), team_id, result, channels_of(team_id).tell_follower)
    return outcomes


def announce(team_id: str, watched: Watch, title: str, result: IngestResult) -> None:
    """Tell the watch's channel of a new article as its mode says. A channel that can't be told (gone, or the platform
    failing) does not stop the followers from hearing."""
    if watched.channel is None or watched.mode == "silent":
        return
    try:
        if watched.mode == "digest":
            get_feeds().hold_for_digest(team_id, watched.channel, result.article.url)
            schedule_digest(team_id, watched.channel)
        elif result.quotes:
            channels = channels_of(team_id)
            channels.post(team_id, watched.channel, present.feed_article_heading(title, channels.markup), result)
    except Exception:
        log.exception("could not tell channel %s of %s", watched.channel, result.article.url)


def tell_paused(team_id: str, state: FeedState) -> None:
    watched = get_feeds().watch_of(team_id, state.fid)
    if watched is None or watched.channel is None:
        return
    channels = channels_of(team_id)
    try:
        channels.post(team_id, watched.channel, present.feed_paused(state, channels.markup))
    except Exception:
        log.exception("could not tell channel %s that %s paused", watched.channel, state.url)


# Digests

def schedule_digest(team_id: str, channel: str) -> None:
    """The channel's next digest, at QUOTEBOT_DIGEST_HOUR (UTC); one job per channel and day."""
    now = datetime.now(timezone.utc)
    due = now.replace(hour=get_settings().digest_hour, minute=0, second=0, microsecond=0)
    if due <= now:
        due += timedelta(days=1)
    job_id = re.sub(r"[^\w-]", "_", f"feed-digest-{team_id}-{channel}-{due:%Y%m%d%H}")
    get_queue().enqueue_later(job_id, math.ceil((due - now).total_seconds()), send_digest, team_id, channel,
                              workspace=team_id)


def send_digest(team_id: str, channel: str) -> None:
    """The digest of the articles a channel's feeds brought since the last one (a job)."""
    store = get_store()
    found = [known for url in get_feeds().take_digest(team_id, channel)
             if (known := store.get_article(team_id, url))]
    if not found:
        return
    tally = Counter(quote.speaker for _, quotes in found for quote in quotes if quote.speaker)
    channels = channels_of(team_id)
    lines = present.digest(len(found), [(article, len(quotes)) for article, quotes in found[:DIGEST_ARTICLES]],
                           tally.most_common(DIGEST_SPEAKERS), channels.markup)
    with log_context(team=team_id, channel=channel):
        channels.post(team_id, channel, "\n".join(lines))
