"""Plain data types shared by the core: what an article is and what a quote is."""
from dataclasses import dataclass, field
from enum import Enum


class SpeakerKind(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"  # the White House, the Pentagon, a company
    GROUP = "group"  # protesters, militia fighters, officials: people, but not one person


@dataclass(frozen=True)
class Quote:
    """One direct quote. `text` is exactly `article_text[start:end]`, without the quote marks."""

    text: str
    start: int
    end: int
    speaker: str | None = None  # canonical name, e.g. "Mike Pompeo"; None when nobody is named, or unclear
    role: str | None = None  # e.g. "Secretary of State", kept apart from the name
    speaker_kind: SpeakerKind | None = None
    # How the speaker was found: "named" in the attribution itself, through a "pronoun" or a "role"
    # ("the coach") resolved to the name, "carried" over from the quote or sentence before, or by the
    # plain-text "fallback" when the parse gave nothing; None when nothing attributes the quote.
    attribution: str | None = None
    # How sure the speaker is, 0-1; below the extractor's threshold `speaker` is None ("speaker unclear").
    # None when nothing in the article attributes the quote.
    confidence: float | None = None
    speaker_as_written: str | None = None  # the words naming the speaker at the quote: "he", "the official"
    evidence: dict = field(default_factory=dict, compare=False)  # what decided it, with its weight

    @property
    def unclear(self) -> bool:
        """Attributed in the article, but not clearly enough to name anyone."""
        return self.speaker is None and self.confidence is not None

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "speaker": self.speaker,
                "role": self.role, "speaker_kind": self.speaker_kind.value if self.speaker_kind else None,
                "attribution": self.attribution, "confidence": self.confidence,
                "speaker_as_written": self.speaker_as_written, "evidence": self.evidence}


@dataclass(frozen=True)
class Article:
    url: str  # canonical URL (tracking parameters dropped)
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO date, YYYY-MM-DD
    author: str | None = None
    meta: dict = field(default_factory=dict)
