"""Finding who a quote is attributed to: the reporting verb (or "according to", a colon
introduction, a dash sign-off) that frames it, and the word naming its speaker."""
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.extract.lexicon import (OUTLET_WORDS, PAST_REPORTING_FORMS, PHRASAL_REPORTING_VERBS, REPORTING_FORMS,
                                 REPORTING_VERBS, STATEMENT_NOUNS, TIME_WORDS, TITLE_WORDS, WORK_NOUNS)
from bot.extract.layout import captions, headings, work_titles
from bot.extract.marks import ALL_MARKS, DASH_CHARS, QUOTE_MARKS, QuotedSpan
from bot.extract.names import is_person_word

SENTENCE_END = frozenset({".", "!", "?"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Participles that introduce a name rather than words spoken: a course called “Drive Safe”.
NAMING_PARTICIPLES = frozenset({"called", "named", "dubbed", "titled", "entitled", "labelled", "labeled",
                                "branded", "nicknamed", "billed"})
# Words that stay in lower case in a title: “The Late Show with Ana Reyes”.
MINOR_TITLE_WORDS = frozenset({"with", "from", "into", "onto", "over", "upon", "than", "without", "about", "after",
                               "under", "through", "versus"})
# How a title attaches when it names a thing rather than quotes anyone: "on CNN’s “State of the Union”", "host
# of “The Late Show with Ana Reyes”".
NAMING_DEPS = frozenset({"pobj", "compound", "poss", "nmod"})
# Words opening a sentence that points back at the quote before it: “…” That was how Osei put it.
BACK_REFERENCES = frozenset({"that", "those", "these", "so", "such"})
# How a quote can hang under the verb that reports it: its object, its complement clause...
REPORTED_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "advcl", "conj", "dep", "attr", "oprd",
                           "npadvmod", "acomp", "intj", "pcomp"})
# Conjunctions opening a side clause ("when Oskar Fenn mocked her, Ada Moreno fired back"): a verb in
# such a clause does not introduce the quote that follows the main clause.
SUBORDINATORS = frozenset({"after", "when", "while", "because", "since", "if", "before", "although",
                           "though", "until", "once", "whether"})
# Links of a verb heading a main clause, when the parser made a quote the root of the sentence.
MAIN_CLAUSE_DEPS = frozenset({"ROOT", "parataxis", "conj"})
# Verb forms that follow their subject in "the board posted", whatever the parser made of them.
PAST_OR_PRESENT = frozenset({"VBD", "VBN", "VBZ", "VBP"})
# Verbs that report speech and nothing else ("continue", "call" or "describe" often do not).
SPEECH_VERBS = frozenset({"say", "tell", "add", "write", "tweet", "post", "suggest", "insist", "argue", "warn",
                          "claim", "state", "declare", "announce", "reply", "respond", "answer", "admit",
                          "acknowledge", "ask", "explain", "note", "promise", "vow", "predict", "recall", "assure",
                          "reassure", "inform", "urge", "confirm", "deny", "complain", "joke", "boast"})
# Verbs whose passive subject is the one speaking: "was quoted as saying", "was heard asking", "is shown lecturing".
PASSIVE_SPEAKING_VERBS = frozenset({"quote", "hear", "overhear", "see", "show", "record", "film", "catch", "tape"})
# Verbs linking a subject to what is said of it.
LINKING_VERBS = frozenset({"be", "become", "remain", "seem", "sound", "stay", "prove"})
COMPLEMENT_DEPS = frozenset({"attr", "acomp", "oprd", "xcomp", "conj"})
OBJECT_DEPS = COMPLEMENT_DEPS | {"dobj", "ccomp", "prep", "dative"}
FRAME_LIMIT = 40  # tokens looked at on each side of a quote
MIN_QUOTE_WORDS = 4  # fewer quoted words are a phrase worked into a sentence, not a quote of its own
MAX_DESCRIPTION = 7  # words of a title and name between a quote and its reporting verb
CLIMB_LIMIT = 4
MAX_NAME_WORDS = 4  # capitalised words making up a name
# Parts of speech that never name a speaker, whatever the parser made their word.
NO_SPEAKER_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PUNCT", "PART", "SYM", "NUM", "AUX"})


@dataclass(frozen=True)
class QuoteTokens:
    """A quoted span and the tokens that make it up, in a parsed Doc."""
    span: QuotedSpan
    first: int
    end: int  # one past the last token
    words: str  # the quoted text itself


@dataclass(frozen=True)
class QuotedDoc:
    """A parsed article with its quotes located."""
    doc: Doc
    text: str  # doc.text, kept: spaCy builds it anew from every token on each access
    quotes: list[QuoteTokens]
    owner: list[int]  # for every token, the index of the quote holding it, -1 outside quotes
    titles: frozenset[int]  # the quotes that name a show, book or law rather than quote anyone
    mark_tokens: frozenset[int]  # tokens that open or close a quote (single marks are often apostrophes)
    # tokens of headings, bylines, captions, labels and the titles of works: nobody named there speaks
    apart: frozenset[int]

    def in_quote(self, token: Token) -> bool:
        return self.owner[token.i] >= 0

    def is_mark(self, token: Token) -> bool:
        return token.i in self.mark_tokens or all(c in QUOTE_MARKS for c in token.text)

    def in_title(self, token: Token) -> bool:
        """A token of a quoted title or one of its marks: the Ledger’s “Sunday Table” podcast."""
        near = [token.i] + ([token.i - 1, token.i + 1] if self.is_mark(token) else [])
        return any(0 <= i < len(self.owner) and self.owner[i] in self.titles for i in near)


def looks_like_title(text: str) -> bool:
    """Names of books, laws, campaigns, nicknames: short, every long word capitalised, not an
    exclamation, and not a short sentence with a single long word ("Prepare for it.")."""
    if text.endswith(("!", "?")):
        return False
    words = text.rstrip(".,").split()
    long_words = [w for w in words if len(w) > 3 and w not in MINOR_TITLE_WORDS]  # “Flip the Script with Ana”
    if text.endswith(".") and len(long_words) < 2 and any(w[:1].islower() for w in words[1:]):
        return False
    return len(text.split()) <= 10 and bool(long_words) and all(w[:1].isupper() for w in long_words)


def locate_quotes(doc: Doc, text: str, spans: list[QuotedSpan]) -> QuotedDoc:
    quotes, owner, marks = [], [-1] * len(doc), set()
    for span in spans:
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            continue
        for i in range(tokens.start, tokens.end):
            owner[i] = len(quotes)
        quotes.append(QuoteTokens(span, tokens.start, tokens.end, text[span.start:span.end]))
        for at in span.marks:
            mark = doc.char_span(at, at + 1, alignment_mode="expand")
            if mark is not None and len(mark) == 1:
                marks.add(mark.start)
    titles = frozenset(i for i, q in enumerate(quotes) if looks_like_title(q.words))
    apart = frozenset(i for start, end in headings(doc) + captions(doc) + work_titles(doc) for i in range(start, end))
    return QuotedDoc(doc, text, quotes, owner, titles, frozenset(marks), apart)


def is_dash(token: Token) -> bool:
    """A dash of any spelling ("—", "―", "--"), also when glued to the closing mark before it (”―)."""
    text = token.text.strip(ALL_MARKS)
    return bool(text) and all(c in DASH_CHARS for c in text)


def is_reporting_verb(token: Token) -> bool:
    """A reporting verb, also when capitalised mid-sentence and so tagged as a name ("Tweeted")."""
    if token.pos_ == "PROPN":  # only past forms: "States", "State" or "Notes" as names are no verbs
        return token.lower_ in PAST_REPORTING_FORMS
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    if any(c.dep_ == "prt" and c.lower_ in {"down", "off"} for c in token.children):
        return False  # "was shouted down", "called off"
    if lemma in REPORTING_VERBS or token.lower_ in REPORTING_FORMS:
        return True
    return any(c.dep_ in {"prt", "advmod", "dobj"} and (lemma, c.lower_) in PHRASAL_REPORTING_VERBS
               for c in token.children)


def in_side_clause(verb: Token) -> bool:
    """A verb opened by a subordinator, also one the parser hung as an adverb ("When someone shouted"), or
    coordinated with such a verb ("when Lind thanked the crowd and said …")."""
    opened = any((c.dep_ == "mark" or c.dep_ == "advmod" and c.tag_ == "WRB") and c.lower_ in SUBORDINATORS
                 for c in verb.children)
    return opened or verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i < verb.i \
        and in_side_clause(verb.head)


def ends_paragraph(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def after_frame(qd: QuotedDoc, quote: QuoteTokens) -> list[Token]:
    """The unquoted words right after a quote, up to the end of its sentence."""
    frame = []
    for token in qd.doc[quote.end: quote.end + FRAME_LIMIT]:
        if token.is_space and not ends_paragraph(token):
            continue  # a no-break space before a sign-off: ”\xa0― Dana Ortiz
        if qd.in_quote(token) or token.is_space:
            break
        if qd.is_mark(token):
            if frame:
                break
            continue
        frame.append(token)
        if token.text in SENTENCE_END or ends_paragraph(token):
            break
    return frame


def before_frame(qd: QuotedDoc, quote: QuoteTokens) -> list[Token]:
    """The unquoted words right before a quote, back to the start of its sentence; for a quote
    opening its paragraph, the sentence ending in a colon that introduces it ("Lind continued:")."""
    doc, frame = qd.doc, []
    for token in reversed(doc[max(0, quote.first - FRAME_LIMIT): quote.first]):
        if token.i in qd.apart:
            break  # a label ("ANALYST'S VIEWPOINT:") introduces a section, not the quote
        if qd.in_title(token) and frame:
            continue  # read through a show's name: Castell tells the Ledger’s “Sunday Table” that “…”
        if token.is_space and not ends_paragraph(token):
            continue  # a no-break or double space inside the sentence
        if token.is_space or ends_paragraph(token):
            if frame or token.i == 0 or doc[token.i - 1].text != ":":
                break
            if token.is_space:
                continue
        if qd.in_quote(token) or token.text in SENTENCE_END:
            break
        if qd.is_mark(token):
            if frame:
                break
            continue
        frame.append(token)
    return frame[::-1]


def is_bare(qd: QuotedDoc, quote: QuoteTokens) -> bool:
    """True for a quote standing as a sentence of its own: no words before it, and after it at most
    a stray word left outside by a misplaced mark (“… dozens of late-night” routes.). A lone
    participle before it ("Adding, “…”", "Warning, “…”") or a new statement after it (“…” She later
    wrote that …), or the words leading into the next quote, leave the speaker to the sentences around it."""
    lead, after = [t for t in before_frame(qd, quote) if t.is_alpha], after_frame(qd, quote)
    lone_participle = len(lead) == 1 and lead[0].lower_.endswith("ing") and lead[0].lower_ in REPORTING_FORMS
    stray_words = not any(t.pos_ in {"VERB", "AUX", "PRON"} for t in after) \
        and (len(after) <= 5 or not any(t.pos_ == "PROPN" for t in after)) \
        or completes_the_quote(quote, after)  # “… go after” Osama bin Laden; “…” to vote for him.
    return (not lead or lone_participle) and (stray_words or opens_own_report(qd, quote, after)
                                              or starts_other_business(quote, after)
                                              or leads_into_next_quote(qd, quote, after))


def introduced_without_a_speaker(qd: QuotedDoc, quote: QuoteTokens) -> bool:
    """A quote introduced by words ending in a colon that name no one who could say it ("And here was the big
    reveal: “…”"): whoever says it is to be found in the sentences around."""
    before = before_frame(qd, quote)
    return bool(before) and before[-1].text == ":" and not any(
        can_be_people(t) or t.ent_type_ in {"PERSON", "ORG"} for t in before)


def completes_the_quote(quote: QuoteTokens, after: list[Token]) -> bool:
    """“They like his plans, but they are not there yet” to vote for him. — lower-case words running on from
    a quote with no stop of its own, with no subject and no reporting verb, end the quoted sentence and
    attribute nothing."""
    return bool(after) and not ends_with(quote, ".,;:!?") and after[0].is_lower \
        and not any(t.dep_ in SUBJECT_DEPS or is_reporting_verb(t) for t in after)


def leads_into_next_quote(qd: QuotedDoc, quote: QuoteTokens, after: list[Token]) -> bool:
    """“… a circus act.” Of the rival, Levine said, “…” — after a quote closing its sentence, words ending in
    a comma or colon right before the next quote introduce that quote, not this one."""
    if not after or not ends_with(quote, SENTENCE_END) or after[-1].text not in {",", ":"}:
        return False
    following = qd.doc[after[-1].i + 1: after[-1].i + 3]
    return len(following) == 2 and qd.is_mark(following[0]) and qd.in_quote(following[1])


def starts_other_business(quote: QuoteTokens, after: list[Token]) -> bool:
    """“…” His manager, Alex Cho, struck a similar tune. — after a quote closing its sentence, a sentence
    with a subject of its own and no reporting verb tells something else: it does not attribute the quote;
    nor does one opening with a side clause (“…” While critics say the fee is too high, …)."""
    if not ends_with(quote, SENTENCE_END) or not after or not after[0].is_title:
        return False
    if after[0].lower_ in SUBORDINATORS:
        return True
    clause = [t for t in after if t.pos_ in {"VERB", "AUX"} and any(c.dep_ in SUBJECT_DEPS for c in t.children)
              and any(c.dep_ in OBJECT_DEPS for c in t.children)]  # “…?” Maddow repeated. may attribute it
    return bool(clause) and not any(is_reporting_verb(t) for t in after)


def own_subject(verb: Token) -> Token | None:
    """Who does what a verb says: its subject; in the passive, the agent ("was asked by host Bill Maher");
    or a name right before it that the parser hung on it as a compound ("Beck joked") or elsewhere ("… asked
    him about his health and Gillis suggested"); or a name set off by commas right before it ("In a note to
    staff, her deputy, Ana Obi, said")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        subject = named_subject(min(subjects, key=lambda c: abs(c.i - verb.i)), verb)
        if subject.pos_ != "NOUN" or is_person_word(subject.lemma_.lower()):
            return subject
        # "The trouble, says Ines Moreau, is …": a thing taken for the subject of an inverted verb
        return name_closing_inversion(verb) or subject
    for child in verb.children:
        if child.dep_ == "nsubjpass" and verb.lemma_ in PASSIVE_SPEAKING_VERBS:
            return child  # "he was quoted as saying", "a reporter can be heard asking"
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    before = verb.nbor(-1) if verb.i > 0 else None
    if verb.pos_ == "VERB" and before is not None and before.pos_ == "PROPN" and (
            before.dep_ == "compound" and before.head.i == verb.i or before.ent_type_ == "PERSON"
            and verb.tag_ in {"VBD", "VBZ"} and before.dep_ not in {"nsubj", "nsubjpass", "poss"}):
        return before
    return set_off_name(verb)


def named_subject(subject: Token, verb: Token) -> Token:
    """A subject, or the person's name set off right before the verb when the subject is a common noun or a
    number ("One of her aides, Pat Moss, said")."""
    return (set_off_name(verb) if subject.pos_ in {"NOUN", "NUM"} else None) or subject


def set_off_name(verb: Token) -> Token | None:
    """“The editor I worked with, Tim Grieve, said”: a person's name (and titles) between commas right before a
    verb is who does it, however the parser hung the name."""
    doc, comma = verb.doc, verb.i - 1
    if comma < 2 or doc[comma].text != ",":
        return None
    start = comma
    while start > 0 and comma - start < MAX_DESCRIPTION and (doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
                                                              or doc[start - 1].lower_ in TITLE_WORDS):
        start -= 1  # "…, former Colorado Rep. Pat Moss, said"
    named = any(doc[i].ent_type_ == "PERSON" for i in range(start, comma))
    return doc[comma - 1] if named and start > 0 and doc[start - 1].text == "," else None


def speaker_of_verb(qd: QuotedDoc, verb: Token) -> Token | None:
    """The word naming who does the reporting: the verb's subject, or, for a participle or a
    second verb ("issued a statement saying", "and added"), the subject of the verb it hangs
    from. Verbs inside a quote are passed over: their subjects are what the quote talks about."""
    token, coordinated, participle = verb, False, False
    for _ in range(CLIMB_LIMIT):
        if not qd.in_quote(token):
            if is_thing_saying(token) and not is_person_word(token.nbor(-1).lemma_.lower()) \
                    and token.nbor(-1).lemma_.lower() not in STATEMENT_NOUNS:
                return None  # a placard saying, a cap reading: the words are the thing's, not its bearer's
            # "Lind was joined by Roe and joked", "Lind was booed by fans after telling them": Lind
            shared = grammatical_subject(token) if coordinated or participle and token.pos_ in {"VERB", "AUX"} \
                else None
            who = shared or (participle_subject(qd, token) if token.tag_ == "VBG" else None) or own_subject(token)
            if who is not None:
                return who
            if token.dep_ == "relcl" or token.dep_ == "acl" and (
                    token.head.pos_ == "PROPN" or token.tag_ in PAST_OR_PRESENT and token.head.i == token.i - 1
                    and token.lower_ not in NAMING_PARTICIPLES):
                # "marchers who chanted", "Lind, the group's head, Tweeted", "“…,” the board posted" read as "the
                # board that was posted"; but not "a group called …"
                return token.head
        if token.head.i == token.i:
            break
        coordinated = token.dep_ == "conj"
        participle = participle or token.tag_ == "VBG" and token.dep_ in {"pcomp", "advcl"}
        token = token.head
    # "“…,” said Sen. Jane Roe": a verb straight after the quote or a comma; in "a reporter was heard asking
    # Roe", Roe is asked
    return inverted_subject(verb) if verb.i == 0 or verb.nbor(-1).is_punct else None


def grammatical_subject(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return named_subject(subject, verb) if subject is not None else None


def participle_subject(qd: QuotedDoc, participle: Token) -> Token | None:
    """Who does the saying in a participle phrase: the person it modifies ("a clip of Tomas Reyes
    shouting"), or, after a comma, the subject of the sentence's main clause ("Moss hit back on
    Friday, saying"), however the parser attached the participle."""
    head, before = participle.head, participle.nbor(-1) if participle.i > 0 else participle
    if before.ent_type_ == "PERSON" and not qd.in_quote(before):
        return before  # "a clip shows Rosa Lind asking"
    if participle.dep_ == "acl" and head.pos_ == "NOUN":
        people = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ == "PERSON")]
        return people[0] if people else None
    if before.text != ",":
        return None
    root = participle.sent.root
    if root.i < participle.i and not qd.in_quote(root):
        # "Silverman was shouted down by fans after telling them": the grammatical subject, not the agent
        subject = grammatical_subject(root) or own_subject(root)
        if subject is not None and is_named_or_personal(subject):
            return subject
        # "The first disruption came when tenants interrupted her, shouting": the nearest clause with people
        clauses = [t for t in participle.sent
                   if t.i < participle.i and t.pos_ in {"VERB", "AUX"} and not qd.in_quote(t)]
        people = [who for who in map(own_subject, reversed(clauses)) if who is not None and can_be_people(who)]
        return people[0] if people else subject
    earlier = [t for t in participle.sent if t.i < participle.i and t.pos_ in {"VERB", "AUX"} and not qd.in_quote(t)
               and t.dep_ in MAIN_CLAUSE_DEPS]
    subjects = [own_subject(t) for t in reversed(earlier)]
    return next((who for who in subjects if who is not None), None)  # “…,” Lind said, adding


def inverted_subject(verb: Token) -> Token | None:
    """A name the parser hung off a verb that precedes it ("said Sen. Jane Roe"), or a capitalised
    word right after it that the tagger did not take for a name ("said Kelly," with Kelly an adverb)."""
    for child in verb.rights:
        if child.pos_ == "PROPN" and child.dep_ in {"dobj", "npadvmod", "attr", "appos", "dep"}:
            return child
    after = verb.nbor() if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.is_title and after.pos_ in {"ADV", "ADJ", "NOUN", "VERB"}:
        return after
    return name_closing_inversion(verb)


def name_closing_inversion(verb: Token) -> Token | None:
    """“The trouble, says Ines Moreau, a historian, is …”: a person's name right after a reporting verb and
    closing its clause, hung elsewhere by the parser. (Whom someone tells is their listener.)"""
    doc, start = verb.doc, verb.i + 1
    while start < len(doc) and doc[start].lower_ in TITLE_WORDS:
        start += 1
    end = start
    while end < len(doc) and end - start < MAX_NAME_WORDS and doc[end].pos_ == "PROPN" \
            and doc[end].ent_type_ == "PERSON":
        end += 1
    closes = end < len(doc) and doc[end].text in {",", ".", ";", ")"}
    return doc[end - 1] if end > start and closes and verb.lemma_ != "tell" else None


def governing_verb(qd: QuotedDoc, quote: QuoteTokens) -> Token | None:
    """A reporting verb outside the quote that the quote's words hang from, through clause links
    only (so a quoted nickname inside a subject is not taken for speech)."""
    for token in qd.doc[quote.first: quote.end]:
        if token.head.i == token.i or quote.first <= token.head.i < quote.end:
            continue  # only the words where the quote attaches to the rest of the sentence
        link, head = token.dep_, token.head
        for _ in range(CLIMB_LIMIT):
            if qd.in_quote(head) or link not in REPORTED_DEPS:
                break
            if is_reporting_verb(head):
                return head
            if head.head.i == head.i:
                break
            link, head = head.dep_, head.head
    return None


def according_to(frame: list[Token]) -> Token | None:
    for token in frame:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def dash_signoff(frame: list[Token]) -> Token | None:
    """The name after a dash that signs off a quote: “…” — Commissioner Starks."""
    if len(frame) < 2 or not is_dash(frame[0]):
        return None
    inside = {t.i for t in frame[1:]}
    heads = [t for t in frame[1:] if t.pos_ in {"PROPN", "NOUN"} and (t.head.i not in inside or t.head.i == t.i)]
    return heads[0] if heads else None


def depth(token: Token) -> int:
    """How many clauses down a token sits; coordinated verbs share a level ("Ana asked and Bo said")."""
    steps = 0
    for _ in range(50):
        if token.head.i == token.i:
            break
        steps += token.dep_ not in {"conj", "parataxis"}
        token = token.head
    return steps


def reporting_verb_in(frame: list[Token], nearest_last: bool) -> Token | None:
    """The main reporting verb of a frame: one outside a relative clause ("a builder who said he was
    never paid" describes the builder), then the one highest in the parse, then the nearest to the
    quote ("The Courier reported the council refused to call it a strike: “…”"); but a news outlet
    reporting what someone said is the source of the account, not the speaker (“…,” the company said in a
    statement, the Courier reported)."""
    verbs = [t for t in frame if is_reporting_verb(t) and not in_side_clause(t) and not is_writer_aside(t)]
    if not verbs:
        return None
    if nearest_last:
        verbs.reverse()
    main = min(verbs, key=lambda verb: (verb.dep_ == "relcl", depth(verb)))
    subject = next((c for c in main.children if c.dep_ in SUBJECT_DEPS), None)
    reported = [v for v in verbs if v is not main and main in v.ancestors
                and any(c.dep_ in SUBJECT_DEPS for c in v.children)]
    return reported[0] if reported and subject is not None and names_an_outlet(subject) else main


def names_an_outlet(token: Token) -> bool:
    """A news outlet's name: "the Valley Courier", "CBC News"."""
    return any(t.lower_ in OUTLET_WORDS for t in token.subtree if t.pos_ == "PROPN" or t.ent_type_ == "ORG")


def is_writer_aside(verb: Token) -> bool:
    """The writer's own "I quote" or "I repeat" inside a sentence attributing words to someone else."""
    return any(c.dep_ == "nsubj" and c.lower_ == "i" for c in verb.children)


def inverted_after(frame: list[Token]) -> Token | None:
    """“…?” asked Dana Ortiz — a reporting verb right after a quote, then a name, outweighs any
    name before the quote."""
    verb = frame[0] if frame else None
    if len(frame) < 2 or not is_reporting_verb(verb) or verb.tag_ not in {"VBD", "VBZ"} \
            or frame[1].pos_ not in {"PROPN", "DET", "NOUN", "ADJ"}:
        return None
    who = own_subject(verb)
    if who is not None and who.i > verb.i and who.pos_ == "PROPN":
        return who
    description = []
    for token in frame[1:MAX_DESCRIPTION + 1]:
        if token.text in {",", ".", ";", "("}:
            break
        description.append(token)
    people = [t for t in description if t.ent_type_ == "PERSON"] or [
        t for t in description if t.pos_ == "PROPN" and t.ent_type_ != "NORP" and t.lower_ not in TITLE_WORDS
        and t.is_title]
    # "said an aide to Mayor Falk", "said Falk’s campaign manager", "said a Falk aide": the aide speaks
    people = [t for t in people if not in_prepositional_phrase(t, verb) and not is_owner(t)
              and not (t.head.pos_ == "NOUN" and t.head.i > t.i and t.head in description)]
    if not people and who is None:
        who = described_after(verb, description)  # “…?” asked the boy, the parser taking him for the object
    if frame[1].pos_ != "PROPN" and not people:
        return who if who is not None and who.i > verb.i and who.pos_ == "NOUN" else None
    if people:  # the name closing a description: wondered the club’s longtime announcer Pia Sorensen
        name = people[-1]
        while name.dep_ in {"compound", "flat"} and name.head.i == name.i + 1 and name.head in description:
            name = name.head
        return name
    return who if who is not None and who.i > verb.i else inverted_subject(verb)


def is_owner(token: Token) -> bool:
    """The owner in a possessive: "Falk" in "Falk’s campaign manager"."""
    end = token
    while end.dep_ in {"compound", "flat"} and end.head.i == end.i + 1:
        end = end.head
    return end.dep_ == "poss" or end.i + 1 < len(end.doc) and end.nbor().tag_ == "POS"


def described_after(verb: Token, description: list[Token]) -> Token | None:
    """The noun heading the words after an inverted reporting verb, whatever the parser hung it on."""
    nouns = [t for t in description if t.pos_ == "NOUN" and t.head.i not in {d.i for d in description}]
    return nouns[0] if nouns and (nouns[0].head.i == verb.i or nouns[0].dep_ == "ROOT") else None


def in_prepositional_phrase(token: Token, stop: Token) -> bool:
    for _ in range(CLIMB_LIMIT * 2):
        if token.i == stop.i or token.head.i == token.i:
            return False
        if token.dep_ == "pobj":
            return True
        token = token.head
    return False


def colon_subject(frame: list[Token]) -> Token | None:
    """Whoever a sentence ending in a colon names last, or else is about, introduces the quote
    after it: "… worries historian Dana Shore: “…”", "Lind released a statement: “…”"."""
    if len(frame) < 2 or frame[-1].text != ":":
        return None
    inside = {t.i for t in frame}
    subjects = [t for t in frame if t.dep_ == "nsubj" and t.head.i in inside and not in_side_clause(t.head)
                and t.head.dep_ != "relcl"]  # "…, who ran the office:" describes someone, it does not speak
    speaking = [t for t in subjects if is_reporting_verb(t.head)]
    if speaking:
        return speaking[-1]
    # the clause ending at the colon, even a side one, when someone in it offers the words: "… when Musk again
    # took to Twitter with this:"
    last = next((t for t in reversed(frame[:-1]) if t.pos_ in {"VERB", "AUX"}), None)
    offered = last is not None and frame[-2].lower_ in {"this", "these", "that"} and frame[-2].dep_ == "pobj"
    who = own_subject(last) if offered else None
    if who is not None and who.i in inside and is_named_or_personal(who):
        return who
    # else the sentence's main subject: in "Achebe suspected the keeper felt:" the words are Achebe's
    return min(subjects, key=lambda t: depth(t.head)) if subjects else None


def ends_with(quote: QuoteTokens, marks: str) -> bool:
    return quote.words.rstrip("’'‘ ").endswith(tuple(marks))


def ends_with_comma(quote: QuoteTokens) -> bool:
    return ends_with(quote, ",")


def name_before_verb(frame: list[Token]) -> Token | None:
    """“…,” Pine Hollow fire Captain Lea Moreau said — a name right before a reporting verb near the start of
    the words after a quote, read off the surface when the parse of the description before it is poor."""
    for at, token in enumerate(frame[1:MAX_DESCRIPTION + 1], start=1):
        if not is_description_word(frame[at - 1]):
            return None
        if is_reporting_verb(token):
            name = frame[at - 1]
            return phrase_head(name, frame[0].i) if name.pos_ == "PROPN" or name.ent_type_ == "PERSON" else None
    return None


def is_description_word(token: Token) -> bool:
    """A word that can make up a title and name: not a conjunction, clause word or punctuation; the second
    half of a hyphenated adjective counts ("Texas-based")."""
    return token.pos_ in {"PROPN", "NOUN", "ADJ", "DET", "NUM"} or token.lower_ == "of" \
        or token.text in {".", "-"} or token.ent_type_ in {"PERSON", "GPE", "NORP", "ORG"} \
        or token.i > 0 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_


def phrase_head(name: Token, start: int) -> Token:
    """The title a name hangs from, if any: "Secretary" in "Secretary of the Interior Grace Olsen"."""
    while name.dep_ in {"compound", "flat", "pobj", "prep", "appos"} and start <= name.head.i < name.i \
            and name.head.pos_ in {"PROPN", "NOUN", "ADP"}:
        name = name.head
    return name


def name_after_comma(qd: QuotedDoc, quote: QuoteTokens, frame: list[Token]) -> Token | None:
    """“…,” Lind, 58, told the radio station — a quote ending in a comma and followed straight away by a name
    or a personal pronoun is theirs, however the parser hung the rest of the sentence. A quote ending in a
    question or exclamation mark takes a name only when a reporting verb follows it (“…?” Lind asked)."""
    if not frame or not ends_with(quote, ",?!"):
        return None
    named = name_before_verb(frame)
    if not ends_with_comma(quote) or named is not None:
        return named
    first = frame[0]
    if first.pos_ != "PROPN" and first.lower_ not in {"he", "she", "they"}:
        return None
    while first.dep_ in {"compound", "flat", "nmod"} and first.i < first.head.i < first.i + 6:
        first = first.head  # from "Secretary of Defense Ana Ruiz" to its head, "Ruiz"
    if first.dep_ == "poss" or first.i + 1 < len(qd.doc) and first.nbor().tag_ == "POS":
        return None  # “…,” Lind’s spokesman said: the speaker is the spokesman
    return first


def subject_after_comma(qd: QuotedDoc, quote: QuoteTokens, frame: list[Token]) -> Token | None:
    """“…,” the senator went on — a subject and its verb after a quote ending in a comma."""
    if not frame or not ends_with_comma(quote):
        return None
    inside = {t.i for t in frame}
    subjects = [t for t in frame[:4] if t.dep_ == "nsubj" and t.head.i in inside]
    if not subjects or any(t not in subjects[0].subtree for t in frame[:frame.index(subjects[0])]):
        return None  # “…,” so the council should act: a clause going on, not an attribution
    return subjects[0]


def colon_person(frame: list[Token]) -> Token | None:
    """Pollster Dana Shore: “…”, or a word from her: "More from Shore: “…”" (but not a time zone taken for a
    name: "at 8 a.m. Eastern:"); a name alone between a dash or a reporting verb and the colon: "Turnout in
    the north — Dana Shore: “…”", "Added Shore: “…”"."""
    if len(frame) < 2 or frame[-1].text != ":":
        return None
    # "a message to Trump:" is not his; "More from Jones:" is
    source = frame[-2].dep_ == "pobj" and frame[-2].head.lower_ == "from"
    if frame[-2].ent_type_ == "PERSON" and not (len(frame) >= 3 and frame[-3].ent_type_ in {"TIME", "DATE"}) \
            and (frame[-2].dep_ not in {"pobj", "dobj", "dative", "poss"} or source):
        return frame[-2]
    start = len(frame) - 1
    while start > 0 and start > len(frame) - 6 and is_name_word(frame[start - 1]):
        start -= 1
    opener = frame[start - 1] if start > 0 else None
    if start < len(frame) - 1 and opener is not None and (is_dash(opener) or start == 1 and opener.is_title
                                                          and opener.lower_ in REPORTING_FORMS):
        return frame[-2]
    return None


def is_name_word(token: Token) -> bool:
    """A capitalised word or initial that can be part of a name (not a title, nor a day), also one the tagger
    took for a common noun."""
    return token.pos_ in {"PROPN", "NOUN"} and token.text[:1].isupper() and token.lower_ not in TITLE_WORDS \
        and token.lower_ not in TIME_WORDS


def subject_of_embedding(qd: QuotedDoc, quote: QuoteTokens) -> Token | None:
    """For a long quote worked into a sentence ("Lind described a town where shops “…”"),
    the person or organisation the sentence is about, when the quote is not part of its subject."""
    doc = qd.doc
    if quote.end - quote.first < 4 or any(is_thing_saying(t) for t in before_frame(qd, quote)) \
            or names_a_thing(qd, quote):
        return None
    source = according_to([t for t in doc[quote.first].sent if not qd.in_quote(t)])
    if source is not None:
        return source  # "According to his doctor, Lind had “…” results": the doctor's words, not Lind's
    for token in doc[quote.first: quote.end]:
        if token.head.i == token.i or quote.first <= token.head.i < quote.end:
            continue
        link, head = token.dep_, token.head
        for _ in range(CLIMB_LIMIT + 1):
            if qd.in_quote(head) or link in {"nsubj", "nsubjpass", "csubj"}:
                break
            who = own_subject(head) if head.pos_ in {"VERB", "AUX"} else None
            if head.lemma_ in LINKING_VERBS and who is not None:
                # "the fleet is “the best afloat”", "she was, not for her “…”": the subject of a linking verb
                # is what the words describe; whoever the clause above it is about may be saying them ("Lind
                # worried the net was becoming “a hammock”")
                if link not in COMPLEMENT_DEPS:
                    return None
                who = None
            if who is not None:
                return who if is_named_or_personal(who) else None
            if head.head.i == head.i or head.dep_ == "relcl" or in_side_clause(head):
                break  # not out of a side clause: "since her name is all over “…”" is not about the main subject
            link, head = head.dep_, head.head
    return None


def names_a_work(qd: QuotedDoc, quote: QuoteTokens) -> bool:
    """A quoted title that names a show, book or place rather than quotes anyone: one standing where a name
    stands in the sentence (after a preposition or a possessive), after a noun for a work ("a book, “Who Runs
    the Port”"), or labelling the noun after it (the “Red Neck Country Club” honkytonk)."""
    if qd.owner[quote.first] not in qd.titles:
        return False
    root = qd.doc[quote.first: quote.end].root
    before = [t for t in qd.doc[max(0, quote.first - 3): quote.first] if not qd.is_mark(t) and t.text != ","]
    owned = bool(before) and (before[-1].tag_ in {"POS", "PRP$"} or before[-1].dep_ == "poss")
    after_work = bool(before) and before[-1].lemma_.lower() in WORK_NOUNS
    return root.dep_ in NAMING_DEPS or owned or after_work or names_a_thing(qd, quote)


def names_a_thing(qd: QuotedDoc, quote: QuoteTokens) -> bool:
    """A quote standing before the noun it labels: they wore “Keep It Local” caps."""
    after = [t for t in qd.doc[quote.end: quote.end + 2] if not qd.is_mark(t)]
    if not after or after[0].pos_ != "NOUN":
        return False
    noun = after[0]
    return quote.first <= noun.head.i < quote.end or any(t.head.i == noun.i for t in qd.doc[quote.first: quote.end])


def is_thing_saying(token: Token) -> bool:
    """A sign, cap or banner carrying the words: "a T-shirt reading", "a placard saying"."""
    return token.lower_.endswith("ing") and token.lower_ in REPORTING_FORMS \
        and token.i > 0 and token.nbor(-1).pos_ == "NOUN"


def can_be_people(token: Token) -> bool:
    return is_named_or_personal(token) or token.pos_ == "NOUN" and is_person_word(token.lemma_.lower())


def is_named_or_personal(token: Token) -> bool:
    """A name, a personal pronoun or a word for a person ("the nominee"): someone who can speak."""
    return token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG"} or token.lower_ in {"he", "she"} \
        or token.tag_ == "NN" and (is_person_word(token.lemma_.lower()) or token.is_title and not token.is_sent_start)


def speaker_of_frame(qd: QuotedDoc, frame: list[Token], nearest_last: bool) -> Token | None:
    verb = reporting_verb_in(frame, nearest_last)
    return speaker_of_verb(qd, verb) if verb is not None else None


def side_clause_speaker(qd: QuotedDoc, frame: list[Token], governing: Token | None) -> Token | None:
    """The speaker of a side clause that holds the quote itself ("While Lind calls it “a farce,” Moss
    says"), which the main clause after it must not take over; also when the parse does not hang the
    quote on it but the side clause comes between the main verb and the quote ("Axelrod tweeted after
    Clinton argued that “…”")."""
    main = reporting_verb_in(frame, nearest_last=True)
    if governing is not None and in_side_clause(governing) and governing in frame \
            and (main is None or main.i < governing.i):  # "When a fan shouted, Moss joked, “…”": Moss's
        return speaker_of_verb(qd, governing)
    side = [t for t in frame if is_reporting_verb(t) and in_side_clause(t)]
    if side and main is not None and side[-1].i > main.i:
        return speaker_of_verb(qd, side[-1])
    return None


def opens_own_report(qd: QuotedDoc, quote: QuoteTokens, after: list[Token]) -> bool:
    """“…” She later wrote that the fund was empty. — after a quote closing its sentence, a verb
    reporting a clause of its own starts a new statement rather than attributing the quote."""
    if not ends_with(quote, SENTENCE_END):
        return False
    verb = reporting_verb_in(after, nearest_last=False)
    return verb is not None and any(c.dep_ == "ccomp" and not qd.in_quote(c) for c in verb.children)


def can_speak(qd: QuotedDoc, token: Token) -> bool:
    """Not a word inside a quote, nor a day or a date the parser took for a subject ("said Monday"), nor a
    preposition or a conjunction it took for one ("Of Carson, Levine said"); an age is a person ("the
    11-year-old said")."""
    if qd.in_quote(token) or token.i in qd.apart or token.pos_ in NO_SPEAKER_POS or token.lower_ in TIME_WORDS:
        return False
    return token.ent_type_ not in {"DATE", "TIME"} or is_age(token)


def is_age(token: Token) -> bool:
    """“11-year-old”, as one token or three."""
    doc = token.doc
    return token.lower_.endswith("-old") or token.lower_ == "old" and token.i >= 2 \
        and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in {"year", "month", "week"}


def names_a_thing_before(qd: QuotedDoc, quote: QuoteTokens) -> bool:
    """A quote giving the name of the thing before it: a course called “Drive Safe”, a show known as “…”."""
    words = [t for t in before_frame(qd, quote) if t.is_alpha]
    if words and words[-1].dep_ == "det":
        words.pop()  # "a group called the “…”"
    if len(words) >= 2 and words[-1].lower_ == "as" and words[-2].lower_ in {"known", "billed"}:
        return True
    return bool(words) and words[-1].lower_ in NAMING_PARTICIPLES and words[-1].tag_ == "VBN" \
        and words[-1].dep_ in {"acl", "amod"}


@dataclass(frozen=True)
class Cue:
    """The word naming a quote's speaker and the kind of attribution that names it ("lead_in" for Moss said,
    “…”; "said_after" for “…,” said Moss; …): the kind is evidence of how sure the attribution is."""
    token: Token
    kind: str


def speaker_cues(qd: QuotedDoc, quote: QuoteTokens) -> Iterator[Cue]:
    """The words that may name the speaker of a quote, from the most to the least reliable cue; none when
    nothing around it attributes it."""
    after, before = after_frame(qd, quote), before_frame(qd, quote)
    if leads_into_next_quote(qd, quote, after):
        after = []  # “….” Of the plan, Kent said, “…”: the words after the quote are the next quote's
    governing = governing_verb(qd, quote)
    lead_verb = reporting_verb_in(before, nearest_last=True)
    # a verb in a relative clause about something, not someone ("Nothing the president said “…,” the senator
    # said"), introduces the quote only when nothing else does
    aside = lead_verb is not None and lead_verb.dep_ == "relcl" and ends_with_comma(quote) \
        and not is_named_or_personal(lead_verb.head)
    # a quote in a side clause is that clause's ("Axelrod tweeted after Clinton argued that “…”")
    lead_in = side_clause_speaker(qd, before, governing) or (
        speaker_of_verb(qd, lead_verb) if lead_verb is not None and not aside else None)
    # the person said to speak outweighs the source of the account ("According to staff, she told them “…”");
    # each cue is read only when those before it named no one
    before_cues = (("lead_in", lambda: lead_in), ("according_to", lambda: according_to(before)),
                   ("colon_sentence", lambda: colon_subject(before)))
    after_cues = (("verb_after", lambda: None if opens_own_report(qd, quote, after)
                   else speaker_of_frame(qd, after, nearest_last=False)),
                  ("according_to", lambda: according_to(after)))
    comma_cues = (("name_after", lambda: name_after_comma(qd, quote, after)),
                  ("verb_after", lambda: speaker_of_frame(qd, after, nearest_last=False)
                   if ends_with_comma(quote) else None))
    # a paragraph ending in a colon before the quote's own ("NBC has the tape: ¶ “…?” a reporter asks") is no part
    # of its sentence
    introduced = bool(before) and "\n" in qd.text[before[-1].idx:quote.span.start]
    closes_sentence = any(t.is_alpha for t in before) and ends_with(quote, SENTENCE_END) and not introduced
    if lead_in is not None or before and ends_with(quote, SENTENCE_END) and not introduced:
        # the sentence names its speaker before the quote (Moss boasted, “…”; as Moss went on about “…,”), or
        # the quote ends a sentence of its own ("Pew found that “….” But Republicans …"): a name after it
        # belongs to the next clause or sentence
        leading, trailing = before_cues, comma_cues + (() if closes_sentence else after_cues)
    else:
        leading, trailing = comma_cues, after_cues + before_cues

    def inner_verb() -> Token | None:
        """The verb the quote hangs from, below the main reporting verb and with a subject of its own, says whose
        the words are ("Ana said Bo told them “…”"; "… asked him about it and Gillis suggested “…”")."""
        inner = governing is not None and lead_verb is not None and governing in before \
            and governing.lemma_.lower() in SPEECH_VERBS and governing.tag_ != "VBG" \
            and lead_verb in governing.ancestors and own_subject(governing) is not None
        return speaker_of_verb(qd, governing) if inner else None
    for kind, read in (("said_after", lambda: inverted_after(after)), ("colon_name", lambda: colon_person(before)),
                       ("pointing_back", lambda: named_after(qd, quote, before, after)),
                       ("governing_verb", inner_verb), *leading,
                       ("governing_verb", lambda: speaker_of_verb(qd, governing) if governing is not None else None),
                       ("dash_signoff", lambda: dash_signoff(after)), *trailing,
                       ("subject_after", lambda: subject_after_comma(qd, quote, after)),
                       ("relative_aside", lambda: speaker_of_verb(qd, lead_verb) if aside else None)):
        who = read()
        if who is not None and can_speak(qd, who):
            yield Cue(who, kind)
    if not is_bare(qd, quote):
        who = subject_of_embedding(qd, quote)
        if who is not None and can_speak(qd, who):
            yield Cue(who, "embedding")


def named_after(qd: QuotedDoc, quote: QuoteTokens, before: list[Token], after: list[Token]) -> Token | None:
    """A sentence opening with a word pointing back at the quote before it names its speaker: “…” That was
    how Tanya Osei put it. / “…” So said Maureen Fair. / “…” That, Dr Freeman said, was the advice."""
    if any(t.is_alpha for t in before) or not after or after[0].lower_ not in BACK_REFERENCES \
            or not ends_with(quote, SENTENCE_END):
        return None
    verb = reporting_verb_in(after, nearest_last=False)
    who = speaker_of_verb(qd, verb) if verb is not None else None
    if who is not None and who.lower_ not in BACK_REFERENCES:
        return who
    for token in after[1:]:
        if (token.ent_type_ == "PERSON" or token.pos_ == "PROPN" and token.lower_ not in TITLE_WORDS) \
                and not in_relative_clause(token):
            while token.dep_ in {"compound", "flat"} and token.head.i > token.i and token.head.pos_ == "PROPN":
                token = token.head
            return token
    return None


def in_relative_clause(token: Token) -> bool:
    for _ in range(CLIMB_LIMIT * 2):
        if token.dep_ == "relcl":
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def previous_sentence_speaker(qd: QuotedDoc, quote: QuoteTokens) -> Token | None:
    """Whoever the sentence right before a standalone quote, in the same paragraph and with no quote
    of its own, says is speaking ("… by the end of May, Lind said. “The rest …”"), or, with no one
    said to speak, the person it is about, when named ("Kapoor later apologised online. “We failed …”")."""
    doc, at = qd.doc, quote.first - 1
    while at >= 0 and (qd.is_mark(doc[at]) or doc[at].is_space) and not ends_paragraph(doc[at]):
        at -= 1
    if at < 0 or doc[at].text not in SENTENCE_END or ends_paragraph(doc[at]):
        return None
    sentence = list(doc[doc[at].sent.start:at + 1])  # up to the quote, should the parser run the two together
    # a few words quoted in it are the same person's ("He became “acutely aware” of it."); a whole quote is not
    if any(ends_paragraph(t) or qd.in_quote(t) and not qd.is_mark(t)
           and len(qd.quotes[qd.owner[t.i]].words.split()) >= MIN_QUOTE_WORDS for t in sentence[:-1]):
        return None
    verb = reporting_verb_in(sentence, nearest_last=True)
    if verb is None:
        root = sentence[-1].sent.root
        subject = own_subject(root) if root.pos_ in {"VERB", "AUX"} and not qd.in_quote(root) else None
        # a name, also one the tagger took for a noun ("Durning did not need much coaxing.")
        named = subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in {"he", "she"}
                                         or subject.pos_ == "NOUN" and subject.is_title)
        return subject if named else None
    if depth(verb) > 1 and verb.tag_ != "VBG":  # "… by saying he would serve" is its subject's saying
        return None
    return speaker_of_verb(qd, verb)
