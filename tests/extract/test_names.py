from bot.models import SpeakerKind


def test_role_kept_apart_from_name(quotes):
    text = "“The border is calm tonight,” Secretary of the Interior Grace Olsen said."
    [quote] = quotes(text)
    assert (quote.speaker, quote.role, quote.speaker_kind) == ("Grace Olsen", "Secretary of the Interior",
                                                              SpeakerKind.PERSON)


def test_surname_resolves_to_full_name(quotes):
    text = ("Senator Ward Bellamy met farmers on Monday.\n\n"
            "“We will pass the bill before the recess,” Bellamy said.")
    [quote] = quotes(text)
    assert quote.speaker == "Ward Bellamy"
    assert quote.role == "Senator"


def test_surname_picks_the_right_relative(quotes):
    text = ("Mark Dunn and his sister Helen Dunn run the bakery.\n\n"
            "“The ovens are older than I am,” Mrs. Dunn said.")
    assert quotes(text)[0].speaker == "Helen Dunn"


def test_pronoun_resolves_to_recent_compatible_person(quotes):
    text = ("Laura Kemp spoke after Peter Marsh left the stage.\n\n"
            "“It was a long night for all of us,” she said.")
    assert quotes(text)[0].speaker == "Laura Kemp"


def test_pronoun_prefers_the_last_speaker(quotes):
    text = ("“The roads are open again,” Victor Lund said after meeting Anna Weiss.\n\n"
            "“Drivers should still take care on the bridge,” he said.")
    assert [q.speaker for q in quotes(text)] == ["Victor Lund", "Victor Lund"]


def test_pronoun_without_antecedent_is_not_guessed(quotes):
    [quote] = quotes("“We will not give up on this town,” she said.")
    assert quote.speaker is None


def test_possessive_speaker_is_not_the_owner(quotes):
    text = ("Governor Alma Reyes toured the site.\n\n"
            "“Nothing was damaged in the flood last night,” Reyes’s spokesman said.")
    [quote] = quotes(text)
    assert (quote.speaker, quote.role, quote.speaker_kind) == ("Reyes’s spokesman", "Reyes’s spokesman",
                                                              SpeakerKind.PERSON)


def test_named_spokesman_is_the_speaker(quotes):
    text = "“Nothing was damaged in the flood,” Reyes spokeswoman Tina Bloch said."
    assert quotes(text)[0].speaker == "Tina Bloch"


def test_organisation_speaker(quotes):
    text = "“The president has full confidence in the plan,” the White House said in a statement."
    [quote] = quotes(text)
    assert quote.speaker_kind == SpeakerKind.ORGANISATION
    assert quote.speaker == "White House"


def test_common_noun_organisation_speaker(quotes):
    text = "“We will appeal the ruling as soon as possible,” the company said."
    [quote] = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == ("company", SpeakerKind.ORGANISATION)


def test_group_speaker(quotes):
    text = "Hundreds of angry protesters chanted “No more cuts to our schools!” outside the hall."
    [quote] = quotes(text)
    assert quote.speaker_kind == SpeakerKind.GROUP
    assert quote.speaker == "angry protesters"


def test_group_speaker_through_relative_clause(quotes):
    text = "The road was blocked by 300 striking dock workers who shouted “Fair pay now!” at the gates."
    [quote] = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == ("striking dock workers", SpeakerKind.GROUP)


def test_title_with_of_phrase_after_quote(quotes):
    text = "“The clinics will stay open all winter,” Minister of Health Ivo Petrov said on Monday."
    [quote] = quotes(text)
    assert (quote.speaker, quote.role) == ("Ivo Petrov", "Minister of Health")


def test_hyphenated_name_kept_as_written(quotes):
    text = "Chilean President Ana-Maria Soto said the deal was “a good day for the miners.”"
    [quote] = quotes(text)
    assert (quote.speaker, quote.role) == ("Ana-Maria Soto", "Chilean President")


def test_titles_in_other_spellings(quotes):
    cases = {"Councillor Priya Raman": "Councillor", "Alderman Joe Fitz": "Alderman",
             "Chancellor Ruth Ebner": "Chancellor", "Labour MP Jo Hart": "Labour MP",
             "Councilwoman Rita Nunez": "Councilwoman"}
    for person, title in cases.items():
        [quote] = quotes(f"“The depot must stay open for the whole town,” {person} said.")
        assert (quote.speaker, quote.role) == (person.removeprefix(title + " "), title), person


def test_role_reads_naturally(quotes):
    text = "“It was a long night for the whole crew,” said Omar Diaz, the project's chief engineer."
    assert quotes(text)[0].role == "the project's chief engineer"
    text = "“It was a long night for the whole crew,” said Omar Diaz, a nurse at the clinic."
    assert quotes(text)[0].role == "nurse at the clinic"


def test_role_carried_to_every_quote_of_the_person(quotes):
    text = ("Mayor Helen Okafor opened the pool on Friday.\n\n"
            "“It is a great day for the kids,” Okafor said.\n\n"
            "Helen Okafor later said the pool would stay open “until the first frost.”")
    assert [(q.speaker, q.role) for q in quotes(text)] == [("Helen Okafor", "Mayor")] * 2


def test_nominal_source_is_the_speaker(quotes):
    cases = {"“We have waited too long for this bridge,” the Ohio governor said.": (
                 "Ohio governor", SpeakerKind.PERSON),
             "“The budget will not pass this week,” said one Liberal aide on the finance committee.": (
                 "Liberal aide on the finance committee", SpeakerKind.PERSON),
             "“Nobody consulted the crews,” a spokeswoman for the Harbour Authority said.": (
                 "Harbour Authority", SpeakerKind.ORGANISATION),
             "A Treasury memo says the plan is “unworkable in its current form.”": (
                 "Treasury", SpeakerKind.ORGANISATION),
             "A state audit released last year said the fund had “no controls of any kind.”": (
                 "state audit", SpeakerKind.ORGANISATION)}
    for text, expected in cases.items():
        [quote] = quotes(text)
        assert (quote.speaker, quote.speaker_kind) == expected, text


def test_role_noun_resolves_to_the_named_holder(quotes):
    text = ("Mayor Helen Okafor opened the pool on Friday.\n\n"
            "“It is a great day for all the kids in town,” the mayor said.")
    assert [(q.speaker, q.role) for q in quotes(text)] == [("Helen Okafor", "Mayor")]


def test_role_noun_with_two_holders_stays_a_description(quotes):
    text = ("Mayor Helen Okafor met Mayor Dan Reyes on Friday.\n\n"
            "“It is a great day for all the kids in town,” the mayor said.")
    assert quotes(text)[0].speaker == "mayor"


def test_thing_that_cannot_speak_is_no_speaker(quotes):
    text = "The sign on the door read: “Closed until further notice, sorry for the trouble.”"
    assert quotes(text)[0].speaker is None
