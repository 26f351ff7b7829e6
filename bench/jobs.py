"""Jobs the benchmarks enqueue. `quotebot worker` imports this module by name, so workers run with the
project root on PYTHONPATH."""
from bot.runtime import get_ingestor


def ingest(team_id: str, url: str) -> int:
    """Ingest one link as a shared Slack link would be; returns how many quotes were stored."""
    return len(get_ingestor().ingest(team_id, url).quotes)
