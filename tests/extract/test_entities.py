"""The article's table of people and organisations, read once per article."""
from bot.extract.entities import Entity, EntityTable, does_what_only_people_do
from bot.models import SpeakerKind


def table(nlp, text):
    doc = nlp(text)
    return doc, EntityTable(doc, [False] * len(doc))


def entity_named(found, name):
    [entity] = [e for e in found.entities if e.name == name]
    return entity


def referent(nlp, text, word, occurrence=-1):
    doc, found = table(nlp, text)
    token = [t for t in doc if t.text == word][occurrence]
    entity = found.referent(token)
    return entity.name if entity else None


def test_later_mentions_link_to_the_full_name(nlp):
    text = ("Councillor Wanda Price opened the meeting. Price spoke for an hour.\n\n"
            "Wanda then left the hall.")
    doc, found = table(nlp, text)
    names = {doc[start].text: found.at[start].entity.name for start in found.at}
    assert names["Price"] == "Wanda Price"
    assert names["Wanda"] == "Wanda Price"
    assert entity_named(found, "Wanda Price").role == "Councillor"


def test_two_people_sharing_a_surname_written_once(nlp):
    _, found = table(nlp, "Marta and Leon Brandt have farmed the ridge since 1990.")
    assert {"Marta Brandt", "Leon Brandt"} <= {e.name for e in found.entities}


def test_honorifics_before_two_surnames_are_two_people(nlp):
    _, found = table(nlp, "Ms. Morris and Mr. Adeyemi argued about the library budget for an hour.")
    assert entity_named(found, "Morris").gender == "female"
    assert entity_named(found, "Adeyemi").gender == "male"


def test_an_organisation_is_named_by_its_first_word_later(nlp):
    text = "Halvard Logistics will close its depot. Halvard said the work would move north."
    doc, found = table(nlp, text)
    halvard = [t for t in doc if t.text == "Halvard"][1]
    assert found.at[halvard.i].entity.name == "Halvard Logistics"
    assert entity_named(found, "Halvard Logistics").kind == SpeakerKind.ORGANISATION


def test_a_body_named_after_its_place_is_not_named_by_the_place_alone(nlp):
    text = ("Ashby Town Council voted on Tuesday to shut the riverside car park.\n\n"
            "The walking club Ashby on Foot called the vote “a gift to the developers who wanted that land”.")
    doc, found = table(nlp, text)
    club = [t for t in doc if t.text == "Ashby"][1]
    assert found.at[club.i].entity is not entity_named(found, "Ashby Town Council")


def test_its_marks_an_organisation_the_recogniser_took_for_a_person(nlp):
    _, found = table(nlp, "Brackwater Mills will close its oldest plant in May.")
    assert entity_named(found, "Brackwater Mills").kind == SpeakerKind.ORGANISATION


def test_a_pronoun_in_the_subjects_own_clause_tells_the_gender(nlp):
    _, found = table(nlp, "Jorun Akande shook her head when the vote was read out.")
    assert entity_named(found, "Jorun Akande").gender == "female"


def test_a_pronoun_in_reported_words_tells_nothing(nlp):
    _, found = table(nlp, "Kiran Oduya said she had been treated unfairly by the board.")
    assert entity_named(found, "Kiran Oduya").gender is None


def test_a_given_name_outweighs_pronouns(nlp):
    _, found = table(nlp, "Paul Okafor, whose daughter plays, packed her kit and his own.")
    assert entity_named(found, "Paul Okafor").gender == "male"


def test_a_dateline_place_is_a_place(nlp):
    _, found = table(nlp, "HALDEN, Ont. — The council voted to close the arena on Monday.")
    halden = entity_named(found, "Halden")
    assert halden.is_place and halden.kind is None


def test_an_age_marks_a_person(nlp):
    _, found = table(nlp, "In the village of Orsk Dal, Tomas Brel, 64, lost his barn to the flood.")
    assert entity_named(found, "Tomas Brel").kind == SpeakerKind.PERSON
    assert entity_named(found, "Orsk Dal").is_place


def test_a_side_named_before_a_role_is_no_person(nlp):
    _, found = table(nlp, "Harlow coach Dina Pratt praised Harlow’s Lena Voss after the game.")
    assert entity_named(found, "Harlow").kind != SpeakerKind.PERSON
    assert entity_named(found, "Dina Pratt").role == "Harlow coach"


def test_x_of_y_names_an_organisation(nlp):
    _, found = table(nlp, "Dairy Growers of Westland says one farm in five now milks with robots.")
    assert entity_named(found, "Dairy Growers of Westland").kind == SpeakerKind.ORGANISATION


def test_role_keys_in_every_spelling():
    manager = Entity("Ida Brandt", ["ida", "brandt"], roles=["the team’s general manager"])
    assert {"general manager", "gm", "manager"} <= manager.role_keys()
    chief = Entity("Ana Obi", ["ana", "obi"], roles=["founder and chief executive"])
    assert "ceo" in chief.role_keys()


def test_a_deputy_is_not_the_office_itself():
    deputy = Entity("Sam Orr", ["sam", "orr"], roles=["Deputy Chief"])
    assert "chief" not in deputy.role_keys()
    assert "deputy chief" in deputy.role_keys()


def test_pronoun_refers_to_the_subject_of_the_sentence_before(nlp):
    text = ("“We ran out of flour by noon,” baker Tom Ruiz said.\n\n"
            "Peter Vance said he had driven the night bus for eleven years. He knows every stop.")
    assert referent(nlp, text, "He") == "Peter Vance"


def test_pronoun_skips_people_of_the_other_gender(nlp):
    text = "Mr. Hale met Ms. Ostrova at the depot. She signed the contract."
    assert referent(nlp, text, "She") == "Ostrova"


def test_it_stands_for_an_organisation_that_was_the_subject(nlp):
    text = "Halvard Logistics said the depot would close. It said staff would be moved north."
    assert referent(nlp, text, "It") == "Halvard Logistics"


def test_it_stands_for_no_one_without_an_organisation_near(nlp):
    assert referent(nlp, "Dana Ruiz said the road was closed. It said nothing about the bridge.", "It") is None


def test_a_verb_only_people_do_marks_a_person(nlp):
    doc = nlp("Vera Stone was joined on stage by Abel Ruiz and quipped about the band.")
    assert does_what_only_people_do([t for t in doc if t.text == "Stone"][0])
    doc = nlp("Northgate Mills was sold in May and closed its doors.")
    assert not does_what_only_people_do([t for t in doc if t.text == "Mills"][0])


def test_a_possessive_inside_an_organisation_s_name(nlp):
    _, found = table(nlp, "The Brandon County Sheriff’s Office closed the road at midnight.")
    entity = entity_named(found, "Brandon County Sheriff’s Office")
    assert (entity.kind, entity.gender) == (SpeakerKind.ORGANISATION, None)


def test_a_description_before_a_name_is_no_role_unless_it_is_a_person_or_body(nlp):
    _, found = table(nlp, "Of the new stadium, Levine, who has held season tickets since 1990, said it was loud.")
    assert entity_named(found, "Levine").roles == []


def test_a_common_noun_opening_a_sentence_makes_no_organisation_of_x_of_y(nlp):
    _, found = table(nlp, "Software maker Corvane will cut jobs. Shares of Corvane rose 4 percent.")
    assert [e.name for e in found.entities] == ["Corvane"]
