"""Loading the spaCy pipeline the extractor runs on."""
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from config.settings import get_settings


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break. News paragraphs never share a sentence, and the
    parser, left alone, often runs a dateline or a one-line paragraph into the next sentence."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and ("\n" in before.whitespace_ or before.is_space and "\n" in before.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(model_name: str | None = None) -> Language:
    """The pipeline for `model_name` (default: the configured model), loaded once per process.

    All of the model's components stay on: the extractor reads the parse (what governs a quote),
    the lemmas (reporting verbs) and the entities (people and organisations).
    """
    nlp = spacy.load(model_name or get_settings().spacy_model)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
