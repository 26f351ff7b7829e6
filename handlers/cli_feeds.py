"""`quotebot feeds add|list|remove|poll`: watching outlets' feeds and news sitemaps from the command line, for scripts
and tests. A feed added here for a Slack team or a Discord server (`--team discord:SERVER_ID`) and a channel is
announced there by the workers, as one added with `/quotes watch`.

Like the rest of the command line, it imports the core only once a command runs: the metrics library must not be
imported before `quotebot serve` has chosen where its processes count."""
import json
import os
import sys
from datetime import datetime, timezone


def add_feeds_command(add, default_team: str) -> None:
    """The `feeds` command and its actions, on the parser's subcommands (`add` makes one)."""
    from bot.store import MODES

    actions = add("feeds", help="watch outlets' feeds and news sitemaps").add_subparsers(dest="action", required=True)
    watch = actions.add_parser("add", help="watch a feed (RSS, Atom, JSON Feed), a news sitemap, or the feed an "
                                           "outlet's page links to")
    watch.add_argument("url")
    watch.add_argument("--team", default=default_team)
    watch.add_argument("--channel", help="where its new articles are announced (none: nowhere)")
    watch.add_argument("--mode", choices=MODES, default=MODES[0])
    listing = actions.add_parser("list", help="the watched feeds and how their polls go")
    listing.add_argument("--team", default=default_team)
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="stop watching a feed")
    remove.add_argument("url")
    remove.add_argument("--team", default=default_team)
    poll = actions.add_parser("poll", help="poll every watched feed once now and read its new items here")
    poll.add_argument("--team", default=default_team)


def run_feeds(args) -> int:
    return {"add": add_feed, "list": list_feeds, "remove": remove_feed, "poll": poll_feeds}[args.action](args)


def add_feed(args) -> int:
    from bot.fetch import FetchError
    from handlers import feeds, present
    from handlers.text import PLAIN

    try:
        watched = feeds.watch(args.team, args.url, args.channel, args.mode, os.environ.get("USER"))
    except FetchError as error:
        print(present.could_not_watch(args.url, error.reason, PLAIN), file=sys.stderr)
        return 2
    print(PLAIN.link(watched.title, watched.url))
    return 0


def list_feeds(args) -> int:
    from bot.runtime import get_feeds
    from handlers import present
    from handlers.text import PLAIN

    watched = get_feeds().watched_feeds(args.team)
    if args.json:
        print(json.dumps([feed_json(feed) for feed in watched], ensure_ascii=False))
    else:
        print("\n".join(present.watching_list(watched, PLAIN)))
    return 0


def feed_json(feed) -> dict:
    state, watch = feed.state, feed.watch
    return {"url": watch.url, "title": watch.title if state is None else state.title, "channel": watch.channel,
            "mode": watch.mode, "last_polled": moment(state and state.last_polled),
            "last_status": state and state.last_status, "items_seen": feed.items_seen,
            "articles_ingested": feed.articles_ingested, "errors_in_a_row": state.errors if state else 0,
            "next_poll": moment(state and not state.paused and state.next_poll), "paused": bool(state and state.paused)}


def moment(seconds: float | None) -> str | None:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds") if seconds else None


def remove_feed(args) -> int:
    from handlers import feeds, present
    from handlers.text import PLAIN

    ended = feeds.unwatch(args.team, args.url)
    if ended is None:
        print(present.not_watched(args.url, PLAIN), file=sys.stderr)
        return 2
    print(present.unwatched(ended, PLAIN))
    return 0


def poll_feeds(args) -> int:
    """One line per feed; a feed that failed is reported, not fatal."""
    from handlers import feeds, present
    from handlers.text import PLAIN

    for report in feeds.poll_now(args.team):
        print(present.poll_line(report, PLAIN), flush=True)
    return 0
