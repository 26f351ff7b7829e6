"""Speakers written as pronouns, roles and organisations, resolved to the names the article gives them,
and left unresolved when the article does not say who they are."""
from bot.models import SpeakerKind


def test_pronoun_goes_to_the_person_the_text_is_about_not_the_last_quoted(attributed):
    text = ("“We ran out of flour by noon,” baker Tom Ruiz said.\n\n"
            "Peter Vance said he had driven the night bus for eleven years.\n\n"
            "“The last stop is where you meet the real city,” he said.")
    assert attributed(text)[1] == ("Peter Vance", "pronoun")


def test_pronoun_goes_to_the_main_subject_not_one_named_in_a_side_clause(attributed):
    text = ("“The bus was late again,” said Rosa Lind, a cook at the depot.\n\n"
            "Amara Singh, whom manager Lena Cho hired in 2019, said she had never missed a shift.\n\n"
            "“I set two alarms every single night,” she said.")
    assert attributed(text)[1] == ("Amara Singh", "pronoun")


def test_gender_decides_between_two_people(quotes):
    text = ("Ms. Morris and Mr. Adeyemi argued about the library budget for an hour.\n\n"
            "“It cannot work without the county’s money,” she said. “Nobody has asked them yet,” he said.")
    assert [q.speaker for q in quotes(text)] == ["Morris", "Adeyemi"]


def test_a_dateline_is_never_a_speaker(quotes):
    text = "HALDEN, Ont. — The council voted on Monday to close the arena.\n\n“It is a sad day for all of us,” she said."
    [quote] = quotes(text)
    assert (quote.speaker, quote.speaker_as_written, quote.unclear) == (None, "she", True)


def test_a_region_is_never_a_speaker(attributed):
    text = ("Farm towns were wary of the trade deal for months. The Midwest backing it in the end announced "
            "“a turn that nobody in the capital had planned for.”")
    assert attributed(text) == [(None, None)]


def test_role_resolves_to_the_person_named_in_it(attributed):
    cases = {
        "Linden coach Rosa Vance watched from the bench.\n\n“We stopped moving our feet,” the veteran coach said.":
            "Rosa Vance",
        "Justice Omar Reyes read the sentence aloud.\n\n“The court cannot ignore that night,” the judge said.":
            "Omar Reyes",
        "The team’s general manager, Ida Brandt, spoke after the draft. “We took the best player left,” the GM said.":
            "Ida Brandt",
        "Chief executive Ana Pruitt met analysts. “Our stores are not the problem here,” the CEO said.": "Ana Pruitt",
        "Marisol Tebbe, chair of the Harbourside Tenants’ Association, met the landlord on Monday. Rents went up "
        "again in March.\n\n“Nobody in this building can absorb another increase,” the tenant leader said.":
            "Marisol Tebbe",
    }
    for text, name in cases.items():
        assert attributed(text) == [(name, "role")], text


def test_a_deputy_does_not_answer_for_the_office(attributed):
    text = ("Police Chief Nora Vale and Deputy Chief Sam Orr briefed reporters. "
            "“The road will stay closed overnight,” the chief said.")
    assert attributed(text) == [("Nora Vale", "role")]


def test_a_description_takes_the_subject_just_before_when_nothing_contradicts_it(attributed):
    text = "Ilse Brandt scored twice in the last ten minutes. “I just kept running at the keeper,” the striker said."
    assert attributed(text) == [("Ilse Brandt", "role")]


def test_a_description_that_fits_nobody_named_stays_a_description(quotes):
    text = ("Jon Pike, a forklift driver, waited outside the gates. "
            "“Some of these people gave twenty years to this place,” the union leader said.")
    [quote] = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == ("union leader", SpeakerKind.PERSON)


def test_an_unnamed_source_stays_unnamed(attributed):
    text = "Mayor Ines Falk toured the street. “The water came up to my knees,” one resident said."
    assert attributed(text) == [("resident", "named")]


def test_organisations_speak_through_descriptions_and_it(quotes):
    text = ("Halvard Logistics will close its depot in Brenton, the company announced Tuesday.\n\n"
            "“This was a hard decision for everyone involved,” the company said in a statement.\n\n"
            "Halvard said the work would move north. It said staff would be offered “a place at the new depot.”")
    [first, second] = quotes(text)
    assert (first.speaker, first.speaker_kind, first.attribution) == (
        "Halvard Logistics", SpeakerKind.ORGANISATION, "role")
    assert (second.speaker, second.attribution) == ("Halvard Logistics", "pronoun")


def test_the_company_is_never_a_council(attributed):
    text = ("Brenton Town Council rejected the plan from Halvard Logistics last week. "
            "“We will appeal the decision at once,” the company said.")
    assert attributed(text) == [("Halvard Logistics", "role")]


def test_according_to_an_organisation_named_before(attributed):
    text = ("The Ministry of Transport approved the ferry route on Friday. "
            "The route is “safe for every kind of vessel,” according to the ministry.")
    assert attributed(text) == [("Ministry of Transport", "role")]


def test_the_city_is_the_city_of_the_dateline(attributed):
    text = "BRENTON — A water main broke overnight.\n\n“Crews isolated the break before dawn,” the city said."
    assert attributed(text) == [("Brenton", "role")]


def test_a_place_in_the_description_must_fit_the_person(attributed):
    text = "Sen. Ana Ruiz of Iowa spoke first. “We will see what the turnout brings,” the Ohio senator said."
    assert attributed(text) == [("Ohio senator", "named")]


def test_a_pronoun_may_be_the_owner_named_in_what_it_reports(attributed):
    text = "Ivo Marsh spoke first at the hall.\n\nHe said Marsh’s own plan had been “a waste of everyone’s time.”"
    assert attributed(text) == [("Ivo Marsh", "pronoun")]


def test_an_unnamed_source_keeps_whose_or_where_it_is(attributed):
    text = "“Nobody consulted the crews,” said an aide to Mayor Ines Falk."
    assert attributed(text) == [("aide to Mayor Ines Falk", "named")]


def test_a_statement_with_no_author_named_is_nobody_s(attributed):
    text = "Lower fares were promised. The statement says the network will “run every bus on time by spring.”"
    assert attributed(text) == [(None, None)]


def test_things_in_the_plural_are_no_speakers(attributed):
    text = "Voters are tired of the campaign. Polls suggest the race is “closer than anyone expected in June.”"
    assert attributed(text) == [(None, None)]


def test_an_unnamed_source_is_described_up_to_the_clause_about_it(attributed):
    cases = {"“The figures were never checked,” said a longtime adviser to the mayor, who asked not to be named.":
             "longtime adviser to the mayor",
             "“The vote will be close,” said a person close to the council.": "person close to the council"}
    for text, description in cases.items():
        assert attributed(text) == [(description, "named")], text


def test_an_unnamed_source_keeps_the_title_quoted_in_its_description(attributed):
    text = ("“We have to win back the young voters first,” wrote the authors of the “Main Street Renewal Plan,” "
            "citing the results of the last two city elections.")
    assert attributed(text) == [("authors of the Main Street Renewal Plan", "named")]

def test_a_town_and_its_province_are_no_antecedent(attributed):
    text = ("BRENTON, Ont. — Ilan Roth says the move was the hardest thing he has done.\n\n"
            "The 19-year-old striker for the Harbour Gulls arrived in May from Port Ellis, Ontario. "
            "He had never lived away from home.\n\n“I cried the first night and did not tell anyone,” he says.")
    assert attributed(text) == [("Ilan Roth", "pronoun")]


def test_an_age_written_as_three_words_stands_for_the_person_before(attributed):
    text = ("Mira Osei had never entered a chess tournament before March. She won it anyway.\n\n"
            "“I just looked at the clock and moved fast,” the 12-year-old said afterward.")
    assert attributed(text) == [("Mira Osei", "role")]


def test_a_company_introduced_by_what_it_makes_is_one(attributed):
    text = ("Software maker Corvane said it would cut 900 jobs. "
            "“The company expects the cuts to be complete by June,” it said.")
    assert attributed(text) == [("Corvane", "pronoun")]


def test_the_department_is_no_group_of_another_kind(attributed):
    text = ("Biologist Ana Ruiz of the restoration group Living Rivers counted the salmon. "
            "“More monitoring will be needed before anyone celebrates,” the department said.")
    assert attributed(text) == [("department", "named")]


def test_the_city_of_a_dateline_parsed_as_its_own_sentence(quotes):
    text = ("Water main floods downtown Calder\n\n"
            "CALDER -- A water main burst beneath Fourth Street early Monday, forcing Calder General Hospital "
            "onto its emergency supply.\n\n"
            "\"Crews isolated the break at 6:40 a.m.,\" the city said in a statement.")
    [quote] = quotes(text)
    assert (quote.speaker, quote.speaker_kind) == ("Calder", SpeakerKind.ORGANISATION)


def test_a_surname_that_is_also_a_title_is_a_name(quotes):
    text = ("“Reyes told us the opposite in September, and he knows it,” King said. "
            "“The impression we were given was very different,” she said.")
    assert [q.speaker for q in quotes(text)] == ["King", "King"]


def test_a_surname_with_a_particle_written_alone_is_the_same_person(attributed):
    text = ("Mayor Bill de Blasio closed the unit. Trump criticised the move. De Blasio ended it in 2014. "
            "“There is hatred like nobody has ever seen,” the Republican presidential candidate said.")
    assert attributed(text) == [("Republican presidential candidate", "named")]


def test_a_given_name_sharing_the_surname_after_it_is_not_an_earlier_namesake(attributed):
    text = ("Former President David Ross spoke first. His biographers, David and Jeanne Hale, wrote that Ross "
            "“had a tin ear for every room he ever walked into.”")
    assert attributed(text) == [("David Hale", "named")]


def test_a_doctor_s_role_in_apposition_counts_beside_the_title(attributed):
    cases = {
        "The clinic’s chief pharmacist, Dr Hana Weiss, told the board that the stock had been counted twice. "
        "The chief pharmacist was firm: “Every patient on the list will get the tablets by Friday.”": "Hana Weiss",
        "Dr. Amir Haddad, the head of emergency medicine at Riverside, does not dispute that. "
        "“On any given day, we have 60 patients waiting for a bed,” the doctor says.": "Amir Haddad",
    }
    for text, name in cases.items():
        assert attributed(text) == [(name, "role")], text


def test_a_reporting_verb_opening_the_sentence_is_no_part_of_the_name(quotes):
    text = "Roger Stone spoke for an hour on the radio. Stated Stone: “I think that the system can be rigged.”"
    [quote] = quotes(text)
    assert (quote.speaker, quote.role) == ("Roger Stone", None)


def test_a_name_modifying_a_source_is_not_the_source(attributed):
    cases = {"Hillary Clinton lost the first debate badly. “She did not like that,” said a 2008 Clinton veteran.":
             "2008 Clinton veteran",
             "Mayor Rosa Pike lost the vote. “She saw it coming,” said a Pike campaign veteran.":
             "Pike campaign veteran"}
    for text, description in cases.items():
        assert attributed(text) == [(description, "named")], text


def test_an_acronym_is_the_organisation_it_spells_named_by_both(attributed):
    text = ("The Regional Transit Authority raised fares on Monday. “Nobody likes paying more, but the buses "
            "must run,” the RTA said in a statement.")
    assert attributed(text) == [("Regional Transit Authority (RTA)", "named")]


def test_a_quote_paragraph_after_an_organisation_s_statement_is_the_organisation_s(attributed):
    text = ("The Harbour Workers Union issued a statement on Friday.\n\n"
            "“Our members will not accept these cuts to overtime pay.”")
    assert attributed(text) == [("Harbour Workers Union", "carried")]


def test_a_speaker_referred_to_as_she_is_not_a_later_he(attributed):
    text = ("Kerys Odell runs the lost-property desk at the ferry terminal. Odell said she logs every item by hand. "
            "“People leave the strangest things behind,” she said.\n\n"
            "Tobiah Ferrand came in on Friday for a violin his grandfather had owned. Once he had signed the form, the "
            "violin case came up from the store, he said. Then she handed it over with a smile at his relief.\n\n"
            "“I had stopped believing it would ever turn up,” he said.")
    assert attributed(text) == [("Kerys Odell", "pronoun"), ("Tobiah Ferrand", "pronoun")]


def test_a_pronoun_after_an_unnamed_source_stays_that_unnamed_source(attributed):
    text = ("Nurse Lena Ortiz has run the night ward for a decade. “We are always two staff short,” she said.\n\n"
            "A cleaner on the same floor, who asked not to be named, said the lifts had been broken since March. "
            "“We carry the linen up four flights every morning,” she said.")
    assert attributed(text) == [("Lena Ortiz", "pronoun"), ("cleaner on the same floor", "pronoun")]


def test_the_answer_to_an_unnamed_asker_is_the_one_asked(attributed):
    text = ("Coach Dan Reilly spoke after the game.\n\n"
            "A reporter asked Reilly how he felt about the referee. He shrugged: “I have seen worse calls than that "
            "one.”")
    assert attributed(text) == [("Dan Reilly", "pronoun")]


def test_a_family_member_is_the_person_named_together_with_their_relative(attributed):
    text = ("The bakery on Elm Street belongs to Linda and Paul Hendry, who opened it in 1998.\n\n"
            "Linda Hendry says she still starts the ovens at four. “The bread does not wait for anybody,” she says.\n\n"
            "Her husband is less romantic about it. “I would sleep until nine if she let me,” her husband says.")
    assert attributed(text)[1] == ("Paul Hendry", "role")


def test_a_family_member_never_named_together_stays_a_description(attributed):
    text = ("Linda Hendry opened the bakery on Elm Street in 1998. Paul Hendry, who runs the garage next door, sells "
            "her bread at the till.\n\n"
            "Her husband is less romantic about it. “I would sleep until nine if she let me,” her husband says.")
    assert attributed(text) == [("her husband", "named")]
