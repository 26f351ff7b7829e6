"""Quotes that name no speaker of their own: follow-ons, quote paragraphs after a paragraph about the
speaker, speakers named after the quote; and quoted names that are not speech at all."""


def test_short_follow_on_after_a_named_attribution(attributed):
    text = "“The pool opens in June,” Mayor Ines Falk said at a news conference. “Bring a towel.”"
    assert attributed(text) == [("Ines Falk", "named"), ("Ines Falk", "carried")]


def test_speaker_named_in_the_sentence_after_the_quote(attributed):
    cases = {
        "“The river gave us everything.” That was how fisherman Eli Banner summed up forty years on the water.":
            "Eli Banner",
        "“Three wins is three wins, however you get them.” So said lifelong supporter Mabel Quinn, who "
        "has missed two games since 1980.": "Mabel Quinn",
        "“The next week is about checking on the neighbours.” That, Dr. Ravi Sohal said, was all he asked.":
            "Ravi Sohal",
        "“I have never seen the harbour this empty.” That was the verdict of Ola Brandvik, 70, who has "
        "fished it since 1971.": "Ola Brandvik",
    }
    for text, name in cases.items():
        assert attributed(text) == [(name, "named")], text


def test_quote_paragraph_after_a_paragraph_about_one_person(attributed):
    text = ("Grandmother Ruth Amos has kept bees for fifty years. She sells the honey at the Saturday market.\n\n"
            "“The bees know more about the weather than the forecasters do.\n\n"
            "“They go quiet a day before every storm.”")
    assert attributed(text) == [("Ruth Amos", "carried"), ("Ruth Amos", "carried")]


def test_no_carry_from_a_paragraph_about_two_people(attributed):
    text = ("Ruth Amos sells honey. Her neighbour Alan Pike sells eggs at the next stall.\n\n"
            "“The bees know more about the weather than the forecasters do.”")
    assert attributed(text) == [(None, None)]


def test_quote_after_a_sentence_about_a_named_person_in_the_same_paragraph(attributed):
    text = "Mayor Ines Falk later apologised on the radio. “We let the residents down and I own that.”"
    assert attributed(text) == [("Ines Falk", "carried")]


def test_a_name_given_with_called_is_not_speech(quotes):
    text = "Clara Voss said she had finished a course called “Drive Slow, Get Home” while on probation."
    assert quotes(text) == []


def test_a_short_sentence_is_not_mistaken_for_a_title(quotes):
    text = "“The lift is broken again,” Ada Lowe said. “Take the stairs.”"
    assert [q.text for q in quotes(text)] == ["The lift is broken again,", "Take the stairs."]


def test_the_json_of_a_quote_says_how_its_speaker_was_found(quotes):
    text = ("Peter Vance drove the night bus for eleven years.\n\n"
            "“The last stop is where you meet the real city,” he said. “Everyone is tired there.”")
    assert [q.to_dict()["attribution"] for q in quotes(text)] == ["pronoun", "carried"]
    assert quotes("“Nobody knows where it came from.”")[0].to_dict()["attribution"] is None


def test_a_quote_followed_by_a_sentence_about_something_else_goes_on_from_the_one_before(attributed):
    text = ("“This is the night they said would never come,” Ortega told supporters in Reno. “They told me I had "
            "no chance.” Her campaign manager, Lou Banks, struck a similar tone.")
    assert attributed(text) == [("Ortega", "named"), ("Ortega", "carried")]


def test_an_unknown_verb_after_a_quote_may_still_attribute_it(quotes):
    text = ("“We could hire a clown,” Ortega said. “A clown?” Banks repeated.")
    assert [q.speaker for q in quotes(text)] == ["Ortega", "Banks"]


def test_a_standalone_quote_after_a_sentence_saying_something_by_saying(attributed):
    text = ("Councillor Ben Haldane distanced himself from the petition by saying he would vote on the merits. "
            "“I am not going to sign something I have not read, and neither should anyone on this council.”")
    assert attributed(text) == [("Ben Haldane", "carried")]


def test_words_quoted_again_keep_their_speaker(attributed):
    text = ("“We will rebuild the bridge before the first snow comes,” Mayor Ines Falk said on Monday.\n\n"
            "The promise to “rebuild the bridge before the first snow comes” was repeated at every meeting.")
    assert attributed(text) == [("Ines Falk", "named"), ("Ines Falk", "carried")]


def test_a_short_phrase_quoted_again_is_not_enough_to_carry(attributed):
    text = ("“The bridge will be ready,” Mayor Ines Falk said on Monday.\n\n"
            "Residents mocked the “ready” bridge all week, and Omar Pike called the plan “a joke.”")
    assert attributed(text)[0] == ("Ines Falk", "named")
    assert all(speaker != "Ines Falk" for speaker, _ in attributed(text)[1:])


def test_words_leading_into_the_next_quote_do_not_attribute_the_one_before(attributed):
    text = ("“We waited three hours for a table,” diner Rosa Lind said of the opening night. “The food was worth it, "
            "mind you.” On the prices, Omar Kent, who owns the bakery next door, said, “Nobody here can pay that "
            "every week.”")
    assert attributed(text) == [("Rosa Lind", "named"), ("Rosa Lind", "carried"), ("Omar Kent", "named")]


def test_words_running_on_from_a_quote_leave_it_to_its_speaker(attributed):
    text = ("“Plenty of parents in this district back the new curriculum,” said Priya Nand, who chairs the school "
            "council. “They like the reading program, but they are not convinced yet” to drop the old spelling tests.")
    assert attributed(text) == [("Priya Nand", "named"), ("Priya Nand", "carried")]


def test_quote_paragraph_follows_the_speaker_of_an_aside_in_the_paragraph_before(attributed):
    text = ("The pool will close in June.\n\n"
            "At best, Tull wrote in a letter to members, the leak proves the pool needed a new liner.\n\n"
            "“Patching it every spring costs more than a new liner, and the swimmers know it.”")
    assert attributed(text) == [("Tull", "carried")]


def test_a_side_clause_in_the_paragraph_before_names_no_speaker(attributed):
    text = ("The pool will close in June.\n\n"
            "After Tull argued in an email that it should stay open, the board voted to shut it.\n\n"
            "“Patching it every spring costs more than a new liner, and the swimmers know it.”")
    assert attributed(text) == [(None, None)]


def test_a_quote_paragraph_after_a_paragraph_about_no_one_goes_on_in_the_last_speaker_s_voice(attributed):
    text = ("“Families on the coast lost a month of pay on average,” said economist Alan Gartner.\n\n"
            "The losses after the floods were the largest of the decade, far above those after the storms.\n\n"
            "“And if you look at the small farms, the gap is wider still.”")
    assert [who for who, _ in attributed(text)] == ["Alan Gartner", "Alan Gartner"]


def test_a_quote_introduced_by_words_naming_no_one_goes_on_in_the_last_speaker_s_voice(attributed):
    text = ("“Forget the old plant,” Ellis Ward said. Then came the news the town had waited for: “We will build "
            "the new one right here, next to the river.”")
    assert [who for who, _ in attributed(text)] == ["Ellis Ward", "Ellis Ward"]


def test_the_person_a_paragraph_is_about_speaks_the_quote_paragraph_after_it(attributed):
    texts = {
        "Last spring Okoye was told by her surgeon that she needed a new hip.\n\n“Some days the pain is worse "
        "than others, but I get up the hill to the shop.”": "Okoye",
        "Her message to drivers is short: put the phone away.\n\nInes Varga lost her brother in 2016.\n\n": None,
        "Ines Varga lost her brother to a crash in 2016.\n\nHer message to drivers is short: put the phone "
        "away.\n\n“A text can wait. A brother cannot be given back to you.”": "Ines Varga",
        "The ministry says the target is met most weeks, but Adeyemi says the drivers tell a different story.\n\n"
        "“On a bad night a call can wait an hour for a truck to come.”": "Adeyemi",
    }
    for text, name in texts.items():
        found = [who for who, _ in attributed(text)]
        assert found == ([name] if name else []), text


def test_a_quote_after_a_sentence_about_someone_else_is_theirs_not_the_last_speaker_s(attributed):
    text = ("Director Ida Fenning comes back to the theatre this spring.\n\n"
            "‘The first run was far too short,’ says Hale. ‘We only found the ending on the last night.’ Fenning "
            "was easy to persuade. ‘I said yes before he had finished the question, to be honest.’ She starts "
            "rehearsals in March.")
    assert [who for who, _ in attributed(text)] == ["Hale", "Hale", "Ida Fenning"]
