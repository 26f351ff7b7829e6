from bot.models import SpeakerKind


def speakers(quotes, text):
    return [(q.text, q.speaker) for q in quotes(text)]


def test_speaker_before_with_colon(quotes):
    text = "Governor Alma Reyes said: “The dam will hold through the storm.”"
    assert speakers(quotes, text) == [("The dam will hold through the storm.", "Alma Reyes")]


def test_speaker_after(quotes):
    text = "“The dam will hold through the storm,” Alma Reyes tweeted."
    assert speakers(quotes, text) == [("The dam will hold through the storm,", "Alma Reyes")]


def test_inverted_speaker(quotes):
    text = "“We have enough water for the summer,” said Victor Lund, the utility director."
    [quote] = quotes(text)
    assert quote.speaker == "Victor Lund"
    assert quote.role == "utility director"


def test_appositive_speaker(quotes):
    text = "Hugh Hill, a doctor at the clinic, said the wait was “far too long for anyone in pain.”"
    [quote] = quotes(text)
    assert (quote.speaker, quote.role) == ("Hugh Hill", "doctor at the clinic")


def test_according_to(quotes):
    text = "The plant will close in May, according to Irene Vogel, who called it “a painful but necessary step.”"
    assert quotes(text)[0].speaker == "Irene Vogel"


def test_dash_signoff(quotes):
    text = "Commissioner Rita Starks visited the port on Friday.\n\n“Safety comes before speed.” — Commissioner Starks"
    [quote] = quotes(text)
    assert quote.speaker == "Rita Starks"


def test_colon_paragraph_introduces_quote(quotes):
    text = ("The Valley Herald reported:\n\n"
            "“The council approved the budget after a four-hour debate on Tuesday night.”")
    [quote] = quotes(text)
    assert quote.speaker == "Valley Herald"
    assert quote.speaker_kind == SpeakerKind.ORGANISATION


def test_reporting_verbs_beyond_said(quotes):
    for verb in ("warned", "argued", "insisted", "noted", "added", "wrote", "asked"):
        text = f"“The bridge needs repairs before the winter comes,” Paul Okafor {verb}."
        assert quotes(text)[0].speaker == "Paul Okafor", verb


def test_told_takes_the_teller_not_the_listener(quotes):
    text = "“Nobody expected the recount,” Nina Holt told reporters on Monday."
    assert quotes(text)[0].speaker == "Nina Holt"


def test_split_quote_across_sentences(quotes):
    text = "“We did what we could,” Marta Silva said. “The rest is up to the voters.”"
    assert [q.speaker for q in quotes(text)] == ["Marta Silva", "Marta Silva"]


def test_split_quote_within_a_sentence(quotes):
    text = "“We did what we could,” Marta Silva said, “and the rest is up to the voters.”"
    assert [q.speaker for q in quotes(text)] == ["Marta Silva", "Marta Silva"]


def test_split_quote_with_an_unusual_verb(quotes):
    text = "“It is a long road,” Owen Tate went on, “but we will walk it together.”"
    assert [q.speaker for q in quotes(text)] == ["Owen Tate", "Owen Tate"]


def test_partial_quote_governed_by_a_participle_of_a_reporting_verb(quotes):
    text = "Principal Omar Haddad sent parents a letter explaining that the closure was “a precaution, not a punishment.”"
    [quote] = quotes(text)
    assert quote.text == "a precaution, not a punishment."
    assert quote.speaker == "Omar Haddad"


def test_short_partial_quote_kept_when_reported(quotes):
    text = "Mayor Ken Ito said the plan was “reckless.”"
    assert speakers(quotes, text) == [("reckless.", "Ken Ito")]


def test_scare_quotes_and_titles_are_not_quotes(quotes):
    text = ("The so-called “green wave” reached the suburbs. Her book “The Long Road Home” sold well, "
            "and the “Clean Rivers Act” passed. Fans call him “The Wall.”")
    assert quotes(text) == []


def test_nickname_inside_a_subject_is_not_speech(quotes):
    text = "Jack “The Hammer” Dorsey said the fight was over."
    assert quotes(text) == []


def test_follow_on_paragraph_inherits_speaker(quotes):
    text = ("“The harvest was the worst in a decade,” farmer Joan Birch said.\n\n"
            "“We will need help from the state to get through the winter.”")
    assert [q.speaker for q in quotes(text)] == ["Joan Birch", "Joan Birch"]


def test_follow_on_after_an_aside_about_the_speaker(quotes):
    text = ("“The harvest was the worst in a decade,” Joan Birch said.\n\n"
            "Birch has farmed the valley for thirty years.\n\n"
            "“We will need help from the state to get through the winter.”")
    assert [q.speaker for q in quotes(text)] == ["Joan Birch", "Joan Birch"]


def test_unattributed_quote_has_no_speaker(quotes):
    text = "The sign on the door read: “Closed until further notice, sorry for the trouble.”"
    [quote] = quotes(text)
    assert quote.speaker is None


def test_quote_after_a_paragraph_about_something_else_is_inherited_less_surely(quotes):
    aside = ("“Prices will fall,” Omar Reed said.\n\n"
             "The market closed early on Friday because of the storm.\n\n"
             "“Nobody wants to buy in this weather at all.”")
    next_paragraph = "“Prices will fall,” Omar Reed said.\n\n“Nobody wants to buy in this weather at all.”"
    [_, after_aside], [_, straight_on] = quotes(aside), quotes(next_paragraph)
    assert after_aside.speaker_as_written == straight_on.speaker_as_written == "Omar Reed"
    assert after_aside.confidence < straight_on.confidence


def test_next_speaker_is_not_confused_with_previous(quotes):
    text = ("“We are ready for the vote,” Carla Mendes said.\n\n"
            "“We are not,” Peter Voss replied, “and we will say so on the floor.”")
    assert [q.speaker for q in quotes(text)] == ["Carla Mendes", "Peter Voss", "Peter Voss"]


def test_side_clause_verb_does_not_attribute(quotes):
    text = ("When Oskar Fenn mocked the new bus timetable at the hearing, Ada Moreno fired back, "
            "“Then ride the bus for one week and tell me it works.”")
    assert quotes(text)[0].speaker == "Ada Moreno"


def test_offsets_match_the_text(quotes):
    text = "Intro.\n\n“Rates will rise,” said Ivo Petrov. “Prepare for it.”"
    found = quotes(text)
    assert [(q.text, q.speaker) for q in found] == [("Rates will rise,", "Ivo Petrov"), ("Prepare for it.", "Ivo Petrov")]
    for quote in found:
        assert text[quote.start:quote.end] == quote.text


def test_dash_signoffs_in_every_spelling(quotes):
    dashes = ["―", " ― ", "\u00a0―\u00a0", " ‒ ", " – ", " — ", " - ", " -- ", "‐"]
    text = "\n".join(f"“The buses never come on time in our part of town.”{dash}Nadia Ferro{i}"
                     for i, dash in enumerate(dashes))
    assert [q.speaker for q in quotes(text)] == [f"Nadia Ferro{i}" for i in range(len(dashes))]


def test_quote_mark_glued_to_a_comma_or_a_dash(quotes):
    text = "Ines Duarte said,“The ferry will run all winter.”\n\n“Nobody asked the islanders first.”—Paulo Reis"
    assert [q.speaker for q in quotes(text)] == ["Ines Duarte", "Paulo Reis"]


def test_bad_mark_in_one_paragraph_leaves_the_next_alone(quotes):
    text = ("Councillor Abe Lutz questioned the transit chief. “You cut dozens of late-night” routes.\n\n"
            "“Riders deserve an answer,” Lutz said.")
    assert quotes(text)[-1].speaker == "Abe Lutz"


def test_courtesy_title_before_a_name_that_is_also_a_title(quotes):
    text = "“We will keep the shelter open all night,” Mr. King added."
    assert quotes(text)[0].speaker == "King"


def test_question_quote_followed_by_name_and_verb(quotes):
    text = "“Who pays for the new stadium?” Councillor Mara Quist asked."
    assert quotes(text)[0].speaker == "Mara Quist"


def test_description_before_the_name_after_a_quote(quotes):
    text = "“The ice on the lake is thinner than it looks,” Pine Hollow fire Captain Lea Moreau warned Saturday."
    [quote] = quotes(text)
    assert quote.speaker == "Lea Moreau"


def test_day_after_the_verb_is_never_the_speaker(quotes):
    text = "The storm hit the coast overnight.\n\n“The worst is behind us now, I think,” said Monday."
    assert quotes(text)[0].speaker is None


def test_name_after_a_quote_that_closes_its_sentence_belongs_to_the_next(quotes):
    text = ("Pressed about the missed deadline, Gina Okoye shrugged, “Deadlines are for people without vision.” "
            "Okoye was no warmer toward a tenant who wrote that her heating had failed, replying, "
            "“Wear another sweater then.”")
    assert [q.speaker for q in quotes(text)] == ["Gina Okoye", "Gina Okoye"]


def test_participle_after_comma_takes_the_earlier_speaker(quotes):
    text = ("“The bridge was never safe,” Lorna Pike said, noting that the county had ignored "
            "“three separate warnings from its own engineers.”")
    assert [q.speaker for q in quotes(text)] == ["Lorna Pike", "Lorna Pike"]


def test_participle_modifying_a_person(quotes):
    text = "The documentary opens with a clip of Tomas Reyes shouting, “Get the boats out before the river rises!”"
    assert quotes(text)[0].speaker == "Tomas Reyes"


def test_present_tense_verb_and_a_quoted_show_name(quotes):
    text = "Mina Castell tells the Ledger’s “Sunday Table” podcast that “a good loaf needs patience more than flour.”"
    assert speakers(quotes, text) == [("a good loaf needs patience more than flour.", "Mina Castell")]


def test_quote_after_an_attributing_sentence_in_the_same_paragraph(quotes):
    text = ("The ferry will not run in January, harbour master Kofi Mensah said. "
            "“The swell in that month is simply too high for the old boats.”")
    assert quotes(text)[0].speaker == "Kofi Mensah"


def test_quote_in_a_side_clause_is_not_given_to_the_next_name(quotes):
    text = "As Petra Lund went on about “the noise from the new stadium,” Joe Abel rolled his eyes and said nothing."
    [quote] = quotes(text)
    assert quote.speaker == "Petra Lund"


def test_phrasal_verb_parsed_with_an_adverb(quotes):
    text = "When Oskar Fenn mocked her at the hearing, Ada fired back, “Then ride the bus for one week yourself.”"
    assert quotes(text)[0].speaker == "Ada"


def test_hyphenated_place_before_the_name_after_a_quote(quotes):
    text = '"The bridge is finished," Ohio-based engineer Mara Quint said. "It will carry trucks by June."'
    assert [q.speaker for q in quotes(text)] == ["Mara Quint", "Mara Quint"]


def test_titles_of_shows_books_and_places_are_not_quotes(quotes):
    cases = [
        "His memoir, “Salt in the Wound,” came out in May, and Ivo Marr said the reviews were kind.",
        "The councillor was a guest on “Weekends with Tomas Reyes” last month.",
        "They gathered at the “Blue Door Social Club” hall on Friday.",
        "Dana Pryce went on Channel 9’s “Morning Harbour Hour” to talk about the strike.",
    ]
    for text in cases:
        assert quotes(text) == [], text
