"""Attributions read off the plain text, whatever the parse made of the sentence."""
from bot.extract.attribution import after_frame, before_frame, locate_quotes
from bot.extract.marks import find_quoted_spans
from bot.extract.entities import EntityTable
from bot.extract.speakers import Speaker, SpeakerResolver
from bot.extract.surface import name_after_quote, name_before_quote, surface_speaker
from bot.models import SpeakerKind


def frames(nlp, text):
    doc = nlp(text)
    qd = locate_quotes(doc, text, find_quoted_spans(text))
    [quote] = qd.quotes
    return qd, quote


def words(tokens):
    return " ".join(t.text for t in tokens)


def test_description_and_name_before_the_verb_after_a_quote(nlp):
    qd, quote = frames(nlp, "“We will not sign it in this form,” Halifax coach Rod Keller said.")
    assert words(name_after_quote(after_frame(qd, quote))) == "Rod Keller"


def test_verb_before_the_name_after_a_quote(nlp):
    qd, quote = frames(nlp, "“We will not sign it in this form,” said Sen. Rod Keller, who chairs the panel.")
    assert words(name_after_quote(after_frame(qd, quote))) == "Rod Keller"


def test_surname_and_verb_with_more_words_after(nlp):
    qd, quote = frames(nlp, "“He was the best captain I ever had,” Keller said of the former captain.")
    assert words(surface_speaker(qd, quote)) == "Keller"


def test_name_before_a_parenthesis_and_the_verb(nlp):
    qd, quote = frames(nlp, "State Rep. Ann Lee (D-Ore.) said “the dam money was never in the budget.”")
    assert words(name_before_quote(before_frame(qd, quote))) == "Ann Lee"


def test_a_capitalised_word_that_is_no_verb_names_no_one(nlp):
    qd, quote = frames(nlp, "Anger grew in the United States while “the mills closed one by one.”")
    assert surface_speaker(qd, quote) == []


def test_no_pattern_no_speaker(nlp):
    qd, quote = frames(nlp, "The report found the river “cleaner than at any time since 1950.”")
    assert surface_speaker(qd, quote) == []


def test_surface_names_become_the_article_s_entities(nlp):
    text = "Councillor Wanda Price opened the meeting. Later, Price said the vote would wait."
    doc = nlp(text)
    resolver = SpeakerResolver(doc, EntityTable(doc, [False] * len(doc)))
    price = [t for t in doc if t.text == "Price"][-1:]
    assert resolver.from_words(price) == Speaker("Wanda Price", "Councillor", SpeakerKind.PERSON, "fallback")
    stranger = [t for t in doc if t.text in {"Later"}]
    assert resolver.from_words(stranger) is None


def test_name_opening_the_sentence_before_an_inserted_clause(nlp):
    qd, quote = frames(nlp, "Ilse Brandt, who has never held office, said the council was “asleep at the wheel.”")
    assert words(name_before_quote(before_frame(qd, quote))) == "Ilse Brandt"


def test_possessive_description_and_a_less_common_verb_after_a_quote(nlp):
    qd, quote = frames(nlp, "“Nobody at the paper wrote that story in advance” the Courier’s night editor Mara Quint "
                            "responded.")
    assert words(name_after_quote(after_frame(qd, quote))) == "Mara Quint"

