"""What QuoteBot says about a stored quote, decided once for every platform."""
from bot.models import SpeakerKind
from bot.store import StoredArticle, StoredQuote
from handlers import present
from handlers.text import PLAIN

ARTICLE = StoredArticle(id="a1", url="https://news.example/pool", title="Pool to open in June", outlet="Valley Post",
                        date="2024-05-02", author=None, shared_by="U1", shared_at=0)


def found(speaker: str, role: str | None, attribution: str) -> list[str]:
    quote = StoredQuote("1", "The pool opens in June.", speaker, role, SpeakerKind.PERSON, [ARTICLE],
                        attribution=attribution)
    return present.quote_notes(quote, PLAIN)


def test_a_lookup_says_how_a_speaker_was_inferred():
    assert found("Ines Falk", "Mayor", "role") == [present.INFERRED_SPEAKER["role"]]
    assert found("Ines Falk", "Mayor", "pronoun") == [present.INFERRED_SPEAKER["pronoun"]]
    assert found("Ines Falk", "Mayor", "carried") == [present.INFERRED_SPEAKER["carried"]]


def test_a_speaker_named_or_described_at_the_quote_needs_no_note():
    assert found("Ines Falk", "Mayor", "named") == []
    assert found("lifeguard", "lifeguard", "named") == []  # “…,” a lifeguard said: as the article has it
