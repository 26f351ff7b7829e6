"""Loading the spaCy pipeline the extractor runs on."""
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

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


# Quote marks and dashes glued to the words around them ("said,“Look", "ready.”―Ana") are split off,
# so that a reporting verb or a sign-off name is never swallowed into the quote's first or last token.
GLUED_MARKS = (r"[“”„‟\"«»]", r"[‐‑‒–—―]", r"(?<=[^\W\d]),(?=[“\"])")


def split_glued_marks(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + list(GLUED_MARKS)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@lru_cache(maxsize=4)
def load_nlp(model_name: str | None = None) -> Language:
    """The pipeline for `model_name` (default: the configured model), loaded once per process.

    All of the model's components stay on: the extractor reads the parse (what governs a quote),
    the lemmas (reporting verbs) and the entities (people and organisations).
    """
    nlp = spacy.load(model_name or get_settings().spacy_model)
    split_glued_marks(nlp)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
