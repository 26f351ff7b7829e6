"""Reading names and descriptions off the tokens: the name proper inside a run of words ("Mark Esper"
in "Secretary of Defense Mark Esper"), the role attached to it, and noun phrases as speakers read them.
"""
from spacy.tokens import Token

from bot.extract.lexicon import (COURTESY_TITLES, DOCUMENT_NAME_ENDINGS, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES,
                                 NAME_LIKE_TITLES, OFFICE_TITLES, ORGANISATION_NOUNS, PAST_REPORTING_FORMS,
                                 PERSON_NOUNS, PERSON_SUFFIXES, POSSESSIVE_ENDINGS, TITLE_WORDS)
from bot.extract.marks import ALL_MARKS, DASH_CHARS

# Prepositions tying an unnamed source to whom or where it speaks for: "a spokesman for the mayor".
SOURCE_PREPOSITIONS = frozenset({"for", "to", "at", "of", "with", "inside", "in", "from", "on", "close"})
MAX_SOURCE_WORDS = 8
# Left modifiers of a noun that say how many or which, not who: "around 6,000", "the", "some".
UNDESCRIPTIVE_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "punct", "cc", "advmod"})


def is_title(token: Token) -> bool:
    return token.lower_ in TITLE_WORDS


def ends_description(token: Token) -> bool:
    """A word after which a name starts afresh: an office ("Labour MP Jo Hart") or a common noun
    ("Pine Hollow fire Captain Lea Moreau", "campaign manager Rosa Lind")."""
    return token.lower_ in OFFICE_TITLES and token.lower_ not in NAME_LIKE_TITLES \
        or token.pos_ == "NOUN" and token.is_lower


def name_tokens(tokens: list[Token]) -> list[Token]:
    """The name proper inside a run of tokens: titles, honorifics and descriptions before it
    dropped, the possessive ending and anything after a comma dropped."""
    kept = []
    for token in tokens:
        if token.tag_ == "POS" and kept and is_part_of_name(token):
            kept.append(token)
            break
        if token.is_punct and token.text != "." and not is_glued_hyphen(token) or token.tag_ == "POS":
            if kept:
                break
            continue
        kept.append(token)
    dropped = []
    while len(kept) > 1 and (is_title(kept[0]) or not kept[0].text[:1].isupper() or opens_with_occupation(kept[0])
                             or opens_with_reporting_verb(kept[0])):
        dropped.append(kept.pop(0))
    if kept and not kept[0].text[:1].isupper() \
            or kept and is_title(kept[0]) and not any(t.lower_ in COURTESY_TITLES for t in dropped) \
            and not is_surname_like_title(kept):
        return []  # a bare title ("the Governor"), but "Mr. King" is Mr. King, and so is "King said"
    cut = max((i for i, token in enumerate(kept[:-1]) if ends_description(token)), default=-1)
    return kept[cut + 1:]


def is_surname_like_title(kept: list[Token]) -> bool:
    """A title that is also a surname, standing alone as a name: "King" in "King said", not "the King"."""
    word = kept[0]
    before = word.nbor(-1) if word.i > 0 else None
    return len(kept) == 1 and word.lower_ in NAME_LIKE_TITLES and word.pos_ == "PROPN" \
        and not (before is not None and before.dep_ in {"det", "poss"} and before.head.i == word.i)


def is_part_of_name(possessive: Token) -> bool:
    """A possessive ending that owns nothing is part of a name: “Trelawny’s, the bakery chain, said”."""
    after = possessive.nbor() if possessive.i + 1 < len(possessive.doc) else None
    return after is None or after.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM", "ADV"} and after.is_punct \
        or after is not None and after.pos_ in {"AUX", "VERB"}


def opens_with_reporting_verb(token: Token) -> bool:
    """A reporting verb capitalised only because it starts the sentence: "Stated Stone: “…”"."""
    return token.is_sent_start and token.lower_ in PAST_REPORTING_FORMS


def opens_with_occupation(token: Token) -> bool:
    """An occupation capitalised only because it starts the sentence: "Novelist Ben Achebe said"."""
    return token.is_sent_start and is_person_word(token.lower_)


def is_person_word(word: str) -> bool:
    """A word for a person: a noun like "neighbour" or "candidate", an office, or a word ending as an occupation
    does ("historian", "chairwoman"), unless it is a given name ("Adrian", "Norman")."""
    return word in PERSON_NOUNS or word in OFFICE_TITLES \
        or word.endswith(PERSON_SUFFIXES) and word not in MALE_FIRST_NAMES and word not in FEMALE_FIRST_NAMES \
        or word.endswith("s") and word[:-1] in PERSON_NOUNS


def is_glued_hyphen(token: Token) -> bool:
    return token.text in DASH_CHARS and not token.whitespace_ and token.i > 0 and not token.nbor(-1).whitespace_


def name_text(words: list[Token]) -> str:
    """A name as written, hyphens and all: "Park Geun-hye", "Jean-Luc Moreau"."""
    return "".join(t.text_with_ws for t in words).strip()


def names_a_document(words: list[Token]) -> bool:
    """A law or plan the recogniser took for a person: "the Bathtub Bill", "its “Marsh Act”" (but "said
    Ed Law" is a person)."""
    before = [t for t in words[0].doc[max(0, words[0].i - 2):words[0].i] if t.text not in ALL_MARKS]
    return len(words) > 1 and words[-1].lower_ in DOCUMENT_NAME_ENDINGS \
        and bool(before) and (before[-1].dep_ in {"det", "poss"} or before[-1].tag_ == "PRP$")


def left_modifiers(head: Token) -> list[Token]:
    """The descriptive words before a noun: "striking dock" in "300 striking dock workers"."""
    kept = []
    for child in head.lefts:
        if child.dep_ not in UNDESCRIPTIVE_DEPS:
            kept.extend(child.subtree)
    return sorted(kept, key=lambda t: t.i)


def phrase(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,")


def description(tokens: list[Token]) -> str | None:
    """A description as a role or nominal speaker reads it: without leading punctuation and
    without an article of its own ("A doctor at the clinic" -> "doctor at the clinic"); an article
    belonging to a possessor stays, in lower case ("The project's engineer" -> "the project's engineer")."""
    tokens = list(tokens)
    while tokens and (not has_word(tokens[0]) or tokens[0].dep_ == "det" and not owns(tokens[0])):
        tokens.pop(0)
    if not tokens:
        return None
    if tokens[0].dep_ == "det":
        return (tokens[0].lower_ + tokens[0].whitespace_ + phrase(tokens[1:])).strip()
    return phrase(tokens)


def has_word(token: Token) -> bool:
    return any(c.isalnum() for c in token.text)


def owns(det: Token) -> bool:
    """Whether a determiner belongs to a possessor: "the" in "the project's chief engineer"."""
    return any(c.tag_ == "POS" for c in det.head.children)


def noun_phrase(head: Token) -> str:
    return description(left_modifiers(head) + [head]) or head.text


def described_source(head: Token) -> str:
    """An unnamed source as the article describes it, with the phrase saying whose or where it is:
    "spokeswoman for the harbour authority", "aide to the mayor", "operative inside the campaign"."""
    tokens = left_modifiers(head) + [head]
    for child in head.rights:
        tied = child.dep_ == "prep" and child.lower_ in SOURCE_PREPOSITIONS \
            or child.dep_ == "amod" and any(c.dep_ == "prep" for c in child.children)  # "close to", "familiar with"
        if not tied:
            break
        words = []
        for token in child.subtree:
            if token.text in ALL_MARKS:
                continue  # a quoted title is part of it: "the authors of the “Harbour Plan”"
            if token.is_punct and token.text not in {"’s", "'s", "-"}:
                break  # "an adviser to Lind, who asked not to be named"
            words.append(token)
        if len(words) > MAX_SOURCE_WORDS:
            break
        tokens.extend(words)
        if len(words) < len(list(child.subtree)):
            break
    return description(tokens) or head.text


def title_run(name_head: Token, name_start: Token) -> list[Token]:
    """The words of a name's phrase right before the name: "Secretary of Defense" in "Secretary of
    Defense Ana Ruiz", stopping at a quote mark or a clause boundary."""
    subtree = {t.i for t in name_head.subtree}
    start = name_start.i
    while start > 0 and start - 1 in subtree and name_start.doc[start - 1].text not in ALL_MARKS + ",;:()" \
            and not (all(c in DASH_CHARS for c in name_start.doc[start - 1].text)
                     and not is_glued_hyphen(name_start.doc[start - 1])) \
            and name_start.doc[start - 1].pos_ != "VERB" \
            and not opens_with_reporting_verb(name_start.doc[start - 1]):  # "Continued Pell:": a verb is no title
        start -= 1
    return list(name_start.doc[start:name_start.i])


def role_of(name_head: Token, name_start: Token) -> str | None:
    """Titles before the name ("Secretary of Defense") or an appositive description after it; none for an
    owner ("Sanders’ son": the son is not Sanders's role)."""
    if is_possessor(name_head):
        return None
    titles = description(title_run(name_head, name_start))
    if titles and not all(word in COURTESY_TITLES for word in titles.lower().split()):
        return titles
    return appositive_role(name_head, name_start) or titles  # "The trust’s medical director, Dr Ada Lund"


def appositive_role(name_head: Token, name_start: Token) -> str | None:
    for child in name_head.children:
        if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"} and child.ent_type_ != "PERSON":
            return description(child.subtree)
    if name_head.dep_ == "appos" and is_title(name_head.head):
        return description(title_run(name_head.head, name_head.head) + [name_head.head])  # police Chief, Don Perry
    if name_head.dep_ == "appos" and name_head.head.pos_ == "NOUN" and (
            is_person_noun(name_head.head) or name_head.head.lemma_.lower() in ORGANISATION_NOUNS):
        head = name_head.head  # "Her neighbour, Bev Sawchuk"; "Co-founder and chief executive Ana Obi"; not a
        # stadium in "Of the new stadium, Levine said"
        return description([t for t in head.subtree if t.i < name_start.i]) or noun_phrase(head)
    return None


def reported_clause(subject: Token) -> list[Token]:
    """The words a subject's verb reports or acts on: "Lind was wrong" in "he said Lind was wrong"."""
    return [t for c in subject.head.children if c.dep_ in {"ccomp", "xcomp", "dobj"} and c.i > subject.i
            for t in c.subtree]


def is_possessor(token: Token) -> bool:
    return token.dep_ == "poss" or token.i + 1 < len(token.doc) and token.nbor().lower_ in POSSESSIVE_ENDINGS


def is_person_noun(token: Token) -> bool:
    return is_person_word(token.lemma_.lower())


def has_office_title(token: Token) -> bool:
    """A name with an office before it, whatever the entity recogniser made of it ("Councillor Priya Raman")."""
    return token.pos_ == "PROPN" and any(t.dep_ == "compound" and t.lower_ in OFFICE_TITLES for t in token.lefts)
