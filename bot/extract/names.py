"""Turning the word that names a speaker into a canonical speaker: who, in what role, what kind.

Names are canonicalised against the people the article mentions: a bare surname ("Lind") or
a pronoun ("she") becomes the full name of the most recent compatible person mentioned before it.
"""
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.extract.lexicon import (COURTESY_TITLES, DOCUMENT_NAME_ENDINGS, FEMALE_FIRST_NAMES, FEMALE_HONORIFICS,
                                 MALE_FIRST_NAMES, MALE_HONORIFICS, NAME_LIKE_TITLES, OFFICE_TITLES,
                                 ORGANISATION_LABELS, ORGANISATION_NOUNS, PERSON_NOUNS, PERSON_SUFFIXES,
                                 PLURAL_PRONOUNS, POSSESSIVE_ENDINGS, PRONOUN_GENDER, QUANTITY_NOUNS, STATEMENT_NOUNS,
                                 TITLE_WORDS)
from bot.extract.marks import DASH_CHARS, QUOTE_MARKS
from bot.models import SpeakerKind

NAME_LINK_DEPS = frozenset({"compound", "conj", "appos", "flat"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Left modifiers of a noun that say how many or which, not who: "around 6,000", "the", "some".
UNDESCRIPTIVE_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "punct", "cc", "advmod"})


@dataclass(frozen=True)
class Speaker:
    name: str | None
    role: str | None
    kind: SpeakerKind | None


@dataclass(frozen=True)
class Mention:
    """A person named in the article, with the name canonicalised."""
    token: int  # index of the name's last token
    name: str
    gender: str | None
    is_subject: bool
    role: str | None = None


def is_title(token: Token) -> bool:
    return token.lower_ in TITLE_WORDS


def ends_description(token: Token) -> bool:
    """A word after which a name starts afresh: an office ("Labour MP Jo Hart") or a common noun
    ("Tulsa police Chief Don Perry", "campaign manager Rosa Lind")."""
    return token.lower_ in OFFICE_TITLES and token.lower_ not in NAME_LIKE_TITLES \
        or token.pos_ == "NOUN" and token.is_lower


def name_tokens(tokens: list[Token]) -> list[Token]:
    """The name proper inside a run of tokens: titles, honorifics and descriptions before it
    dropped, the possessive ending and anything after a comma dropped."""
    kept = []
    for token in tokens:
        if token.is_punct and token.text != "." and not is_glued_hyphen(token) or token.tag_ == "POS":
            if kept:
                break
            continue
        kept.append(token)
    dropped = []
    while len(kept) > 1 and (is_title(kept[0]) or not kept[0].text[:1].isupper()):
        dropped.append(kept.pop(0))
    if kept and not kept[0].text[:1].isupper() \
            or kept and is_title(kept[0]) and not any(t.lower_ in COURTESY_TITLES for t in dropped):
        return []  # a bare title ("the Governor"), but "Mr. King" is Mr. King
    cut = max((i for i, token in enumerate(kept[:-1]) if ends_description(token)), default=-1)
    return kept[cut + 1:]


def is_glued_hyphen(token: Token) -> bool:
    return token.text in DASH_CHARS and not token.whitespace_ and token.i > 0 and not token.nbor(-1).whitespace_


def name_text(words: list[Token]) -> str:
    """A name as written, hyphens and all: "Park Geun-hye", "Jean-Luc Moreau"."""
    return "".join(t.text_with_ws for t in words).strip()


def gender_of(first_name: str, title: str | None) -> str | None:
    title = (title or "").lower()
    first = first_name.lower()
    if title in MALE_HONORIFICS or first in MALE_FIRST_NAMES:
        return "male"
    if title in FEMALE_HONORIFICS or first in FEMALE_FIRST_NAMES:
        return "female"
    return None


def person_mentions(doc: Doc, quoted: list[int]) -> list[Mention]:
    """Every PERSON entity outside quotes, in text order, canonicalised against earlier full names."""
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or quoted[ent.start] >= 0:
            continue
        words = name_tokens(list(ent))
        if not words or names_a_document(words):
            continue
        before = doc[words[0].i - 1] if words[0].i > 0 else None
        title = before.text if before is not None and is_title(before) else None
        name = name_text(words)
        gender = gender_of(words[0].text, title) if len(words) > 1 else gender_of("", title)
        role = role_of(ent.root, words[0])
        if len(words) == 1:
            known = full_name_for(mentions, name, gender, ent.end)
            if known:
                name, gender, role = known.name, gender or known.gender, role or known.role
        is_subject = ent.root.dep_ in {"nsubj", "nsubjpass"}
        mentions.append(Mention(ent.end - 1, name, gender, is_subject, role))
    return mentions


def names_a_document(words: list[Token]) -> bool:
    """A law or plan the recogniser took for a person: "the Bathtub Bill", "its “Marsh Act”" (but "said
    Ed Law" is a person)."""
    before = [t for t in words[0].doc[max(0, words[0].i - 2):words[0].i] if t.text not in QUOTE_MARKS]
    return len(words) > 1 and words[-1].lower_ in DOCUMENT_NAME_ENDINGS \
        and bool(before) and (before[-1].dep_ in {"det", "poss"} or before[-1].tag_ == "PRP$")


def full_name_for(mentions: list[Mention], surname: str, gender: str | None, before: int) -> Mention | None:
    """The most recent mention before token `before` whose full name ends with `surname`."""
    for mention in reversed(mentions):
        if mention.token >= before:
            continue
        parts = mention.name.split()
        if len(parts) > 1 and parts[-1].lower() == surname.lower() and gender in {None, mention.gender}:
            return mention
    return None


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


def title_run(name_head: Token, name_start: Token) -> list[Token]:
    """The words of a name's phrase right before the name: "Secretary of Defense" in "Secretary of
    Defense Ana Ruiz", stopping at a quote mark or a clause boundary."""
    subtree = {t.i for t in name_head.subtree}
    start = name_start.i
    while start > 0 and start - 1 in subtree and name_start.doc[start - 1].text not in QUOTE_MARKS + ",;:()":
        start -= 1
    return list(name_start.doc[start:name_start.i])


def role_of(name_head: Token, name_start: Token) -> str | None:
    """Titles before the name ("Secretary of Defense") or an appositive description after it."""
    titles = description(title_run(name_head, name_start))
    if titles:
        return titles
    for child in name_head.children:
        if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"} and child.ent_type_ != "PERSON":
            return description(child.subtree)
    if name_head.dep_ == "appos" and is_title(name_head.head):
        return description(title_run(name_head.head, name_head.head) + [name_head.head])  # police Chief, Don Perry
    if name_head.dep_ == "appos" and name_head.head.pos_ == "NOUN":
        return noun_phrase(name_head.head)
    return None


def reported_clause(subject: Token) -> list[Token]:
    """The words a subject's verb reports or acts on: "Lind was wrong" in "he said Lind was wrong"."""
    return [t for c in subject.head.children if c.dep_ in {"ccomp", "xcomp", "dobj"} and c.i > subject.i
            for t in c.subtree]


def is_possessor(token: Token) -> bool:
    return token.dep_ == "poss" or token.i + 1 < len(token.doc) and token.nbor().lower_ in POSSESSIVE_ENDINGS


def is_person_noun(token: Token) -> bool:
    word = token.lemma_.lower()
    return word in PERSON_NOUNS or word in OFFICE_TITLES or word.endswith(PERSON_SUFFIXES)


def has_office_title(token: Token) -> bool:
    """A name with an office before it, whatever the entity recogniser made of it ("Councillor Priya Raman")."""
    return token.pos_ == "PROPN" and any(t.dep_ == "compound" and t.lower_ in OFFICE_TITLES for t in token.lefts)


class SpeakerResolver:
    """Names speakers, given the people the article mentions."""

    def __init__(self, doc: Doc, quoted: list[int]):
        self.doc = doc
        self.mentions = person_mentions(doc, quoted)
        self.surnames = {m.name.split()[-1].lower() for m in self.mentions}

    def speaker(self, token: Token) -> Speaker | None:
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            token = token.head.head
        if token.pos_ == "PRON":
            return self.pronoun(token)
        named = [c for c in token.children if c.dep_ in NAME_LINK_DEPS and c.ent_type_ == "PERSON"]
        if token.ent_type_ != "PERSON" and named:
            return self.person(named[-1])  # "Vice President for sales Rosa Lind", parsed as a conjunct
        if token.ent_type_ == "PERSON" or token.pos_ == "PROPN" and token.ent_type_ not in ORGANISATION_LABELS \
                or token.lower_ in self.surnames or has_office_title(token):
            return self.person(token)
        if token.ent_type_ in ORGANISATION_LABELS:
            return self.organisation(token)
        if token.pos_ == "NOUN":
            return self.nominal(token)
        return None

    def person(self, token: Token) -> Speaker | None:
        run = [t for t in token.lefts if t.dep_ in {"compound", "flat"} and t.pos_ == "PROPN" or is_glued_hyphen(t)]
        words = name_tokens(run + [token])
        if not words:
            return self.titled_person(token)
        if names_a_document(words):
            return None
        name = name_text(words)
        title = token.nbor(-1).text if token.i > 0 and is_title(token.nbor(-1)) else None
        gender = gender_of(words[0].text if len(words) > 1 else "", title)
        role = role_of(token, words[0])
        if len(words) == 1:
            known = full_name_for(self.mentions, name, gender, token.i + 1) \
                or full_name_for(self.mentions, name, gender, len(self.doc))
            if known:
                name, gender = known.name, gender or known.gender
        role = role or self.role_in_article(name)
        self.remember(Mention(token.i, name, gender, True, role))
        return Speaker(name, role, SpeakerKind.PERSON)

    def role_in_article(self, name: str) -> str | None:
        """The role the article first gives a person: "Mayor" for every quote of "Mayor Helen Okafor"."""
        return next((m.role for m in self.mentions if m.name == name and m.role), None)

    def titled_person(self, title: Token) -> Speaker | None:
        """A title the parser made the head, with the name hanging under it ("Secretary of the
        Interior Grace Olsen" parsed as Secretary -> of -> Olsen)."""
        names = [t for t in title.subtree if t.i > title.i and t.pos_ == "PROPN" and not is_title(t)]
        if not names:
            return None
        found = self.person(names[-1])
        if found is None or found.name is None:
            return found
        first_name_token = names[-1].i - len(found.name.split()) + 1
        return Speaker(found.name, description(self.doc[title.i:first_name_token]) or found.role, found.kind)

    def remember(self, mention: Mention) -> None:
        """Count a speaker as a mention, so a later "he said" can point back to them even when
        the entity recogniser missed their name."""
        at = len(self.mentions)
        while at and self.mentions[at - 1].token > mention.token:
            at -= 1
        self.mentions.insert(at, mention)

    def organisation(self, token: Token) -> Speaker:
        ent = next(e for e in self.doc.ents if e.start <= token.i < e.end)
        words = [t for t in ent if t.dep_ != "det" and t.tag_ != "POS"]
        while words and not has_word(words[0]):
            words.pop(0)  # a sign-off dash the recogniser took in: "― Acme Mills"
        kind = SpeakerKind.GROUP if ent.label_ == "NORP" and token.tag_ in {"NNS", "NNPS"} else SpeakerKind.ORGANISATION
        return Speaker(phrase(words) or ent.text, None, kind)

    def nominal(self, token: Token) -> Speaker | None:
        """A common noun: a statement's author, an organisation, a group, or an unnamed person, named
        by its noun phrase ("Indiana governor", "Homeland Security memo") unless the article names them."""
        if token.lemma_.lower() in STATEMENT_NOUNS:
            author = self.author_of_statement(token)
            found = self.speaker(author) if author is not None else None
            return found or Speaker(noun_phrase(token), None, SpeakerKind.ORGANISATION)
        for child in token.children:
            if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
                return self.person(child)
        if token.lower_ in QUANTITY_NOUNS:
            counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
            if counted:
                return self.speaker(counted[0])
        if token.lemma_.lower() in ORGANISATION_NOUNS:
            return Speaker(noun_phrase(token), None, SpeakerKind.ORGANISATION)
        if token.tag_ == "NNS":
            return Speaker(noun_phrase(token), None, SpeakerKind.GROUP)
        if not is_person_noun(token):
            return None  # "the sign read", "the ad uses": no one speaks
        role = noun_phrase(token)
        holder = self.sole_holder(role, token.i)
        if holder is not None:
            return Speaker(holder.name, holder.role, SpeakerKind.PERSON)
        return Speaker(role, role, SpeakerKind.PERSON)

    def sole_holder(self, role: str, before: int) -> Mention | None:
        """The one person named earlier with exactly this role: "the mayor" after "Mayor Helen Okafor"."""
        holders = {m.name: m for m in self.mentions if m.token < before and (m.role or "").lower() == role.lower()}
        return next(iter(holders.values())) if len(holders) == 1 else None

    @staticmethod
    def author_of_statement(statement: Token) -> Token | None:
        """X in "X's statement", "a statement from X" or "a statement issued by X"."""
        for child in statement.children:
            if child.dep_ == "poss" or child.dep_ == "compound" and child.pos_ == "PROPN":
                return child
            if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
            if child.dep_ == "acl" and child.tag_ == "VBN":
                agents = [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
                if agents:
                    return agents[0]
        return None

    def pronoun(self, token: Token) -> Speaker | None:
        word = token.lower_
        if word in PLURAL_PRONOUNS:
            return Speaker(None, None, SpeakerKind.GROUP)
        gender = PRONOUN_GENDER.get(word)
        if gender is None:
            return None
        # "He said Lind was wrong": a pronoun never stands for a person named in what its verb reports,
        # though it may for an owner ("he said Lind’s aides were right")
        named_later = {t.lower_ for t in reported_clause(token) if t.pos_ == "PROPN" and not is_possessor(t)}
        candidates = [m for m in self.mentions if m.token < token.i and m.gender in {None, gender}
                      and m.name.split()[-1].lower() not in named_later]
        subjects = [m for m in candidates if m.is_subject]
        chosen = (subjects or candidates or [None])[-1]
        if chosen is None:
            return None
        return Speaker(chosen.name, chosen.role or self.role_in_article(chosen.name), SpeakerKind.PERSON)
