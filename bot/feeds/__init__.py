"""Watching news sources: outlet feeds (RSS, Atom, JSON Feed) and news sitemaps, polled on the job queue.

`documents` reads a fetched document into a feed and its items (or the feed an outlet's page links to);
`sources` fetches a feed politely (conditional GET, one request at a time per host); `polling` decides when a
feed is polled next and which of its items each watching workspace takes.
"""
