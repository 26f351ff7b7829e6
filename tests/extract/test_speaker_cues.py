"""Cues that decide between several people named around a quote, and cases left without a speaker
rather than given to the wrong person."""


def speakers_of(quotes, text):
    return [q.speaker for q in quotes(text)]


def test_inserted_attribution_names_the_speaker_across_a_no_break_space(quotes):
    text = "Moss, Lena Ruiz said,\u00a0has built a “strange and lonely little kingdom of his own.”"
    assert speakers_of(quotes, text) == ["Lena Ruiz"]


def test_coordinated_reporting_verbs_take_the_nearest(quotes):
    text = "A reporter asked for a comment and Tessa Lowe said, “only after the vote is counted.”"
    assert speakers_of(quotes, text) == ["Tessa Lowe"]


def test_quote_inside_a_side_clause_belongs_to_that_clause(quotes):
    text = "While Ada Birk calls the deal “a fair bargain for every family in town,” Omar Quint frets about the cost."
    assert speakers_of(quotes, text) == ["Ada Birk"]


def test_colon_sentence_credits_its_main_subject(quotes):
    text = "Novelist Ben Achebe suspected the goalkeeper felt: “Why did I ever leave the farm for this?”"
    assert speakers_of(quotes, text) == ["Ben Achebe"]


def test_colon_sentence_skips_the_subject_of_a_relative_clause(quotes):
    text = "Ivo Marsh worked closely with Gus Pell, who ran the depot for years: “Nobody knew the trains better.”"
    assert speakers_of(quotes, text) == ["Ivo Marsh"]


def test_subject_of_a_copula_is_what_the_words_describe(quotes):
    text = "Two engineers, Ana Roth and Ben Sato, found that the bridge is “the safest in the whole state.”"
    assert speakers_of(quotes, text) == [None]


def test_words_on_a_thing_are_nobody_s(quotes):
    text = "Dev Patil carried a placard saying, “the library belongs to all of us.”"
    assert speakers_of(quotes, text) == [None]


def test_quote_labelling_a_noun_is_nobody_s(quotes):
    text = "Mayor Ida Wren wore a “keep our buses running every day” badge at the fair."
    assert speakers_of(quotes, text) == [None]


def test_statement_filed_by_someone(quotes):
    text = "“The defendant acted alone,” according to a court filing signed by prosecutor Dana Vick."
    assert speakers_of(quotes, text) == ["Dana Vick"]


def test_pronoun_is_not_a_person_named_in_what_it_reports(quotes):
    text = ("Coach Rene Dumas met Paul Hirsch on Monday.\n\n"
            "He argued Dumas was “far too close to the referees to judge the match.”")
    assert speakers_of(quotes, text) == ["Paul Hirsch"]


def test_pronoun_may_stand_for_a_person_named_in_a_later_attribution(quotes):
    text = ("Rosa Lind chaired the meeting.\n\n"
            "“The hall is too small,” she said, and then, “We need a new one,” said Lind.")
    assert speakers_of(quotes, text) == ["Rosa Lind", "Rosa Lind"]


def test_a_law_is_never_a_speaker(quotes):
    text = ("Dora Finch defended the Harbor Bill on Monday.\n\n"
            "“We wrote it for the fishermen of this coast,” she said.")
    assert speakers_of(quotes, text) == ["Dora Finch"]


def test_follow_on_needs_an_aside_about_the_speaker(quotes):
    text = ("“Rates will rise,” Omar Reed said.\n\n"
            "Markets fell after Reed spoke, and another banker disagreed.\n\n"
            "“Nobody wants to buy in this weather at all.”")
    assert speakers_of(quotes, text) == ["Omar Reed", None]


def test_no_follow_on_when_the_sentence_ends_on_someone_else(quotes):
    text = ("While Ana Roth called the plan “a gift to the banks,” Ben Sato kept quiet about it.\n\n"
            "“The banks will pay nothing under this plan.”")
    assert speakers_of(quotes, text) == ["Ana Roth", None]


def test_lone_participle_before_a_quote_continues_the_speaker(quotes):
    text = ("Marta Lindqvist called the new parking fees “a tax on nurses.” "
            "Warning, “We cannot park at home and walk to the ward.”")
    assert speakers_of(quotes, text) == ["Marta Lindqvist", "Marta Lindqvist"]


def test_a_new_report_after_a_quote_is_not_its_attribution(quotes):
    text = ("The council met on Monday. “We will appeal this ruling in every court in the land.” "
            "Rita Lowe later announced that the firm would cut jobs.")
    assert speakers_of(quotes, text) == [None]


def test_writer_aside_does_not_take_the_quote(quotes):
    text = "Landlord Hugo Brandt wrote, and I am quoting him exactly, “tenants who complain can always leave.”"
    assert speakers_of(quotes, text) == ["Hugo Brandt"]


def test_verb_and_name_right_after_a_question(quotes):
    text = "As rivals argued and critics complained, “who will pay for all of this?” asked Nell Gray."
    assert speakers_of(quotes, text) == ["Nell Gray"]


def test_verb_then_a_described_name_right_after_a_quote(quotes):
    text = "Fans groaned, “Is that really the best they can do?” wondered the club’s longtime announcer Pia Sorensen."
    assert speakers_of(quotes, text) == ["Pia Sorensen"]


def test_a_quote_in_a_side_clause_is_that_clause_s_even_after_a_main_reporting_verb(quotes):
    for text in ("“The ferry was never late,” Tomas Brel wrote after Ada Lowe claimed that “the boats sail "
                 "whenever they please.”",
                 "“It is wrong to call that a rescue,” Tomas Brel wrote after Ada Lowe argued for the second "
                 "week running that “if everyone had voted as he did, the mill would be shut.”"):
        assert speakers_of(quotes, text) == ["Tomas Brel", "Ada Lowe"], text


def test_coordinated_verbs_share_the_subject_of_a_passive(quotes):
    text = "Vera Stone was joined on stage by Senator Abel Ruiz and quipped, “Now the band is finally complete.”"
    assert speakers_of(quotes, text) == ["Vera Stone"]


def test_a_name_in_the_object_before_a_colon_is_the_listener(quotes):
    text = "Governor Ida Marsh sent a blunt message to Tom Keller: “Stop blaming the weather for the potholes.”"
    assert speakers_of(quotes, text) == ["Ida Marsh"]


def test_verb_then_a_description_and_a_name_with_a_parenthesis(quotes):
    text = "“We will need every volunteer we can find this weekend,” said Harbour ranking member Olu Benn (Ind.)."
    assert speakers_of(quotes, text) == ["Olu Benn"]


def test_titles_before_a_name_stay_out_of_it(quotes):
    [quote] = quotes("House Minority Leader Rita Obi said the vote was “a mistake we will all pay for.”")
    assert (quote.speaker, quote.role) == ("Rita Obi", "House Minority Leader")


def test_a_capitalised_name_the_tagger_took_for_a_noun(quotes):
    assert speakers_of(quotes, "“Nobody told the drivers,” O’Donnell told reporters.") == ["O’Donnell"]


def test_pressed_and_continued_report_speech(quotes):
    text = "“Would the toll ever come down?” Nadia Ruiz pressed. “Or is it there forever?” she continued."
    assert speakers_of(quotes, text) == ["Nadia Ruiz", "Nadia Ruiz"]


def test_a_one_word_quote_with_its_speaker_leads_the_follow_on(quotes):
    text = '"Water," said Piet Ober, a farmer near the river. "Water is the whole story out here."'
    assert speakers_of(quotes, text) == ["Piet Ober"]


def test_partial_quotes_of_one_sentence_share_its_speaker(quotes):
    text = ("Ilse Brandt, a retired engineer, said the council was “asleep at the wheel” on a bridge that shows "
            "“no sign of repair in twenty years.”")
    assert speakers_of(quotes, text) == ["Ilse Brandt", "Ilse Brandt"]


def test_a_name_left_outside_the_closing_mark_keeps_the_quote_standing_alone(quotes):
    text = "The council spent an hour on the budget, Mara Lind said. “Then it spent two more hours on” Harbour Street."
    assert speakers_of(quotes, text) == ["Mara Lind"]
