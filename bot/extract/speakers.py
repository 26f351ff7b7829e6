"""Turning the word that names a speaker into a canonical speaker: who, in what role, what kind, and
how the article named them.

A name becomes the full name the article gives that person or organisation ("Lind" is "Rosa Lind");
a pronoun or a definite description ("she", "the coach", "the company", "it") becomes the entity the
article's entity table resolves it to, or no one when the table cannot tell; an unnamed source stays
a description ("a witness", "Reyes’s spokesman").
"""
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from bot.extract.attribution import is_age, is_named_or_personal, is_reporting_verb, own_subject
from bot.extract.entities import Entity, EntityTable, is_definite, is_description, is_kin, reference_type
from bot.extract.lexicon import (ORGANISATION_LABELS, ORGANISATION_NOUNS, PLURAL_PRONOUNS, PRONOUN_GENDER,
                                 QUANTITY_NOUNS, STATEMENT_NOUNS)
from bot.extract.names import (described_source, description, has_office_title, has_word, is_glued_hyphen,
                               is_person_noun, is_title, left_modifiers, name_text, name_tokens, names_a_document,
                               noun_phrase, phrase, role_of)
from bot.models import SpeakerKind

NAME_LINK_DEPS = frozenset({"compound", "conj", "appos", "flat"})
# Verbs whose agent wrote or gave out a statement: "a statement issued by X".
AUTHORING_VERBS = frozenset({"issue", "release", "write", "sign", "send", "publish", "post", "draft", "author",
                             "circulate", "distribute", "put", "deliver", "make", "give", "tweet", "file"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})

# Nouns for someone speaking on an organisation's behalf.
SPOKESPERSON_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "spokespeople"})
STATEMENT_LOOK_BACK = 80  # tokens searched back for the statement "the statement" refers to
# How a quote's speaker was found, as `extract --json` reports it.
NAMED, PRONOUN, ROLE, CARRIED, FALLBACK = "named", "pronoun", "role", "carried", "fallback"


@dataclass(frozen=True)
class Speaker:
    name: str | None
    role: str | None
    kind: SpeakerKind | None
    how: str = NAMED


def is_region(entity: Entity) -> bool:
    """A region or landscape ("the Midwest", "rural America"), which never speaks; a country or city may stand for
    its government ("Kestavia said") and a building for who works there ("the White House said")."""
    return entity.is_place and "label:LOC" in entity.facts and not entity.facts & {"label:GPE", "label:FAC"}


class SpeakerResolver:
    """Names speakers, given the article's entity table."""

    def __init__(self, doc: Doc, table: EntityTable):
        self.doc = doc
        self.table = table

    def candidates(self, token: Token) -> list[tuple[Speaker, dict[str, float], int]]:
        """Who a word naming a speaker may mean, each with its evidence and where the article last named them:
        for a pronoun or a description, every entity of the article it could stand for and the option of
        someone it does not name (an unnamed source, or no one: "speaker unclear"); for a name, the one it
        names."""
        token = self.naming_word(token)
        reference = reference_type(token)
        if reference is None:
            speaker = self.speaker(token)
            return [(speaker, {"named": 1.0} if speaker.how == NAMED else {}, token.i)] if speaker else []
        how = PRONOUN if token.pos_ == "PRON" else ROLE
        found, antecedents = [], self.table.antecedents(token)
        for antecedent in antecedents:
            if antecedent.entity is not None:
                found.append((self.of_entity(antecedent.entity, token, how), antecedent.evidence,
                              antecedent.last_mention))
            else:
                unnamed = self.pronoun_unresolved(token) or Speaker(None, None, None, PRONOUN)
                found.append((unnamed, antecedent.evidence, token.i))
        if how == ROLE:
            unnamed = self.nominal(token, resolve=False)
            if unnamed is not None:
                chosen = any(a.evidence.get("table_choice") for a in antecedents)
                found.append((unnamed, {"ref:" + reference: 1.0, "unresolved": 1.0, "table_choice": float(not chosen)},
                              token.i))
        return found

    def naming_word(self, token: Token) -> Token:
        """The word that names whoever a speaker token stands for: the noun a relative pronoun refers to
        ("marchers who chanted"), the name set beside a title ("Vice President for sales Rosa Lind")."""
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            token = token.head.head
        named = [c for c in token.children if c.dep_ in NAME_LINK_DEPS and c.ent_type_ == "PERSON"
                 and not (c.dep_ == "compound" and c.i < token.i)]  # "a Lind aide" is no Lind
        if token.ent_type_ != "PERSON" and named and token.pos_ != "PRON":
            # "Vice President for sales Rosa Lind", parsed as a conjunct; "his biographers, David and Jean Hale"
            return self.naming_word(named[-1])
        return token

    def speaker(self, token: Token) -> Speaker | None:
        token = self.naming_word(token)
        if token.pos_ == "PRON":
            return self.pronoun(token)
        mention = self.table.at.get(token.i)
        if mention is not None and mention.named:
            return None if is_region(mention.entity) else self.of_entity(mention.entity, token, NAMED)
        if token.pos_ == "PROPN" and is_description(token):
            return self.nominal(token)  # "the CEO", "the Italian"
        if token.ent_type_ == "PERSON" or token.pos_ == "PROPN" and token.ent_type_ not in ORGANISATION_LABELS \
                or has_office_title(token):
            return self.person(token)
        if token.ent_type_ in ORGANISATION_LABELS:
            return self.organisation(token)
        if token.pos_ == "NOUN" and is_capitalised_name(token):
            return self.person(token)  # “…,” O’Donnell said: a name the tagger took for a noun
        if token.pos_ == "NOUN" or is_age(token):
            return self.nominal(token)
        return None

    def from_words(self, words: list[Token]) -> Speaker | None:
        """A speaker named by a run of words found on the text's surface: an entity of the article, or a
        full name the article has not met otherwise; a lone unknown word names no one."""
        for token in reversed(words):
            mention = self.table.at.get(token.i)
            if mention is not None and mention.named:
                return self.of_entity(mention.entity, token, FALLBACK)
        known = self.table.link([w.lower_ for w in words])
        if known is not None:
            return self.of_entity(known, words[-1], FALLBACK)
        return Speaker(name_text(words), None, SpeakerKind.PERSON, FALLBACK) if len(words) > 1 else None

    def of_entity(self, entity: Entity, token: Token, how: str) -> Speaker:
        kind = entity.kind
        if kind is None:  # undecided: as the word naming it says ("the city", "the Pentagon")
            organisation = token.ent_type_ in ORGANISATION_LABELS or token.lemma_.lower() in ORGANISATION_NOUNS
            kind = SpeakerKind.ORGANISATION if organisation else SpeakerKind.PERSON
        if kind == SpeakerKind.ORGANISATION and token.ent_type_ == "NORP" and token.tag_ in {"NNS", "NNPS"}:
            kind = SpeakerKind.GROUP
        # an organisation also known by its acronym is named by both, so that a lookup by either finds it
        name = f"{entity.name} ({entity.aliases[0]})" if entity.aliases else entity.name
        return Speaker(name, entity.role if kind == SpeakerKind.PERSON else None, kind, how)

    def person(self, token: Token) -> Speaker | None:
        """A name the entity table did not gather, read off the words around it."""
        run = [t for t in token.lefts if t.dep_ in {"compound", "flat"} and t.pos_ == "PROPN" or is_glued_hyphen(t)]
        words = name_tokens(run + [token])
        if not words:
            return self.titled_person(token)
        if names_a_document(words):
            return None
        known = self.table.link([w.lower_ for w in words])
        if known is not None:
            return self.of_entity(known, token, NAMED)
        return Speaker(name_text(words), role_of(token, words[0]), SpeakerKind.PERSON, NAMED)

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
        return Speaker(found.name, description(self.doc[title.i:first_name_token]) or found.role, SpeakerKind.PERSON,
                       found.how)

    def organisation(self, token: Token) -> Speaker | None:
        ent = next(e for e in self.doc.ents if e.start <= token.i < e.end)
        if any(t.tag_ == "POS" for t in ent if t.i < token.i) and token.pos_ == "PROPN":
            return self.person(token)  # "Commentary’s Noah Rothman": a person of the outlet, taken in with it
        words = [t for t in ent if t.dep_ != "det" and t.tag_ != "POS"]
        while words and not has_word(words[0]):
            words.pop(0)  # a sign-off dash the recogniser took in: "― Acme Mills"
        kind = SpeakerKind.GROUP if ent.label_ == "NORP" and token.tag_ in {"NNS", "NNPS"} else SpeakerKind.ORGANISATION
        return Speaker(phrase(words) or ent.text, None, kind, NAMED)

    def pronoun(self, token: Token) -> Speaker | None:
        entity = self.table.referent(token) if token.lower_ in PRONOUN_GENDER or token.lower_ == "it" else None
        return self.of_entity(entity, token, PRONOUN) if entity is not None else self.pronoun_unresolved(token)

    def pronoun_unresolved(self, token: Token) -> Speaker | None:
        """A pronoun's speaker when it names no entity: a group ("they"), or the unnamed person the pronoun
        stands for (“…,” she said of "a midwife")."""
        if token.lower_ in PLURAL_PRONOUNS:
            return Speaker(None, None, SpeakerKind.GROUP, PRONOUN)
        unnamed = self.table.unnamed.get(token.i)
        speaker = self.nominal(unnamed) if unnamed is not None else None
        return replace(speaker, how=PRONOUN) if speaker is not None else None

    def nominal(self, token: Token, resolve: bool = True) -> Speaker | None:
        """A common noun: a statement's author, an organisation, a group, or a person in a role, named
        when the article names them ("the mayor" for Mayor Helen Okafor), else by its noun phrase
        ("Indiana governor", "Homeland Security memo")."""
        word = token.lemma_.lower()
        if word in STATEMENT_NOUNS:
            author = self.author_of_statement(token)
            found = self.speaker(author) if author is not None else None
            if found is None and not left_modifiers(token):
                return None  # "the statement says": whose, the article does not say here
            return found or Speaker(noun_phrase(token), None, SpeakerKind.ORGANISATION, NAMED)
        for child in token.children:
            if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
                return self.speaker(child)
        if token.lower_ in QUANTITY_NOUNS:
            counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
            if counted:
                return self.speaker(counted[0])
        entity = self.table.referent(token) if resolve and (is_description(token) or is_kin(token)) else None
        if entity is not None:
            return self.of_entity(entity, token, ROLE)
        # Not named elsewhere: the speaker is as the article describes them at the quote, nothing inferred.
        if word in ORGANISATION_NOUNS:
            return Speaker(noun_phrase(token), None, SpeakerKind.ORGANISATION, NAMED)
        if token.tag_ == "NNS":  # people speaking together; "polls" or "estimates" are no one
            people = is_person_noun(token) or token.ent_type_ == "NORP"
            return Speaker(described_source(token), None, SpeakerKind.GROUP, NAMED) if people else None
        if not is_person_noun(token):
            return None  # "the sign read", "the ad uses": no one speaks
        spoken_for = self.spoken_for(token) if word in SPOKESPERSON_NOUNS else None
        if spoken_for is not None:
            return self.of_entity(spoken_for, token, ROLE)
        role = described_source(token)
        return Speaker(role, role, SpeakerKind.PERSON, NAMED)

    def spoken_for(self, spokesperson: Token) -> Entity | None:
        """The organisation an unnamed spokesperson speaks for: the one named beside the word ("a spokeswoman
        for Halvern Foods", "a Halvern spokesman"), else the one the article is about at that point."""
        named = [t for c in spokesperson.children if c.dep_ in {"prep", "compound", "poss", "nmod"}
                 for t in c.subtree if t.i in self.table.at]
        if named:
            entity = self.table.at[named[0].i].entity
            return entity if entity.kind == SpeakerKind.ORGANISATION else None
        return self.table.salient(spokesperson, lambda e: e.kind == SpeakerKind.ORGANISATION and not e.is_outlet)

    @staticmethod
    def author_of_statement(statement: Token) -> Token | None:
        """X in "X's statement", "a statement from X" or "a statement issued by X" (but not "a memo obtained by
        X": whoever obtained or saw a document did not write it)."""
        for child in statement.children:
            if child.dep_ == "poss" or child.dep_ == "compound" and child.pos_ == "PROPN":
                return child
            if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
            if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in AUTHORING_VERBS:
                agents = [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
                if agents:
                    return agents[0]
        return earlier_statement_author(statement) if is_definite(statement) else None


def earlier_statement_author(statement: Token) -> Token | None:
    """"The statement also said …": who made the statement the sentences just before speak of ("The
    association said in a statement that …", "The council issued a statement")."""
    doc = statement.doc
    start = max(0, statement.sent.start - STATEMENT_LOOK_BACK)
    for earlier in reversed(doc[start:statement.sent.start]):
        if earlier.lemma_ != statement.lemma_:
            continue
        said_in = earlier.dep_ == "pobj" and earlier.head.lower_ == "in" and is_reporting_verb(earlier.head.head)
        made = earlier.dep_ == "dobj" and earlier.head.lemma_.lower() in AUTHORING_VERBS
        verb = earlier.head.head if said_in else earlier.head if made else None
        who = own_subject(verb) if verb is not None else None
        if who is not None and is_named_or_personal(who):
            return who
    return None


def is_capitalised_name(token: Token) -> bool:
    """A capitalised noun in mid-sentence that is no word for a person or a body: a name."""
    word = token.lemma_.lower()
    return token.is_title and not token.is_sent_start and not is_person_noun(token) \
        and word not in ORGANISATION_NOUNS and word not in STATEMENT_NOUNS and token.tag_ != "NNS"
