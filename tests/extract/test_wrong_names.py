"""The ways a quote ends up under someone else's name on news no rule was written for, each as a principle
with cases of its own: names cut short, labels and titles taken for people, pronouns given to things,
roles and organisations left undescribed, outlets credited for what they only report."""


def test_a_hyphenated_name_is_one_name(quotes):
    texts = {
        "Later that month, Harbour-Stone Logistics applied for a review, arguing the refusal was an “unreasonable "
        "use of her power” and an “incoherent reading of the rules.”": "Harbour-Stone Logistics",
        "“We expect the appeal to be heard before the summer recess,” said Amara Okafor-Reyes.": "Amara Okafor-Reyes",
        "The ruling went against the firm. “We are disappointed and we will appeal,” ACME-Vostok said.": "ACME-Vostok",
    }
    for text, name in texts.items():
        assert {q.speaker for q in quotes(text)} == {name}, text


def test_a_given_name_is_part_of_the_name_not_a_role(quotes):
    for text, name in {
        "Organisers were quiet about the route. Julian Marsh, the club’s treasurer, said the race had “never lost "
        "money in twelve years of running it.”": "Julian Marsh",
        "Adrian Kowal spent a decade on the harbour board.\n\n“We will be back in the spring,” Kowal said.":
            "Adrian Kowal",
    }.items():
        [quote] = quotes(text)
        assert quote.speaker == name and quote.role != name.split()[0], text


def test_an_acronym_is_given_under_the_full_name_the_article_spells_out(quotes):
    text = ("The family received a letter from Fisheries, Oceans and Coastal Guard Canada on Tuesday.\n\n"
            "In a statement, FOCGC said “every licence is reviewed under the same rules, whoever applies.”")
    [quote] = quotes(text)
    assert quote.speaker == "Fisheries, Oceans and Coastal Guard Canada (FOCGC)"


def test_a_label_opening_a_paragraph_introduces_a_section_not_a_speaker(quotes):
    for label in ("OUR VIEW:", "EDITOR'S NOTE:", "MARKET WATCH:"):
        text = (f"{label} “Prices will keep rising until the port reopens. Does anyone in the trade expect that "
                "before spring?” Selma Hart, a freight broker in Dunmore, said in a note to clients.")
        [quote] = quotes(text)
        assert quote.speaker == "Selma Hart", label


def test_a_heading_or_teaser_line_is_nobody_a_pronoun_can_mean(quotes):
    text = ("Coach Dario Venn said the team had not trained properly all week.\n\n"
            "Story continues below advertisement\n\n"
            "WATCH: Mayor Ilse Brandt opens the new ‘riverside’ rink\n\n"
            "“We were slow to every loose puck and we paid for it,” he said.")
    assert [q.speaker for q in quotes(text) if len(q.text.split()) > 3] == ["Dario Venn"]


def test_a_photo_caption_or_pull_quote_is_nobody_a_pronoun_or_carried_quote_can_mean(quotes):
    text = ("Coach Dario Venn said the team had not trained properly all week.\n\n"
            "Ryan Moss / Valley Courier Mayor Ilse Brandt, left, greets fans at the rink on Friday.\n\n"
            "Fans queued for an hour in the rain. ( Valley Courier file photo )\n\n"
            "“We were slow to every loose puck and we paid for it,” he said.")
    assert [q.speaker for q in quotes(text)] == ["Dario Venn"]
    pull_quote = ("Inspector Omar Hale briefed the council on the closures.\n\n"
                  "It could take years to rebuild the pier. Harbour engineer Lise Tran\n\n"
                  "“The pilings are rotten from the waterline down and every one of them has to go.”")
    assert [q.speaker for q in quotes(pull_quote)] == [None]


def test_a_quote_signed_off_on_its_own_line_keeps_its_speaker(quotes):
    text = "Readers wrote in all week.\n\n“The new bus timetable has ruined my mornings.” ― Pella Grant\n\n“Bring back the 7:15.” ― Omar Lutz"
    assert [q.speaker for q in quotes(text)] == ["Pella Grant", "Omar Lutz"]


def test_an_outlet_is_not_credited_with_what_it_only_reports(quotes):
    texts = {
        "Halvern Foods recalled two brands of yogurt on Friday. “We regret any inconvenience this may cause to our "
        "customers,” the company said in a statement, the Valley Courier reported.": "Halvern Foods",
        "Halvern Foods recalled its yogurt, the Valley Courier reported. “We regret any inconvenience this may "
        "cause,” the company said.": "Halvern Foods",
        "The recall covers two brands, the Valley Courier reported. “We regret any inconvenience this may cause,” "
        "the company said.": "company",
        "According to a memo obtained by the Valley Courier, the fund “believed in the future of these magazines "
        "and in protecting local reporting.”": None,
    }
    for text, name in texts.items():
        assert [q.speaker for q in quotes(text)] == [name], text


def test_an_outlet_speaks_for_itself(quotes):
    text = ("The Valley Courier first reported the recall on Friday. “We stand by every word of our reporting,” "
            "the newspaper said.")
    assert [q.speaker for q in quotes(text)] == ["Valley Courier"]


def test_someone_brought_in_by_a_role_is_the_one_person_the_article_names_in_it(quotes):
    text = ("A Halden hockey coach says she is “amazed and overwhelmed by all the calls from strangers.”\n\n"
            "Coach Rita Moss started the team six years ago.")
    assert [q.speaker for q in quotes(text)] == ["Rita Moss"]
    two_coaches = text + "\n\nIts rival’s coach, Dana Beck, sent flowers."
    assert [q.speaker for q in quotes(two_coaches)] == ["Halden hockey coach"]
    kept_unnamed = ("Coach Rita Moss started the team six years ago.\n\nA coach who asked not to be named said "
                    "the league “has ignored the rink for a decade and everyone knows it.”")
    assert [q.speaker for q in quotes(kept_unnamed)] == ["coach"]


def test_a_name_right_before_a_reporting_verb_is_its_subject_however_it_was_parsed(quotes):
    text = ("The captain of the team, Jo Stewart, and her father visited Pell and asked him about his health and "
            "Pell suggested the team should “make a short video that is funny and not too sad at all.”")
    assert [q.speaker for q in quotes(text)] == ["Pell"]


def test_a_pronoun_goes_to_no_organisation_or_place(quotes):
    text = ("Tom Adeyemi has spent a decade on the history of the porters.\n\n"
            "Sleeping car porters lined up for the photo in 1954. ( Harbour and Rail Archives Kestavia )\n\n"
            "The trip drew national attention. “These men were smart enough to demand a meeting and to keep "
            "demanding it,” he says.")
    assert [q.speaker for q in quotes(text)] == ["Tom Adeyemi"]
    text = ("Schools join programs run by Prairie Dairy Growers. For instance, Valley Milk has a club for "
            "pupils.\n\nTerry Walsh, a health manager with Prairie Dairy Growers, said she is unsure what schools "
            "will do next. “We are still going to encourage milk, at school or at home,” she said.")
    assert [q.speaker for q in quotes(text)] == ["Terry Walsh"]


def test_a_name_opening_its_sentence_is_its_subject_however_it_was_parsed(quotes):
    text = ("Retiree Walt Purdy says the program changed his life. Purdy, 73, credits his terrier Chloe and a new "
            "exercise partner for keeping him on track. He became so used to the gym that he bought his own pass.\n\n"
            "“My blood pressure is down to normal now,” he adds.")
    assert [q.speaker for q in quotes(text)] == ["Walt Purdy"]


def test_a_title_of_a_work_names_nobody_who_speaks(quotes):
    text = ("“Most of them hated that name,” says Tom Adeyemi, author of the new book Call Me Porter: The Story "
            "of the Night Trains and the Making of Modern Kestavia. The delegation’s trip changed the law. "
            "“These men were smart enough to go to the capital and ask for it,” he says.")
    assert [q.speaker for q in quotes(text)] == ["Tom Adeyemi", "Tom Adeyemi"]


def test_the_statement_speaks_for_whoever_made_it_just_before(quotes):
    text = ("The Prairie Juice Association said in a statement that fruit juice “is a source of vitamins for "
            "children who eat too little fruit.” The statement also said that dropping it could have “serious "
            "consequences for what children eat.”")
    assert [q.speaker for q in quotes(text)] == ["Prairie Juice Association"] * 2
    text = ("The Rockets said they would not speak to the lawsuit. The lawsuit argues the team “did nothing to "
            "stop the fights that everyone saw coming.”")
    assert [q.speaker for q in quotes(text)] != ["Rockets"]


def test_an_unnamed_spokesperson_speaks_for_the_organisation_named(quotes):
    texts = {
        "“We regret any inconvenience to our customers,” a spokeswoman for Halvern Foods said on Friday.":
            "Halvern Foods",
        "“We regret any inconvenience to our customers,” a Halvern Foods spokesman said on Friday.": "Halvern Foods",
        "Halvern Foods recalled two brands of yogurt on Friday. “We regret any inconvenience to our customers,” "
        "a spokeswoman said.": "Halvern Foods",
        "Halvern Foods recalled its yogurt. Its spokeswoman, Nadia Garneau, was away on Friday. Later, the "
        "spokeswoman said “every batch will be tested twice from now on.”": "Nadia Garneau",
    }
    for text, name in texts.items():
        assert [q.speaker for q in quotes(text)] == [name], text


def test_a_name_taken_for_a_town_is_a_person_when_it_acts_and_is_never_a_place(quotes):
    text = ("The celebrities tee off on Friday with the pros. When asked what was harder, pitching or putting, "
            "Tulsa didn’t hesitate.\n\n“It’s this for sure,” he said. “The nerves here are something else.”")
    assert [q.speaker for q in quotes(text)] == ["Tulsa", "Tulsa"]
    place = ("Farmers in Kestavia were angry on Monday. Kestavia voted against the plan. “We were ignored by "
             "everyone in the capital,” he said.")
    assert [(q.speaker, q.speaker_as_written) for q in quotes(place)] == [(None, "he")]


def test_a_person_reported_by_an_outlet_is_credited_not_the_outlet(quotes):
    for text in ("“We will win this county in November,” Ana Ruiz said, according to the Valley Courier.",
                 "According to the Valley Courier, Ana Ruiz said the campaign “will win this county in November.”",
                 "Ana Ruiz told supporters the campaign “will win this county in November,” according to CNN."):
        assert [q.speaker for q in quotes(text)] == ["Ana Ruiz"], text


def test_a_writer_of_an_outlet_taken_in_with_its_name_is_the_writer(quotes):
    [quote] = quotes("“It will annoy his critics that his expectations are so low,” wrote Harbour Review’s Noah Pell.")
    assert (quote.speaker, quote.role) == ("Noah Pell", "Harbour Review’s")
