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


def test_the_person_said_to_speak_outweighs_the_source_of_the_account(quotes):
    text = ("Chief nurse Adele Fontaine met the night staff on Monday. According to two nurses who were there, "
            "she told the ward that “nobody loses a shift over this.”")
    assert speakers_of(quotes, text) == ["Adele Fontaine"]


def test_the_one_who_asks_in_the_passive_is_the_speaker(quotes):
    text = ("The mayor was asked by radio host Dana Firth, who has covered the council for years, "
            "“Will you close the library on Sundays?”")
    assert speakers_of(quotes, text) == ["Dana Firth"]


def test_a_when_clause_parsed_as_an_adverb_is_still_a_side_clause(quotes):
    text = ("When someone near the dugout shouted, “Moreau,” Okafor joked, again using a fake drawl, "
            "“Not tonight, my friend!”")
    assert speakers_of(quotes, text) == ["Okafor"]


def test_as_someone_put_it(quotes):
    text = "As the harbour master Olu Bakare put it, “Nobody reads the tide tables any more.”"
    assert speakers_of(quotes, text) == ["Olu Bakare"]


def test_a_name_alone_before_a_colon_after_a_dash_or_a_reporting_verb(quotes):
    cases = {
        "Pollsters agree - Mara Quill: “Keep calling voters until the very last night of the campaign.”":
            "Mara Quill",
        "Turnout models missed the surge - PollWatch: “Nobody expected the young vote to double in a month.”":
            "PollWatch",
        "Continued Pell: “Nobody in this building wants a strike, least of all me.”": "Pell",
    }
    for text, name in cases.items():
        assert speakers_of(quotes, text) == [name], text


def test_a_relative_clause_about_a_thing_does_not_introduce_the_quote(quotes):
    text = ("Oregon Senator Ruth Okoro spoke right after the governor. Nothing the governor said “will calm a "
            "single farmer,” the Oregon senator said.")
    assert speakers_of(quotes, text) == ["Ruth Okoro"]


def test_a_clause_going_on_after_a_quote_does_not_attribute_it(quotes):
    text = "Lind’s answer was that “the library is the town’s living room,” so the council should keep it open."
    assert speakers_of(quotes, text) != ["council"]


def test_the_owner_in_an_inverted_attribution_is_not_the_speaker(quotes):
    text = ("“We knocked on every door twice,” said Mayor Lind’s campaign manager, Rob Tate, who ran her "
            "first race.")
    assert speakers_of(quotes, text) == ["Rob Tate"]


def test_an_inverted_speaker_the_parser_took_for_an_object(quotes):
    text = "“How tall is the slide?” asked the boy, who had waited in line for an hour."
    assert speakers_of(quotes, text) == ["boy"]


def test_a_sentence_after_a_quote_that_ends_its_own_sentence_says_nothing_of_it(quotes):
    text = ("In 2014, Pew found that “about twice as many renters as owners said the rent was their biggest "
            "worry.” But since 2010, owners have grown more anxious ― the share of owners saying “rent is too low” "
            "has doubled.")
    assert speakers_of(quotes, text) == ["Pew", None]


def test_words_about_what_a_thing_was_becoming_are_whoever_worried_so(quotes):
    text = ("In a 2009 speech, Senator Tom Alder worried that the pension fund was becoming “a lifeboat with too "
            "many holes to bail out.”")
    assert speakers_of(quotes, text) == ["Tom Alder"]


def test_a_subject_described_by_a_role_with_a_name(quotes):
    text = ("The Republican presidential nominee, Dana Pike, during two interviews on Friday, referred to the "
            "governor as “the most valuable player on the other team.”")
    assert speakers_of(quotes, text) == ["Dana Pike"]


def test_a_reporting_verb_the_parser_hung_on_its_subject(quotes):
    text = ("The Harbour Authority closed the pier. The pier reopened around 6 a.m. “The pier is open again. Thank "
            "you all for waiting,” the authority posted on X.")
    assert speakers_of(quotes, text) == ["Harbour Authority"]


def test_a_participle_belongs_to_the_people_of_the_clause_it_follows(quotes):
    text = ("The first disruption came during the mayor’s speech, when tenants in the gallery interrupted her, "
            "shouting “Fix the heat before you fix the lobby!”")
    assert speakers_of(quotes, text) == ["tenants in the gallery"]


def test_a_name_before_an_aside_before_said(quotes):
    text = ("Of the new stadium, Levine, who has held season tickets since 1990, said, “It is the loudest "
            "building in the state.”")
    assert speakers_of(quotes, text) == ["Levine"]


def test_according_to_someone_the_subject_s_words_are_theirs(quotes):
    text = ("According to her longtime coach, the sprinter has “the fastest first ten metres I have timed,” "
            "shows “remarkable” calm, and “will be the one to beat in Paris.”")
    assert set(speakers_of(quotes, text)) == {"her longtime coach"}


def test_the_person_shouted_down_is_the_one_who_spoke(attributed):
    text = "Councillor Vera Holm was shouted down by residents after telling them, “The park will be sold by spring.”"
    assert attributed(text) == [("Vera Holm", "named")]


def test_name_set_off_by_commas_before_the_verb_speaks(quotes):
    cases = {
        "The trainer I was riding with, Nora Halvik, stopped me halfway up the hill to say, “And that is why we "
        "never skip the warm-up.”": "Nora Halvik",
        "In an interview with the Tribune, their longtime family lawyer, Omar Haddad, said: “The Vances believe "
        "the sale was fair. They have the papers to prove it.”": "Omar Haddad",
    }
    for text, speaker in cases.items():
        assert speakers_of(quotes, text) == [speaker], text


def test_place_set_off_by_commas_is_no_speaker(quotes):
    text = "Shop owners in Brandon, Manitoba, said the new bylaw was “the last thing any of us needed.”"
    assert speakers_of(quotes, text) == ["Shop owners in Brandon"]


def test_name_after_an_inverted_verb_speaks_though_a_thing_was_taken_for_its_subject(quotes):
    text = ("The trouble with the harbour, says Ines Moreau, a historian at the maritime museum, is that it was "
            "“built for ships that no longer exist.”")
    assert speakers_of(quotes, text) == ["Ines Moreau"]


def test_name_and_title_set_off_before_the_verb_speak_for_a_numbered_subject(quotes):
    text = ("One of the two candidates for the ward, former Councillor Rita Vos, grew up on Dock Street and said at "
            "the debate that the tower was “a gift to the developers and nobody else.”")
    assert speakers_of(quotes, text) == ["Rita Vos"]


def test_a_colon_after_words_from_a_person_introduces_their_quote(quotes):
    text = ("What the storm means for the orchards — more from Rosa Alvarado: “The early blossoms are gone, and the "
            "late ones will be thin.”")
    assert speakers_of(quotes, text) == ["Rosa Alvarado"]


def test_a_colon_after_words_to_a_person_does_not_make_them_the_speaker(quotes):
    text = "The board sent a blunt message to Rosa Alvarado: “Pay the arrears by Friday or lose the stall.”"
    assert speakers_of(quotes, text) == ["board"]


def test_the_person_called_something_is_not_the_speaker(attributed):
    text = ("There is still time for Moss to mend fences with the councillors, even after repeatedly dismissing them "
            "as part of the “harbour cartel” and calling Council Leader Ana Lind a liar.")
    assert attributed(text) == []


def test_the_one_heard_asking_speaks_not_the_one_asked_nor_the_colon_paragraph(attributed):
    text = ("The station has the recording:\n\n"
            "“Will the library stay open on Sundays?” a student can be heard asking Mayor Ana Lind after the debate.")
    assert attributed(text) == [("student", "named")]


def test_a_verb_coordinated_in_a_side_clause_does_not_attribute_the_main_clause_s_quote(attributed):
    text = ("Some of the crowd cheered, and when Mayor Ana Lind thanked the volunteers and said the park was finally "
            "finished, a boy called out “Can we swim now?”")
    assert attributed(text) == [("boy", "named")]
