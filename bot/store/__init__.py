"""The quote store: one narrow interface over Redis; every key name is defined in `Keys`.

Per workspace (a Slack team, a Discord server, the command line's `local`), every key carries the workspace
as a hash tag (`qb:{T123}:…`), so multi-key operations stay in one cluster slot and a workspace's data can
be found by its tag alone.

- An article is a JSON record under its canonical URL's digest: metadata, who shared it where, and its
  quote ids in article order.
- A quote is a JSON record under a number, kept 32 to a hash: the words (the longest wording seen), speaker,
  role and kind, every article it ran in, the quotes crediting the same words to someone else (conflicts),
  possible misquotes (variants), and the correction a user made, if any.
- A speaker is a hash (name, role, kind, how many quotes) with a timeline: an entry per quote and article,
  packed, in a hash by span of about three months, so that a page of the newest quotes reads the newest spans.
- A name index (a sorted set read by lexical range) finds speakers by any word of their name, or its prefix.
- A word index keeps, per word, the packed numbers of the quotes holding it, each marked with the word that
  follows it there ("who said this", and the longer versions of a new quote; word_lists.py); an anchor index
  maps the fingerprint of each quote's first words to its number (the stored excerpts of a new quote). Both may
  hold stale entries (a quote reworded, hidden or moved): every candidate is checked against its words.
- Watched feeds (`FeedStore`): a feed's state is shared by the workspaces watching it, under its own hash tag
  (`qb:{feed:…}:…`); each workspace keeps its watches, the feed items it knows and its digests under its own.

Opening a store moves data kept in an earlier layout to this one (migration.py). Writes go through one script per
batch (batch.py), which refuses a job's writes once the workspace was purged after the job was queued. The same
code runs on one Redis or a Redis Cluster.
"""
from bot.store.batch import WorkspaceGone, fenced
from bot.store.feeds import MODES, FeedState, FeedStore, Watch, WatchedFeed, feed_id, item_keys
from bot.store.keys import FeedKeys, Keys
from bot.store.quote_store import QuoteStore
from bot.store.records import (Correction, Filters, OtherCredit, Page, Share, Speaker, StoredArticle, StoredQuote,
                               Variant, article_id, article_time, name_matches, name_words, same_speaker,
                               searchable_words, speaker_id)

__all__ = ["MODES", "Correction", "FeedKeys", "FeedState", "FeedStore", "Filters", "Keys", "Watch", "WatchedFeed",
           "WorkspaceGone", "feed_id", "fenced", "item_keys", "OtherCredit", "Page", "QuoteStore", "Share", "Speaker",
           "StoredArticle", "StoredQuote", "Variant", "article_id", "article_time", "name_matches", "name_words",
           "same_speaker", "searchable_words", "speaker_id"]
