"""Direct quotes and their speakers, from a parsed news article.

    extract_quotes(nlp(text)) -> [Quote, ...] in text order

marks.py finds the quoted spans, attribution.py the word naming each speaker, names.py turns
that word into a canonical name; this module chains them and carries speakers over to
follow-on quotes.
"""
from spacy.tokens import Doc

from bot.extract.attribution import QuoteTokens, locate_quotes, speaker_token
from bot.extract.marks import QUOTE_MARKS, find_quoted_spans
from bot.extract.names import Speaker, SpeakerResolver
from bot.models import Quote

__all__ = ["extract_quotes"]

MIN_UNATTRIBUTED_WORDS = 4  # shorter quoted bits nobody is said to say are scare quotes or names


def opens_paragraph(text: str, quote: QuoteTokens) -> bool:
    return not text[quote.span.paragraph_start:quote.span.start].strip(QUOTE_MARKS + " \t")


def follows_closely(text: str, earlier: QuoteTokens, later: QuoteTokens) -> bool:
    """True when nothing but the rest of the earlier quote's paragraph separates the two quotes,
    so the later one is the same speaker going on."""
    between = text[earlier.span.end:later.span.paragraph_start].split("\n")[1:]
    return not any(line.strip() for line in between)


def looks_like_title(text: str) -> bool:
    """Book, film or law names: short, no sentence punctuation, every long word capitalised."""
    words = text.split()
    return (len(words) <= 10 and text[-1:] not in ".,!?"
            and all(w[:1].isupper() for w in words if len(w) > 3))


def is_speech(text: str, speaker: Speaker | None) -> bool:
    if speaker is not None:
        return True
    return len(text.split()) >= MIN_UNATTRIBUTED_WORDS and not looks_like_title(text)


def carry_over(text: str, located: list[QuoteTokens], speakers: list[Speaker | None]) -> list[Speaker | None]:
    """Give unattributed quotes the speaker of the quote they continue: a quote left open at a
    paragraph end takes the speaker of its next piece, and a quote following another one closely
    takes the earlier speaker."""
    speakers = list(speakers)
    for i in range(len(located) - 2, -1, -1):
        if speakers[i] is None and not located[i].span.closed and opens_paragraph(text, located[i + 1]):
            speakers[i] = speakers[i + 1]
    for i in range(1, len(located)):
        if speakers[i] is None and follows_closely(text, located[i - 1], located[i]):
            speakers[i] = speakers[i - 1]
    return speakers


def extract_quotes(doc: Doc) -> list[Quote]:
    """Every direct quote in `doc`, in text order, with its speaker when the article names one."""
    text = doc.text
    located, quoted = locate_quotes(doc, find_quoted_spans(text))
    if not located:
        return []
    resolver = SpeakerResolver(doc, quoted)
    speakers = []
    for quote in located:
        token = speaker_token(doc, quote, quoted)
        speakers.append(resolver.speaker(token) if token is not None else None)
    quotes = []
    for quote, speaker in zip(located, carry_over(text, located, speakers)):
        words = text[quote.span.start:quote.span.end]
        if is_speech(words, speaker):
            quotes.append(Quote(words, quote.span.start, quote.span.end,
                                speaker.name if speaker else None, speaker.role if speaker else None,
                                speaker.kind if speaker else None))
    return quotes
