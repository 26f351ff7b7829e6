"""QuoteBot core: article fetching, quote extraction, the quote store and the ingest pipeline.

Nothing in this package knows about Slack or any other front end.
"""
