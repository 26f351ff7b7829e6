"""The people and organisations an article mentions, gathered once per article.

EntityTable(doc, skip) reads every name outside quotes and datelines, links later mentions to the
entity they name ("Moss" to "Caleb Moss", "Keystone" to "Keystone Urban Developments", "Diane" to
"Diane and Ray Kostiuk"), and keeps for each entity its roles ("Halifax coach", "president of Local
417"), the evidence of its gender (honorifics, gendered nouns, given names, the pronouns that follow
it in its sentence) and whether it is a person or an organisation. It then reads the article in order
and resolves personal pronouns and definite descriptions ("she", "the coach", "the company", "it") to
entities by salience: subjects of the current sentence first, then of the sentences before, nearest
first, skipping entities of the wrong gender or kind. What it cannot resolve with confidence it leaves
unresolved.
"""
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.extract.attribution import SUBJECT_DEPS, is_age, is_reporting_verb
from bot.extract.layout import datelines, ends_line
from bot.extract.lexicon import (BUSINESS_NOUNS, COURTESY_TITLES, FEMALE_FIRST_NAMES, FEMALE_HONORIFICS,
                                 FEMALE_NOUNS, HUMAN_VERBS, KIN_NOUNS, MALE_FIRST_NAMES, MALE_HONORIFICS, MALE_NOUNS,
                                 MEDIA_NOUNS, OFFICE_TITLES, ORGANISATION_NAME_WORDS, ORGANISATION_NOUNS,
                                 OUTLET_WORDS, PRONOUN_GENDER, PUBLIC_BODY_NOUNS, ROLE_EQUIVALENTS, TIME_WORDS)
from bot.extract.names import (is_glued_hyphen, is_part_of_name, is_person_noun, is_person_word, is_possessor,
                               is_title, left_modifiers, name_text, name_tokens, names_a_document, reported_clause,
                               role_of)
from bot.models import SpeakerKind

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC"})
PLACE_LABELS = frozenset({"GPE", "FAC", "LOC"})
# Possessive and object forms of the personal pronouns, with the gender they carry.
PERSONAL_PRONOUNS = {**PRONOUN_GENDER, "his": "male", "himself": "male", "hers": "female", "herself": "female"}
OWN_CLAUSE, REPORTED = "own clause", "reported"  # how surely a pronoun refers to the subject before it
KNOWN_ONLY = "known"  # a capitalised word read as a name only when it names someone already met
LOOK_BACK = 8  # sentences searched for what a pronoun or description refers to
# Nouns for a place that acts as a body: "the city said" of the city the article is about.
PLACE_NOUNS = frozenset({"city", "town", "village", "county", "province", "state", "country", "municipality",
                         "shire", "borough", "region"})
# Verbs of asking: whoever answers is the one asked, not the asker.
QUESTION_VERBS = frozenset({"ask", "question", "quiz", "interview"})
# Words making a role a lesser one: a deputy chief is not "the chief".
SUBORDINATE_QUALIFIERS = frozenset({"deputy", "assistant", "vice", "associate", "under", "sub", "junior"})
# Heads of things, which "the leader" or "the head" can stand for.
LEADERSHIP = frozenset({"leader", "head", "president", "chair", "chairman", "chairwoman", "chairperson", "chief",
                        "director", "boss", "ceo", "principal"})
# Words an acronym leaves out: "FBI" for "Federal Bureau of Investigation".
ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "&"})
# Words after which a role goes on about something else: "startup that sells sensors", "head of the union".
ROLE_TAIL_OPENERS = frozenset({"that", "which", "who", "whose", "of", "with", "at", "for", "in", "on", "to", "from",
                               "by", ","})
# Modifiers that describe a person without naming a role: "the veteran coach", "the old farmer".
# What marks a name as a body's or a place's rather than a person's.
NOT_PERSON_FACTS = frozenset({"label:ORG", "label:GPE", "label:FAC", "label:LOC", "organisation word", "spelled out",
                              "place noun"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "into", "near", "across", "throughout", "around", "outside",
                                "inside", "across", "toward", "towards", "via"})
# Words saying a source is kept unnamed: "a nurse, who asked not to be named".
ANONYMITY_PHRASES = ("not to be named", "not be named", "anonymity", "anonymously", "not to be identified",
                     "not authorized to", "not authorised to", "declined to be named", "without being named")
PLAIN_ADJECTIVES = frozenset({"veteran", "old", "young", "new", "former", "longtime", "long-time", "elder",
                              "younger", "older", "first", "then", "same", "other", "current", "outgoing"})


# What each fact about a name counts for, as evidence of a person, an organisation, a place or a gender.
FACT_WEIGHTS = {
    "label:PERSON": ("person", 1), "label:ORG": ("organisation", 1), "label:GPE": ("place", 1),
    "label:FAC": ("place", 1), "label:LOC": ("place", 1), "organisation word": ("organisation", 2),
    "full name": ("person", 1), "title or role": ("person", 2), "names a side": ("organisation", 2),
    "age": ("person", 2), "place noun": ("place", 3), "human verb": ("person", 2),
    "used as a place": ("place", 2), "acts": ("person", 1),
    "spelled out": ("organisation", 2),
    "male given name": ("male", 2), "female given name": ("female", 2), "male honorific": ("male", 3),
    "female honorific": ("female", 3), "male noun": ("male", 3), "female noun": ("female", 3),
}


@dataclass(eq=False)
class Entity:
    """A person or organisation of the article, with what the article says about it."""
    name: str
    words: list[str]  # the name's words, lower case
    facts: set[str] = field(default_factory=set)  # what its names say: a title, a word of a company's name...
    pronouns: Counter = field(default_factory=Counter)  # "male", "female", "neuter": pronouns that follow it
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names the article gives it: "IRCC"
    acts: bool = False  # named as the subject of a clause somewhere in the article
    _scored: tuple | None = field(default=None, repr=False)

    def fact_evidence(self) -> Counter:
        found = Counter()
        for fact in self.facts:
            evidence, weight = FACT_WEIGHTS[fact]
            found[evidence] += weight
        return found

    def evidence(self) -> Counter:
        """What its names and the pronouns after it say: a pronoun in its own clause counts as much as a
        given name, one in words it reports counts for a person only."""
        found = self.fact_evidence() + Counter({gender: 2 * count for gender, count in self.pronouns.items()
                                                if gender != REPORTED})
        found["person"] += min(self.pronouns[REPORTED], 1)
        return found

    def scores(self) -> tuple[int, int, int]:
        """How strongly the article marks it as a person, an organisation and a place. Facts and pronouns
        only ever accumulate, so their counts say when the scores must be worked out again."""
        state = (len(self.facts), self.pronouns.total())
        if self._scored is None or self._scored[0] != state:
            found = self.evidence()
            self._scored = state, (found["person"] + found["male"] + found["female"],
                                   found["organisation"] + found["neuter"], found["place"])
        return self._scored[1]

    @property
    def kind(self) -> SpeakerKind | None:
        person, organisation, place = self.scores()
        if person > max(organisation, place):
            return SpeakerKind.PERSON
        if organisation > max(person, place):
            return SpeakerKind.ORGANISATION
        return None

    @property
    def is_place(self) -> bool:
        person, organisation, place = self.scores()
        return place > max(person, organisation)

    @property
    def gender(self) -> str | None:
        """From given names, honorifics and gendered nouns; failing those, from the pronouns that follow."""
        found = self.fact_evidence()
        if not found["male"] and not found["female"]:
            found = self.pronouns
        return "male" if found["male"] > found["female"] else "female" if found["female"] > found["male"] else None

    @property
    def is_outlet(self) -> bool:
        """A news outlet: "The Valley Courier", "CBC News"."""
        return self.kind != SpeakerKind.PERSON and bool(OUTLET_WORDS.intersection(self.words))

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None

    def role_keys(self) -> set[str]:
        """The role words and phrases this entity answers to, in every spelling: "coach" and "head
        coach" for "head coach Rita Moss", "gm" for "general manager"; a deputy chief is no "chief"."""
        keys = set()
        for role in self.roles:
            words = role_words(role)
            keys.update(w for n, w in enumerate(words) if n == 0 or words[n - 1] not in SUBORDINATE_QUALIFIERS)
            keys.update(" ".join(words[i:i + n]) for n in (2, 3) for i in range(len(words) - n + 1))
            if leads_a_body(role):
                keys.update({"leader", "head"})  # "the union leader" for "president of Local 417"
        return with_equivalents(keys)


def lower_words(role: str) -> list[str]:
    """A role's words in lower case, a possessive "’s" set apart."""
    return [w.strip(".,").lower() for w in role.replace("’s", " ").replace("'s", " ").split()]


def role_parts(role: str) -> tuple[list[str], int]:
    """A role's words, lower case, and where its tail about something else begins."""
    words = lower_words(role)
    return words, next((n for n, w in enumerate(words) if w in ROLE_TAIL_OPENERS), len(words))


def role_head(role: str) -> str | None:
    """The noun a role is about: "president" of "president of Local 417", "startup" of "startup that sells
    sensors to farmers"."""
    words, cut = role_parts(role)
    return words[cut - 1] if cut else None


def leads_a_body(role: str) -> bool:
    """A role at the head of a body it names: "president of Local 417", "chair of the tenants’ association"."""
    words, cut = role_parts(role)
    return 0 < cut < len(words) and words[cut] == "of" and words[cut - 1] in LEADERSHIP


def role_words(role: str) -> list[str]:
    return [w for w in lower_words(role) if w and w not in PLAIN_ADJECTIVES and w not in {"of", "the", "a", "an", "and"}]


def same_stem(a: str, b: str) -> bool:
    """“Kestavian” of “Kestavia”, “Floridian” of “Florida”."""
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter[:max(5, len(shorter) - 1)])


def could_be_person(entity: Entity) -> bool:
    """A person, or a name the article leaves undecided between a person and an organisation."""
    return entity.kind == SpeakerKind.PERSON or entity.kind is None and not entity.is_place


def could_be_he_or_she(entity: Entity) -> bool:
    """Someone "he" or "she" may stand for: a person, or an undecided name that acts somewhere in the article
    or is marked as a person, or is marked as neither a body nor a place ("Library and Archives Canada", in a
    photo credit and half taken for a place, is no "he")."""
    if entity.kind == SpeakerKind.PERSON:
        return True
    personal = entity.acts or entity.pronouns or entity.facts - {"full name"} - NOT_PERSON_FACTS
    return entity.kind is None and not entity.is_place and bool(personal or not entity.facts & NOT_PERSON_FACTS)


def with_equivalents(keys: set[str]) -> set[str]:
    return keys.union(*(group for group in ROLE_EQUIVALENTS if group & keys))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    head: int  # the token the mention hangs from the sentence by
    entity: Entity
    subject: bool
    depth: int  # clause depth of its head: the main clause's subject comes first
    named: bool = True  # a name, not a pronoun or description resolved to the entity


@dataclass(frozen=True)
class Antecedent:
    """An entity a pronoun or description may stand for, with the evidence for and against it; for a pronoun,
    entity None is the option of no one the article names."""
    entity: Entity | None
    last_mention: int  # the token where the article last named or meant it before the reference
    evidence: dict[str, float]


def clause_depth(token: Token) -> int:
    steps = 0
    for _ in range(50):
        if token.head.i == token.i:
            break
        steps += token.dep_ not in {"conj", "parataxis", "appos", "compound", "flat"}
        token = token.head
    return steps


def is_subject(token: Token) -> bool:
    """A subject, or a name standing in apposition to one ("Her neighbour, Bev Sawchuk, said"), or a name
    opening a sentence whose verb the parser left without a subject ("Purdy, 73, credits his dog")."""
    if token.dep_ in SUBJECT_DEPS:
        return True
    if token.dep_ in {"appos", "compound", "flat"} and token.head.dep_ in SUBJECT_DEPS and token.head.i < token.i + 6:
        return True
    if token.pos_ != "PROPN" or token.dep_ in {"compound", "flat"}:
        return False
    sentence = token.sent
    root = sentence.root
    opening = all(t.dep_ in {"compound", "flat"} or t.pos_ == "DET" for t in token.doc[sentence.start:token.i])
    return opening and root.pos_ in {"VERB", "AUX"} and token.i < root.i \
        and not any(c.dep_ in SUBJECT_DEPS for c in root.children)


def pronoun_reference(subject: Token, pronoun: Token) -> str | None:
    """How surely a pronoun after a subject refers to it: OWN_CLAUSE when it sits in the clause of the
    subject's verb ("Moss, for his part, said"; "Vandermeer milked cows when he was a boy"), REPORTED in
    words the subject reports ("Ellery said she had changed", often about someone else), None in a clause
    coordinated with it ("Harmon took it away, so she improvised") or with another person named in between
    ("Morales, whose son played, dug out his records")."""
    verb = subject.head if subject.dep_ in SUBJECT_DEPS else subject.head.head
    someone_between = any(t.pos_ in {"NOUN", "PROPN"} and (is_person_word(t.lemma_.lower()) or t.ent_type_ == "PERSON")
                          for t in subject.doc[subject.i + 1: pronoun.i] if t.head.i != subject.i and t.dep_ != "appos")
    token, reference = pronoun, OWN_CLAUSE
    for _ in range(12):
        if token.i == verb.i:
            return None if someone_between and reference == OWN_CLAUSE else reference
        if token.head.i == token.i or token.dep_ in {"conj", "parataxis"} and token.pos_ in {"VERB", "AUX"}:
            return None
        if token.dep_ == "ccomp" and is_reporting_verb(token.head):
            reference = REPORTED
        token = token.head
    return None


def without_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("’s", "'s")) else word


class EntityTable:
    """Every person and organisation named in an article, and what each pronoun and description
    outside quotes refers to."""

    def __init__(self, doc: Doc, skip: list[bool]):
        self.doc = doc
        self.tokens = list(doc)  # made once: spaCy builds a new Token on every doc[i]
        self.skip = list(skip)
        self.datelines = datelines(doc)
        for start, _, end in self.datelines:
            for i in range(start, end):
                self.skip[i] = True
        self.sentences: list[Span] = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n
        tokens = self.tokens
        self.narrative = [not all(self.skip[i] or tokens[i].is_punct or tokens[i].is_space
                                  for i in range(s.start, s.end)) for s in self.sentences]
        self.paragraph_of = list(accumulate(s.start > 0 and ends_line(tokens[s.start - 1]) for s in self.sentences))
        self._counts: Counter | None = None
        self.entities: list[Entity] = []
        self.by_sentence: list[list[Mention]] = [[] for _ in self.sentences]
        self.at: dict[int, Mention] = {}
        self.unnamed: dict[int, Token] = {}  # pronouns standing for someone the article does not name
        self._recency: list[Entity] = []  # the entities, the most recently named last
        self._read_datelines()
        self._read_names()
        self._gather_gender()
        self._resolve_references()

    # ---- names ----------------------------------------------------------------------------------

    def _name_spans(self) -> list[tuple[int, int, str]]:
        """Where names stand: the recogniser's entities (cut at commas, with a given name it left out),
        runs of proper nouns it missed (a single word only when it is a subject: "Thijs says"), and
        capitalised words the tagger did not take for names, which count only if they name someone
        already met ("Price said")."""
        spans, covered = [], set()
        named = {i for ent in self.doc.ents if ent.label_ in NAME_LABELS for i in range(ent.start, ent.end)}
        for ent in self.doc.ents:
            if ent.label_ not in NAME_LABELS or any(self.skip[i] for i in range(ent.start, ent.end)) \
                    or len(ent) == 1 and is_description(ent[0]):  # "the GM" taken for a company
                continue
            for start, end in comma_pieces(ent):  # "Dere Yolu, Leyla Temiz" taken for one name
                while end > start and self.tokens[end - 1].is_space:
                    end -= 1  # a headline's name that took in the line break after it
                if end == start:
                    continue
                while start > 0 and self.tokens[start - 1].pos_ == "PROPN" and self.tokens[start - 1].is_title \
                        and self.tokens[start - 1].dep_ in {"compound", "flat"} and not self.skip[start - 1] \
                        and start - 1 not in named and not is_title(self.tokens[start - 1]) \
                        and start <= self.tokens[start - 1].head.i < end:
                    start -= 1  # a given name the recogniser left out: "Ana" of "Ana Roth"
                spans.append((start, end, ent.label_))
                covered.update(range(start, end))
        for token in self.tokens:
            if token.pos_ == "PROPN" and token.i not in covered and not self.skip[token.i] and token.is_title \
                    and token.lower_ not in TIME_WORDS and not is_description(token) \
                    and not (token.dep_ in {"compound", "flat"} and token.head.pos_ == "PROPN"):
                start = token.i
                while start > 0 and start - 1 not in covered and not self.skip[start - 1]:
                    before = self.tokens[start - 1]
                    if before.pos_ == "PROPN" and before.is_title:
                        start -= 1
                    elif before.tag_ == "POS" and start > 1 and self.tokens[start - 2].pos_ == "PROPN" \
                            and token.lower_ in ORGANISATION_NAME_WORDS:
                        start -= 1  # "Sheriff’s Office", "Children’s Hospital": a possessive inside the name
                    else:
                        break
                if start == token.i and not is_subject(token):
                    continue  # a lone capitalised word counts when it acts: "Thijs says"
                spans.append((start, token.i + 1, ""))
                covered.update(range(start, token.i + 1))
        for token in self.tokens:  # "Price said", the tagger taking a name for a noun: only if named before
            if token.i not in covered and not self.skip[token.i] and token.is_title and token.is_alpha \
                    and token.pos_ != "PROPN" and (not token.is_sent_start or token.dep_ in SUBJECT_DEPS) \
                    and token.lower_ not in TIME_WORDS:
                spans.append((token.i, token.i + 1, KNOWN_ONLY))
        return merge_split_names(self.doc, sorted(spans))

    def _read_datelines(self) -> None:
        """The place of a dateline, which "the city" or "the town" may stand for, and never a speaker."""
        for start, place_end, _ in self.datelines:
            words = [t.text.capitalize() for t in self.doc[start:place_end]]
            entity = self.link([w.lower() for w in words])
            if entity is None:
                entity = Entity(" ".join(words), [w.lower() for w in words], {"label:GPE"})
                self.entities.append(entity)
            self._add_mention(Mention(start, place_end, start, entity, False, 0))

    def _read_names(self) -> None:
        for start, end, label in self._name_spans():
            tokens = list(self.doc[start:end])
            if tokens[-1].lower_ in ORGANISATION_NAME_WORDS and len(tokens) > 1 or label != "PERSON" and any(
                    t.lower_ in ORGANISATION_NAME_WORDS for t in tokens[1:]):
                names = [organisation_name_tokens(tokens)]  # "Calder General Hospital" keeps its "General"
            else:
                names = label in {"PERSON", ""} and self._shared_surname(tokens) or [name_tokens(tokens)]
            for words in names:
                if words and not names_a_document(words) and any(c.isalpha() for c in words[-1].text):
                    self._add_name(words, self.doc[start:end].root, label)

    def _shared_surname(self, tokens: list[Token]) -> list[list[Token]] | None:
        """“Diane and Ray Kostiuk”: two people sharing the surname written once."""
        doc = self.doc
        ands = [t for t in tokens if t.lower_ == "and"]
        if len(ands) != 1 or ands[0].i - tokens[0].i != 1 or is_title(tokens[0]):
            return None
        second = name_tokens(list(doc[ands[0].i + 1: tokens[-1].i + 1]))
        if len(second) < 2 or second[0].i != ands[0].i + 1:
            return None  # "Ms. Morris and Mr. Adeyemi": two surnames
        return [[tokens[0], tokens[-1]], second]

    def _add_name(self, words: list[Token], root: Token, label: str) -> None:
        doc = self.doc
        surname = self._borrowed_surname(words)
        text = name_text(words) + (" " + surname if surname else "")
        lowered = text.lower().split()
        entity = self.link(lowered)
        if entity is None and len(words) == 1 and words[0].is_upper and words[0].is_alpha and len(words[0]) > 1:
            entity = self.spelled_out(words[0])
        if label == KNOWN_ONLY:
            if entity is None or len(entity.words) < 2:
                return
            label = ""
        if entity is None:
            entity = Entity(text, lowered)
            self.entities.append(entity)
        elif len(lowered) > len(entity.words) and entity.words == lowered[-len(entity.words):]:
            entity.name, entity.words = text, lowered  # "Moss" first, "Caleb Moss" later
        before = doc[words[0].i - 1] if words[0].i > 0 else None
        role = role_of(root if root.i >= words[0].i else words[-1], words[0])
        if role is None and before is not None and (before.lower_ in OFFICE_TITLES or before.is_lower
                                                     and is_person_word(before.lower_)):
            role = before.text  # "Cpl. Lise Arsenault" cut by the sentence splitter; "fisherman Eli Banner"
        title = before.text if before is not None and before.lower_ in COURTESY_TITLES else None
        for held in (role, title):  # "the trust’s medical director, Dr Ada Lund" is also a doctor
            if held and held not in entity.roles:
                entity.roles.append(held)
        self._note_kind(entity, words, label, before, role, root)
        mention = Mention(words[0].i, words[-1].i + 1, root.i, entity, is_subject(root), clause_depth(root))
        self._add_mention(mention)

    def _borrowed_surname(self, words: list[Token]) -> str | None:
        """The surname a lone given name shares with the next name: “Diane” in “Diane and Ray Kostiuk”."""
        doc, last = self.doc, words[-1]
        if len(words) == 1 and last.i + 3 < len(doc) and doc[last.i + 1].lower_ == "and" \
                and doc[last.i + 2].pos_ == "PROPN" and doc[last.i + 3].pos_ == "PROPN" \
                and not is_title(doc[last.i + 2]) and not (last.i > 0 and is_title(doc[last.i - 1])) \
                and (last.i + 4 >= len(doc) or doc[last.i + 4].pos_ != "PROPN") \
                and last.ent_type_ != "ORG" and doc[last.i + 3].ent_type_ == "PERSON" \
                and (self.link([last.lower_]) is None or is_given_name(last.lower_)):  # not David Ross's David
            return doc[last.i + 3].text
        return None

    def link(self, words: list[str]) -> Entity | None:
        """The entity an earlier mention already introduced: the same name, a surname opening with a particle
        ("De Blasio"), or a surname, given name or the first word of an organisation's name standing alone;
        the most recently mentioned first."""
        words = [without_possessive(w) for w in words]
        recent = self._recency[::-1]
        for entity in recent:
            if [without_possessive(w) for w in entity.words] == words:
                return entity
        for entity in recent:  # "De Blasio" for "Bill de Blasio": a surname opening with a particle
            if 1 < len(words) < len(entity.words) and entity.name.split()[-len(words)].islower() \
                    and [without_possessive(w) for w in entity.words[-len(words):]] == words:
                return entity
        if len(words) == 1:
            for position in (-1, 0):
                for entity in recent:
                    if len(entity.words) > 1 and without_possessive(entity.words[position]) == words[0] \
                            and not (position == 0 and is_named_after_a_place(entity.words)):
                        return entity
        for entity in recent:  # "Ms Linden" read as "Linden", "Sophie Linden" later read in full
            if len(entity.words) == 1 and words[-1] == without_possessive(entity.words[0]) \
                    and "organisation word" not in entity.facts:
                return entity
        return None

    def spelled_out(self, acronym: Token) -> Entity | None:
        """The organisation an acronym stands for, under its full name: "DNC" for "Democratic National
        Committee", "IRCC" for "Immigration, Refugees and Citizenship Canada" (a name the recogniser may
        have cut at its commas); the most recently mentioned first. The acronym stays one of its names."""
        letters = acronym.lower_
        found = next((e for e in self._recency[::-1] if len(e.words) > 1 and e.kind != SpeakerKind.PERSON
                      and "".join(w[0] for w in e.words if w not in ACRONYM_SKIPS) == letters), None)
        if found is None:
            words = written_out(self.doc, letters)
            if words is None:
                return None
            text = name_text(words)
            found = self.link(text.lower().replace(",", "").split()) or Entity(text, text.lower().replace(
                ",", "").split(), {"spelled out"})
            if found not in self.entities:
                self.entities.append(found)
        if acronym.text not in found.aliases:
            found.aliases.append(acronym.text)
        return found

    def _note_kind(self, entity: Entity, words: list[Token], label: str, before: Token | None,
                   role: str | None, root: Token) -> None:
        """What the mention says about the entity's kind: each fact counts once, however often repeated."""
        facts = entity.facts
        if label:
            facts.add("label:" + label)
        if any(w.lower_ in ORGANISATION_NAME_WORDS for w in words[1:]) \
                or len(words) == 1 and words[0].lower_ in ORGANISATION_NAME_WORDS:
            facts.add("organisation word")
        elif len(words) > 1 and all(w.is_title and w.is_alpha for w in words) and label not in PLACE_LABELS:
            facts.add("full name")  # "Drew Kellner": two capitalised words and no word of a company
        head = role_head(role) if role else None
        if before is not None and before.lower_ in OFFICE_TITLES or head is not None and is_person_word(head):
            facts.add("title or role")
        elif head in ORGANISATION_NOUNS or head in BUSINESS_NOUNS:
            facts.add("organisation word")  # "software maker Corvane", "Fernwell, a startup that sells sensors"
        if does_what_only_people_do(root):
            facts.add("human verb")
        if is_place_of(root):
            facts.add("used as a place")  # "in Halden", "from Ottawa"
        elif label == "GPE" and root.dep_ in SUBJECT_DEPS and root.head.pos_ == "VERB" \
                and not any(c.dep_ == "det" for c in root.children):
            facts.add("acts")  # "Mulder didn’t hesitate": a name the recogniser took for a town acts
        if names_a_place_of(words[-1]) or is_followed_by_region(words[-1]):
            facts.add("place noun")
        if is_followed_by_age(words[-1]):
            facts.add("age")
        if names_a_side(words[-1]):
            facts.add("names a side")
        first = words[0].lower_
        if any(w.lower_ in ORGANISATION_NAME_WORDS for w in words[1:]):
            pass  # "Brandon County Sheriff’s Office" is no man named Brandon
        elif len(words) > 1 and first in MALE_FIRST_NAMES:
            facts.add("male given name")
        elif len(words) > 1 and first in FEMALE_FIRST_NAMES:
            facts.add("female given name")
        if before is not None and before.lower_ in MALE_HONORIFICS:
            facts.add("male honorific")
        elif before is not None and before.lower_ in FEMALE_HONORIFICS:
            facts.add("female honorific")
        for word in (role or "").lower().split():
            if word in MALE_NOUNS:
                facts.add("male noun")
            elif word in FEMALE_NOUNS:
                facts.add("female noun")

    def _add_mention(self, mention: Mention) -> None:
        mention.entity.acts |= mention.subject and mention.named
        if mention.entity in self._recency:
            self._recency.remove(mention.entity)
        self._recency.append(mention.entity)
        mentions = self.by_sentence[self.sent_of[mention.start]]
        at = len(mentions)
        while at and mentions[at - 1].start > mention.start:
            at -= 1
        mentions.insert(at, mention)
        for i in range(mention.start, mention.end):
            self.at[i] = mention

    # ---- gender -----------------------------------------------------------------------------------

    def _gather_gender(self) -> None:
        """A pronoun in the clause of a subject's verb, after the subject, tells the subject's gender
        ("Moss, for his part, said") or that it is an organisation ("its"). One in the words the subject
        reports ("Singh said she had never missed a shift") only shows it speaks like a person: such a
        pronoun is often about someone else."""
        for n, sent in enumerate(self.sentences):
            subjects = [m for m in self.by_sentence[n] if m.subject]
            if not subjects:
                continue
            for token in sent:
                word = token.lower_
                if self.skip[token.i] or word not in PERSONAL_PRONOUNS and word != "its":
                    continue
                for mention in reversed([m for m in subjects if m.end <= token.i]):
                    reference = pronoun_reference(self.tokens[mention.head], token)
                    if reference == OWN_CLAUSE:
                        mention.entity.pronouns[PERSONAL_PRONOUNS.get(word, "neuter")] += 1
                    elif reference == REPORTED and word in PERSONAL_PRONOUNS:
                        mention.entity.pronouns[REPORTED] += 1
                    if reference:
                        break

    # ---- references -------------------------------------------------------------------------------

    def _resolve_references(self) -> None:
        """Read the article in order and resolve each pronoun and definite description outside quotes. A
        person of unknown gender takes that of the first pronoun resolved to them as a speaker: once “…,”
        she said stood for Connie Trask, a later "he" is someone else. (A pronoun in words a person reports
        is too often about someone else to tell their gender.)"""
        for token in self.tokens:
            if self.skip[token.i] or token.i in self.at:
                continue
            word = token.lower_
            entity = None
            if word in PERSONAL_PRONOUNS and token.pos_ == "PRON":
                entity = self.pronoun(token)
                if entity is not None and entity.kind == SpeakerKind.PERSON and entity.gender is None \
                        and token.dep_ in SUBJECT_DEPS and is_reporting_verb(token.head):
                    entity.pronouns[PERSONAL_PRONOUNS[word]] += 1
            elif word == "it" and token.dep_ in SUBJECT_DEPS:
                entity = self.neuter_pronoun(token)
            elif token.pos_ in {"NOUN", "PROPN"} and reference_type(token) in {"kin", "organisation", "role",
                                                                                "introduced"} and is_subject(token):
                entity = self.referent(token)
            if entity is not None:
                self._add_mention(Mention(token.i, token.i + 1, token.i, entity, is_subject(token),
                                          clause_depth(token), named=False))

    def referent(self, token: Token) -> Entity | None:
        """The entity a token names or refers to, resolving it now if the reading pass did not."""
        mention = self.at.get(token.i)
        if mention is not None:
            return mention.entity
        resolve = {"pronoun": self.pronoun, "it": self.neuter_pronoun, "kin": self.relative,
                   "organisation": self.organisation_described, "role": self.person_described,
                   "introduced": self.sole_holder}.get(reference_type(token))
        return resolve(token) if resolve is not None else None

    def sentences_back(self, token: Token, back: int = LOOK_BACK):
        """The sentence holding a token, then the ones before it, nearest first."""
        n = self.sent_of[token.i]
        yield n
        for k in range(n - 1, -1, -1):
            if back <= 0:
                return
            back -= self.narrative[k]  # a sentence all in quote marks, or a dateline alone, is no step back
            yield k

    def candidates(self, token: Token, back: int = LOOK_BACK):
        """Mentions before a token by salience: its own sentence (subjects, then nearest), then each
        earlier sentence (subjects of the main clause first, then in reading order)."""
        for k in self.sentences_back(token, back):
            if k == self.sent_of[token.i]:
                here = [m for m in self.by_sentence[k] if m.end <= token.i]
                yield sorted(here, key=lambda m: (not m.subject, m.depth, -m.start))
            else:
                yield sorted(self.by_sentence[k], key=lambda m: (not m.subject, m.depth, m.start))

    def salient(self, token: Token, accept, back: int = LOOK_BACK) -> Entity | None:
        for mentions in self.candidates(token, back):
            for mention in mentions:
                if accept(mention.entity):
                    return mention.entity
        return None

    def unnamed_subject(self, k: int, before: int) -> Token | None:
        """The main subject of sentence k (before a token) when it is a person the article does not name, brought
        in as someone new: "A nurse on the night shift, who would not give her name, said"."""
        sentence = self.sentences[k]
        subjects = [t for t in sentence if t.dep_ in SUBJECT_DEPS and t.i < before and not self.skip[t.i]]
        if not subjects or any(t.lemma_ in QUESTION_VERBS and any(c.dep_ in {"dobj", "dative"} for c in t.children)
                               for t in sentence):
            return None  # "A reporter asked Lind how she felt": the answer is Lind's
        main = min(subjects, key=lambda t: (clause_depth(t), t.i))
        named = main.i in self.at or any(c.dep_ == "appos" and c.i in self.at for c in main.children)
        # "a midwife", "one father"; "the senator" may be someone named
        indefinite = any(c.lower_ in {"a", "an", "one", "another"} and c.dep_ in {"det", "nummod"}
                         for c in main.children)
        return main if main.pos_ == "NOUN" and main.tag_ == "NN" and is_person_noun(main) and indefinite \
            and not named else None

    def pronoun(self, token: Token) -> Entity | None:
        """he, she and their other forms: the most salient person of the same gender, never one named in
        what the pronoun's own verb reports ("he said Lind was wrong"; but "he said Lind’s plan failed"
        may be Lind's own words), nor one set beside the subject in a phrase of the pronoun's own sentence
        ("Unlike Al Mnajer, he has no work"); no one when an unnamed person ("a midwife", "one father") is
        the more salient subject (that person is kept in `unnamed`)."""
        gender = PERSONAL_PRONOUNS[token.lower_]
        excluded = {id(self.at[t.i].entity) for t in reported_clause(token)
                    if t.i in self.at and self.at[t.i].named and not is_possessor(t)}
        here = self.sent_of[token.i]

        def accept(mention: Mention) -> bool:
            entity = mention.entity
            return could_be_he_or_she(entity) and entity.gender in {None, gender} and id(entity) not in excluded \
                and not (self.sent_of[mention.start] == here and is_oblique(self.tokens[mention.head]))
        for k, mentions in zip(self.sentences_back(token), self.candidates(token)):
            unnamed = self.unnamed_subject(k, token.i)
            if unnamed is not None and noun_gender(unnamed) in {None, gender}:
                self.unnamed[token.i] = unnamed  # “…,” she said is the unnamed source's, not a name's
                return None
            found = next((m.entity for m in mentions if accept(m)), None)
            if found is not None:
                return found
        return None

    def neuter_pronoun(self, token: Token) -> Entity | None:
        """"it said": an organisation that is the subject of this or one of the two sentences before."""
        for mentions in list(self.candidates(token, back=2)):
            for mention in mentions:
                if mention.subject and mention.entity.kind == SpeakerKind.ORGANISATION:
                    return mention.entity
        return None

    def relative(self, noun: Token) -> Entity | None:
        """“her husband”, “his daughter”: the one person of the noun's gender whom the article names together
        with the person the possessive stands for ("Diane and Ray Kostiuk" … "her husband")."""
        owner = self.referent(next(c for c in noun.children if c.dep_ == "poss"))
        gender = noun_gender(noun)
        kin = {id(e): e for e in self.named_with(owner) if e.gender in {None, gender or e.gender}} if owner else {}
        return next(iter(kin.values())) if len(kin) == 1 else None

    def named_with(self, entity: Entity) -> list[Entity]:
        """The people named in one breath with an entity: “Diane and Ray Kostiuk”."""
        mentions = [m for m in self.at.values() if m.named]
        starts = {m.start: m for m in mentions}
        pairs = [(m.entity, starts[m.end + 1].entity) for m in mentions
                 if m.end + 1 in starts and self.tokens[m.end].lower_ == "and"]
        return [b if a is entity else a for a, b in pairs if entity in (a, b) and a is not b
                and could_be_person(a) and could_be_person(b)]

    def person_described(self, noun: Token) -> Entity | None:
        """“the coach”, “the veteran coach”, “the judge”: the person named earlier in that role, nearest
        first, and no one when two such people are equally near. With nobody in the role, the subject of
        the sentence just before, if nothing the article says of them contradicts the description ("Mehta
        said …. “…,” the student leader said"; but not a forklift operator for "the union leader")."""
        keys = description_keys(noun)
        agrees = described_person_fits(noun)
        for mentions in self.candidates(noun, back=len(self.sentences)):
            holders = {id(m.entity): m.entity for m in mentions if agrees(m.entity) and m.entity.role_keys() & keys}
            if len(holders) == 1:
                return next(iter(holders.values()))
            if holders:
                return None
        described = {w for w in keys if " " not in w} | {t.lower_ for t in left_modifiers(noun)}
        if described & LEADERSHIP:
            described |= LEADERSHIP
        identity = noun.ent_type_ == "NORP" or is_age(noun)  # "the Italian", "the 11-year-old": no role
        for mentions in list(self.candidates(noun, back=1)):
            people = {id(m.entity): m.entity for m in mentions if could_be_person(m.entity)}
            if people:
                if len(people) > 1 or not mentions[0].subject or not could_be_person(mentions[0].entity):
                    return None  # more than one person near, or the subject is not one: too weak to tell
                person = mentions[0].entity
                roles = {w for role in person.roles for w in role_words(role)}
                fits = identity or not roles or bool(with_equivalents(roles) & described)
                return person if agrees(person) and fits else None
        return None

    def sole_holder(self, noun: Token) -> Entity | None:
        """Someone brought in by their role ("A Vancouver hockey coach says …") is the one person the article
        names in that role, when it names exactly one and does not say the source is kept unnamed."""
        keys, fits = description_keys(noun), described_person_fits(noun)
        holders = [e for e in self.entities if fits(e) and e.role_keys() & keys]
        unnamed = any(phrase in noun.sent.text.lower() for phrase in ANONYMITY_PHRASES)
        return holders[0] if len(holders) == 1 and not unnamed else None

    def organisation_described(self, noun: Token) -> Entity | None:
        """“the company”, “the utility”, “the department”: the organisation whose name holds the word ("the
        authority" for "Rideau Conservation Authority"), else the most salient of a fitting kind or described
        so ("cloud company Atlantic.Net"), looked for near first, then anywhere in the article."""
        named_so, described_so, fits = organisation_tests(noun)
        # "the Lind campaign" is no other campaign: a name in the description leaves only what holds the word
        kind_will_do = not any(t.pos_ == "PROPN" for t in left_modifiers(noun))
        for back in (LOOK_BACK, len(self.sentences)):
            found = self.salient(noun, named_so, back) or self.salient(
                noun, lambda e: described_so(e) or kind_will_do and fits(e), back)
            if found is not None:
                return found
        return None

    # ---- evidence -------------------------------------------------------------------------------

    def antecedents(self, token: Token) -> list[Antecedent]:
        """Every entity a pronoun or description could stand for, the most salient first, each with its
        evidence: how near it was last met and in what part of its sentence, how prominent it is, whether it
        agrees with the reference in gender and kind, whether it holds the role described, and whether the
        table's own reading took it; for a pronoun, then the option of no one named (entity None: someone
        unnamed, or not in the table; for "it", a thing)."""
        reference = reference_type(token)
        if reference is None:
            return []
        chosen = self.referent(token)
        if reference == "kin":
            return [Antecedent(chosen, token.i, {"ref:kin": 1.0, "table_choice": 1.0})] if chosen else []
        agrees = self._agreement(token, reference)
        here = self.sent_of[token.i]
        steps, found, unnamed_near = 0, {}, False
        for k, mentions in zip(self.sentences_back(token, len(self.sentences)), self.candidates(
                token, len(self.sentences))):
            if k != here:
                steps += self.narrative[k]
            for order, mention in enumerate(mentions):
                entity = mention.entity
                if id(entity) in found or entity.kind is None and entity.is_place and reference != "organisation":
                    continue
                fit = agrees(entity)
                if steps > LOOK_BACK and not fit.get("holds_role") and not fit.get("named_so") \
                        or reference in {"pronoun", "it"} and (fit.get("not_a_person") or fit.get("not_an_organisation")):
                    continue  # too far back; or a body or a place for "he", a person for "it": never
                head = self.tokens[mention.head]
                found[id(entity)] = Antecedent(entity, mention.start, {
                    "ref:" + reference: 1.0, "same_sentence": float(steps == 0),
                    "sentences_back": min(steps, LOOK_BACK) / LOOK_BACK,
                    "paragraphs_back": min(self.paragraph_of[here] - self.paragraph_of[k], 3) / 3,
                    "subject": float(mention.subject), "first_in_sentence": float(order == 0),
                    "oblique": float(is_oblique(head)), "says": float(says(head)),
                    "named_mention": float(mention.named), "prominence": self.prominence(entity),
                    "table_choice": float(entity is chosen), **fit})
            if reference == "pronoun" and not found and self.unnamed_subject(k, token.i) is not None:
                unnamed_near = True  # "A nurse on the night shift said …. “…,” she said"
        options = list(found.values())
        if chosen is not None and id(chosen) not in found:  # introduced by a role and named further on
            options.append(Antecedent(chosen, token.i, {"ref:" + reference: 1.0, "named_later": 1.0,
                                                        "table_choice": 1.0, **agrees(chosen)}))
        if reference in {"pronoun", "it"}:
            options.append(Antecedent(None, token.i, {"ref:" + reference: 1.0, "unresolved": 1.0,
                                                      "table_choice": float(chosen is None),
                                                      "unnamed_near": float(unnamed_near)}))
        return options

    def _agreement(self, token: Token, reference: str):
        """For a reference, what an entity's gender, kind and roles say for and against it."""
        if reference == "pronoun":
            gender = PERSONAL_PRONOUNS[token.lower_]
            excluded = {id(self.at[t.i].entity) for t in reported_clause(token)
                        if t.i in self.at and self.at[t.i].named and not is_possessor(t)}
            return lambda entity: {
                "gender_agrees": float(entity.gender == gender),
                "gender_clashes": float(entity.gender not in {None, gender}),
                "not_a_person": float(not could_be_he_or_she(entity)),
                "surely_a_person": float(entity.kind == SpeakerKind.PERSON),
                "reported_by_it": float(id(entity) in excluded)}
        if reference == "it":
            return lambda entity: {"not_an_organisation": float(entity.kind != SpeakerKind.ORGANISATION)}
        if reference == "organisation":
            named_so, described_so, fits = organisation_tests(token)
            return lambda entity: {"named_so": float(named_so(entity)), "described_so": float(described_so(entity)),
                                   "kind_fits": float(fits(entity)),
                                   "not_an_organisation": float(not (fits(entity) or named_so(entity)
                                                                     or described_so(entity)))}
        keys, person_fits = description_keys(token), described_person_fits(token)
        holders = [e for e in self.entities if person_fits(e) and e.role_keys() & keys]
        return lambda entity: {
            "holds_role": float(entity in holders), "sole_holder": float(holders == [entity]),
            "not_a_person": float(not person_fits(entity))}

    def prominence(self, entity: Entity) -> float:
        """How much of the article is about an entity: its mentions against the most mentioned one's."""
        counts = self._mention_counts()
        return counts[id(entity)] / max(counts.values(), default=1)

    def _mention_counts(self) -> Counter:
        if self._counts is None:
            self._counts = Counter(id(m.entity) for mentions in self.by_sentence for m in mentions)
        return self._counts


def reference_type(token: Token) -> str | None:
    """What a word refers by: "pronoun" (he, she), "it", "kin" (her husband), "organisation" (the company),
    "role" (the coach, the Italian) or "introduced" (a coach); None for a word that names no one by itself."""
    word = token.lower_
    if token.pos_ == "PRON":
        return "pronoun" if word in PERSONAL_PRONOUNS else "it" if word == "it" else None
    if is_kin(token):
        return "kin"
    if is_introduced(token):
        return "introduced"
    if not is_description(token):
        return None
    if token.lemma_.lower() in ORGANISATION_NOUNS:
        return "organisation"
    return "role" if is_person_noun(token) or token.ent_type_ == "NORP" or is_age(token) else None


def is_introduced(token: Token) -> bool:
    """Someone brought in by a role with "a" or "an": "a Vancouver hockey coach", "an aide to the mayor"."""
    return token.pos_ == "NOUN" and token.tag_ == "NN" and is_person_noun(token) \
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children)


def is_oblique(token: Token) -> bool:
    """A mention owning something or inside a phrase of place or manner ("Trudeau’s watch", "unlike Al
    Mnajer"): present, but not who acts."""
    while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
        token = token.head
    return is_possessor(token) or token.dep_ == "pobj"


def says(token: Token) -> bool:
    """The subject of a reporting verb: "Vickers said he wants …"."""
    while token.dep_ in {"compound", "flat", "appos"} and token.head.i != token.i:
        token = token.head
    return token.dep_ in SUBJECT_DEPS and is_reporting_verb(token.head)


def described_person_fits(noun: Token):
    """Whether a person can be who a description means: of the description's gender, and, for one already
    met ("the Florida senator", no senator from elsewhere), from the place it names; someone brought in
    ("a Vancouver hockey coach") is described more fully than the article will describe them again."""
    gender = noun_gender(noun)
    places = [t.lower_ for t in left_modifiers(noun) if t.ent_type_ == "GPE" or t.pos_ == "PROPN"
              and t.ent_type_ != "NORP"] if not is_introduced(noun) else []

    def agrees(entity: Entity) -> bool:
        said = set(entity.words) | {w for role in entity.roles for w in role_words(role)}
        return could_be_person(entity) and entity.gender in {None, gender or entity.gender} \
            and all(any(same_stem(place, word) for word in said) for place in places)
    return agrees


def organisation_tests(noun: Token):
    """For a description of an organisation ("the company", "the authority"): whether an entity's name holds
    the description's words, whether what the article says it is does ("cloud company Atlantic.Net"), and
    whether it is an organisation of the kind described."""
    words = {noun.lower_, noun.lemma_.lower()} | {t.lower_ for t in left_modifiers(noun)
                                                  if t.pos_ in {"NOUN", "PROPN"}}
    noun_word = noun.lemma_.lower()

    def can_be(entity: Entity) -> bool:
        if entity.is_outlet and noun_word not in MEDIA_NOUNS:
            return False  # the paper reporting on a company is not "the company"
        return entity.kind == SpeakerKind.ORGANISATION or noun_word in PLACE_NOUNS and "label:GPE" in entity.facts

    def named_so(entity: Entity) -> bool:
        return can_be(entity) and bool(words & set(entity.words))

    def described_so(entity: Entity) -> bool:
        return can_be(entity) and bool(words & {w for role in entity.roles for w in role_words(role)})

    def fits(entity: Entity) -> bool:
        return can_be(entity) and kind_fits(noun_word, entity)
    return named_so, described_so, fits


def is_named_after_a_place(words: list[str]) -> bool:
    """A public body named after its place ("Kestrel Borough Council", "Halden Police Department"): its first word
    alone names the place or anything else there, not this body."""
    return len(words) > 1 and (words[1] in PUBLIC_BODY_NOUNS or words[1] in PLACE_NOUNS)


def is_given_name(word: str) -> bool:
    return word in MALE_FIRST_NAMES or word in FEMALE_FIRST_NAMES


def comma_pieces(ent: Span) -> list[tuple[int, int]]:
    pieces, start = [], ent.start
    for token in ent:
        if token.text == ",":
            pieces.append((start, token.i))
            start = token.i + 1
    pieces.append((start, ent.end))
    return [(a, b) for a, b in pieces if b > a]


def does_what_only_people_do(subject: Token) -> bool:
    """The subject of a verb only people do, or of a verb coordinated with one ("was joined on stage and
    quipped")."""
    if subject.dep_ not in SUBJECT_DEPS:
        return False
    verbs = [subject.head] + [c for c in subject.head.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    return any(v.lemma_.lower() in HUMAN_VERBS for v in verbs)


def is_place_of(token: Token) -> bool:
    """A name where a place stands: after "in", "at", "from", "to", "near" …"""
    return token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS


def names_a_place_of(token: Token) -> bool:
    """“the village of Dere Yolu”, “the town of Halden”."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS | {"port", "island"}


def is_followed_by_region(token: Token) -> bool:
    """“Tagish Falls, Yukon”: a place followed by its province, state or country."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "," and doc[token.i + 2].ent_type_ == "GPE" \
        and token.ent_type_ != "PERSON"


def is_followed_by_age(token: Token) -> bool:
    """“Leyla Temiz, 46,”"""
    doc = token.doc
    return token.i + 3 < len(doc) and doc[token.i + 1].text == "," and doc[token.i + 2].like_num \
        and doc[token.i + 3].text in {",", "."}


def names_a_side(root: Token) -> bool:
    """A name standing before a person or role as the side they belong to: "Harmon coach Tom Reddick",
    "Harmon’s Tasha Greer", "Westfield freshman Kayla Morgan"."""
    head = root.head
    if root.dep_ == "poss":
        return head.pos_ == "PROPN" or head.ent_type_ == "PERSON"
    return root.dep_ == "compound" and head.pos_ == "NOUN" and is_person_word(head.lower_)


def merge_split_names(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join a name the recogniser cut in two: "Nadia" taken for a place and "Ferro" left out, when the
    lone first word hangs on the second part; "Dairy Farmers" and "Ontario" of an organisation "Dairy Farmers of
    Ontario" (the first part plural or a word of an organisation's name, but not a common noun opening a
    sentence: "Shares of Corvane rose")."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        start, end = across_hyphens(doc, start, end)
        if merged and start < merged[-1][1]:
            # taken into the name before; or one name cut at its hyphen ("SNC" and "Lavalin")
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2] or label)
            continue
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].pos_ == "PROPN" \
                and doc[end + 1].is_title and is_organisation_head(doc[end - 1], label) and label != KNOWN_ONLY:
            stop = end + 1
            while stop < len(doc) and doc[stop].pos_ == "PROPN" and doc[stop].is_title:
                stop += 1
            start, end, label = start, stop, "ORG"  # "Dairy Farmers of Ontario", "University of Halvik"
        if merged and merged[-1][1] == start and merged[-1][1] - merged[-1][0] == 1 and merged[-1][2] != "ORG" \
                and doc[start - 1].dep_ in {"compound", "flat"} and start <= doc[start - 1].head.i < end:
            merged[-1] = (merged[-1][0], end, label if merged[-1][2] in PLACE_LABELS else merged[-1][2])
        elif merged and merged[-1][1] == start - 1 and doc[start - 1].lower_ == "of" \
                and is_organisation_head(doc[start - 2], merged[-1][2]) and merged[-1][2] != KNOWN_ONLY:
            merged[-1] = (merged[-1][0], end, "ORG")
        else:
            merged.append((start, end, label))
    return merged


def written_out(doc: Doc, letters: str) -> list[Token] | None:
    """The capitalised words an acronym's letters begin, where the article writes them out: commas, "and",
    "of" and "the" between them are part of the name."""
    for start, token in enumerate(doc):
        if not token.is_title or token.lower_[0] != letters[0]:
            continue
        initials, end = "", start
        while end < len(doc) and len(initials) < len(letters):
            word = doc[end]
            if word.is_title and word.is_alpha:
                initials += word.lower_[0]
            elif word.lower_ not in ACRONYM_SKIPS and word.text != ",":
                break
            end += 1
        if initials == letters and len(letters) > 1:
            return list(doc[start:end])
    return None


def across_hyphens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A name with the words glued to it by hyphens: "SNC-Lavalin", "Jones-Smith" are one name, whichever
    half the recogniser took."""
    while start > 1 and is_glued_hyphen(doc[start - 1]) and doc[start - 2].text[:1].isupper() \
            and not doc[start - 2].whitespace_:
        start -= 2
    while end + 1 < len(doc) and is_glued_hyphen(doc[end]) and doc[end + 1].text[:1].isupper():
        end += 2
    return start, end


def is_organisation_head(token: Token, label: str) -> bool:
    """The last word of the first part of an "X of Y" name of an organisation: a word of such names, or a
    plural ("Dairy Farmers of Ontario"; but "Jane Adams of Ohio" is a person)."""
    plural = token.tag_ == "NNPS" or token.lower_.endswith("s") and not token.lower_.endswith("ss")
    return token.lower_ in ORGANISATION_NAME_WORDS or plural and label != "PERSON"


def organisation_name_tokens(tokens: list[Token]) -> list[Token]:
    """An organisation's name as written, without a leading article or punctuation, up to a comma."""
    kept = []
    for at, token in enumerate(tokens):
        inner = at + 1 < len(tokens) and tokens[at + 1].is_title  # "Sheriff’s Office" is one name
        if token.text == "," or token.tag_ == "POS" and not is_part_of_name(token) and not inner:
            break
        if kept or token.is_alpha and token.dep_ != "det":
            kept.append(token)
    return kept


def is_description(token: Token) -> bool:
    """A definite description that may stand for someone named: "the coach", "the CEO", "the Italian", "the
    11-year-old"."""
    if not is_definite(token) or token.tag_ in {"NNS", "NNPS"}:
        return False
    return token.pos_ == "NOUN" or is_age(token) \
        or token.pos_ == "PROPN" and (is_person_word(token.lower_) or token.ent_type_ == "NORP")


def is_kin(token: Token) -> bool:
    """A family member of someone: "her husband", "Lind's daughter"."""
    return token.pos_ == "NOUN" and token.tag_ == "NN" and token.lemma_.lower() in KIN_NOUNS \
        and any(c.dep_ == "poss" for c in token.children)


def is_definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)


def description_keys(noun: Token) -> set[str]:
    """The words a description can match a role by: its noun, and the noun with the modifier before it
    ("chief executive", "union leader")."""
    head = noun.lemma_.lower()
    modifiers = [t.lower_ for t in left_modifiers(noun) if t.lower_ not in PLAIN_ADJECTIVES and t.is_alpha]
    keys = {head, noun.lower_}
    if modifiers:
        keys.add(" ".join(modifiers[-1:] + [head]))
    return with_equivalents(keys)


def noun_gender(noun: Token) -> str | None:
    word = noun.lemma_.lower()
    return "male" if word in MALE_NOUNS else "female" if word in FEMALE_NOUNS else None


def kind_fits(noun: str, entity: Entity) -> bool:
    """Whether an organisation can be called by a noun: a firm is no council and a council no firm."""
    public = any(w in PUBLIC_BODY_NOUNS for w in entity.words)
    if noun in BUSINESS_NOUNS:
        return not public
    if noun in PUBLIC_BODY_NOUNS:
        # "the department" is no restoration group; "the city" may be the city the article is about
        return public or noun in PLACE_NOUNS and "label:GPE" in entity.facts
    return True
