"""Word lists the attribution rules rely on."""

# Lemmas of verbs that introduce someone's words.
REPORTING_VERBS = frozenset("""
say tell add tweet retweet write post blog text email warn argue insist note ask explain claim state
declare announce reply respond answer recall acknowledge admit concede suggest predict
promise vow pledge complain charge contend maintain assert observe remark comment joke quip exclaim
shout yell scream chant cry whisper mutter boast brag report conclude emphasize emphasise stress urge
plead demand proclaim confirm deny counter retort rebut snap laugh sigh recount testify agree caution
advise hint muse speculate reason opine allege lament reiterate thunder assure reassure inform
summarize summarise interject interrupt echo read quote wonder concur fume grouse gripe
grumble scoff sneer disclose reveal blast slam criticize criticise mock taunt chide
scold rail decry condemn praise hail tout describe call label dub term brand characterize
characterise thank accuse blame credit question bark tease challenge recommend elaborate mention
continue press cite repeat
""".split())


def inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    return {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma[:-1] + "ied", lemma[:-1] + "ies"}


# Regular forms of the reporting verbs, for tokens the lemmatiser got wrong.
REPORTING_FORMS = (frozenset(form for lemma in REPORTING_VERBS for form in inflections(lemma))
                   | {"said", "told", "wrote"})
# Their past forms: a capitalised one may still be a verb ("Tweeted", "Stated Stone:"), "States" is a name.
PAST_REPORTING_FORMS = frozenset(form for form in REPORTING_FORMS if form.endswith("ed")) | {"said", "told", "wrote"}

# Verb and particle pairs that report speech: "shot back", "went on", "pointed out"; and "put it" ("as Lind
# put it").
PHRASAL_REPORTING_VERBS = frozenset({("shoot", "back"), ("fire", "back"), ("hit", "back"), ("push", "back"),
                                     ("go", "on"), ("point", "out"), ("lash", "out"), ("speak", "out"),
                                     ("chime", "in"), ("weigh", "in"), ("sum", "up"), ("put", "it")})

# Nouns naming a written or spoken statement: "a statement from X", "X's tweet read".
STATEMENT_NOUNS = frozenset("""
statement tweet post message letter release memo email e-mail note remarks speech interview
op-ed editorial column report testimony filing complaint lawsuit press announcement audit study survey
analysis review document brief poll ruling opinion order indictment affidavit
ad advert advertisement commercial mailer flyer leaflet pamphlet
""".split())

# Nouns for works with titles: a title right after one names it ("the documentary “Harbour Lights”").
WORK_NOUNS = frozenset("""
book novel memoir biography film movie documentary show series programme program podcast column essay song
album play musical opera poem painting exhibition exhibit referendum initiative episode
""".split())

# Offices and honorifics that come before a name and are not part of it, in several spellings.
OFFICE_TITLES = frozenset("""
president secretary senator sen sen. rep rep. representative congressman congresswoman congressperson
gov gov. governor lt lt. lieutenant mayor judge justice chief chairman chairwoman chair chairperson
minister premier ambassador attorney general gen gen. col col. maj maj. capt capt. sgt sgt.
adm adm. admiral commissioner commander director dr dr. mr mr. mrs mrs. ms ms. miss mx sir dame
lord lady rev rev. reverend father pastor pope king queen prince princess sheriff officer detective
professor prof prof. speaker leader whip candidate nominee spokesman spokeswoman spokesperson
councillor councilor councilman councilwoman councilmember alderman alderwoman assemblyman assemblywoman
assemblymember selectman selectwoman delegate del del. supervisor chancellor mp mep msp mla td
cllr cllr. det det. con con. cpl cpl. corporal const const. constable supt supt. superintendent insp insp.
inspector sergeant capt captain reeve coach
""".split())
# Words that only qualify a title: "former Deputy Secretary of State".
TITLE_QUALIFIERS = frozenset("""
prime vice former acting deputy assistant house senate state defense justice treasury homeland security
interior commerce labor energy education agriculture transportation health veterans affairs foreign
housing of the u.s. us federal republican democratic democrat gop independent presidential majority minority
""".split())
TITLE_WORDS = OFFICE_TITLES | TITLE_QUALIFIERS
# Titles that are also common names ("Larry King", "Rachel Chief"): only taken as a title at a name's start.
NAME_LIKE_TITLES = frozenset({"king", "queen", "prince", "princess", "lord", "lady", "dame", "sir", "father",
                              "pope", "justice", "judge", "speaker", "leader", "officer", "whip", "chair"})

# Titles that only ever stand before a surname: after them any word is a name ("Mr. King").
COURTESY_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "dr", "dr."})

MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father", "congressman"})
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess",
                               "congresswoman", "chairwoman", "spokeswoman"})

# Common English first names with a strong gender reading (used to resolve he/she); names given to both men
# and women ("Lee", "Chris", "Kelly") say nothing of gender and are not here.
MALE_FIRST_NAMES = frozenset("""
aaron adam alan albert alexander andrew anthony arthur barack ben benjamin bernie bill billy bob
bobby brad bradley brandon brian bruce bryan carl carlos charles charlie christopher chuck craig
dan daniel darrell dave david dennis dick don donald doug douglas ed eddie edward eric frank fred gary
george gerald greg gregory harold harry henry howard jack jacob james jared jason jeb jeff jeffrey jerry
jim jimmy joe joel john johnny jon jonathan jose joseph josh joshua juan justin keith ken kenneth
kevin kyle larry lawrence louis luke marco mark martin matt matthew michael mike mitch mitt nathan
nicholas nick patrick paul peter phil philip ralph randy ray raymond reince rick richard rob robert
roger ron ronald roy rudy russell ryan sam samuel scott sean stephen steve steven ted thomas tim
timothy todd tom tony travis vladimir walter wayne william willie xi adrian julian christian damian fabian
sebastian dorian herman norman
""".split())
FEMALE_FIRST_NAMES = frozenset("""
abigail alice alicia amanda amy andrea angela ann anna anne barbara betty beverly brenda carol
caroline carolyn catherine cheryl christina christine cindy claire cynthia deborah debbie debra denise
diana diane donna dorothy elizabeth ellen emily emma evelyn frances gloria hannah heather helen
hillary hope huma jacqueline jane janet janice jean jennifer jessica jill joan joyce judith judy julia
julie karen katherine kathleen kathy kellyanne kimberly laura lauren linda lisa lori louise
margaret maria marie marilyn martha mary megan melania melissa michelle nancy nicole nikki olivia
pamela patricia paula rachel rebecca rose ruth sandra sara sarah sharon shirley stephanie susan
teresa theresa tiffany virginia wendy vivian lillian gillian marian
""".split())

# Last words of the names of laws and plans, which the entity recogniser sometimes takes for people.
DOCUMENT_NAME_ENDINGS = frozenset({"bill", "act", "law", "amendment", "treaty", "accord", "accords", "doctrine",
                                   "plan", "resolution", "statute", "ordinance", "code"})
POSSESSIVE_ENDINGS = frozenset({"'s", "’s", "'", "’"})

PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}
PLURAL_PRONOUNS = frozenset({"they", "them", "we"})

# Days, months and times of day: "said Monday" never names a speaker.
TIME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight morning afternoon
evening night week weekend month year january february march april may june july august september october
november december jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct.
nov nov. dec dec.
""".split())

# Entity labels that name an organisation rather than a person.
ORGANISATION_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})

# Singular common nouns that name an organisation: "the campaign said", "the department added".
ORGANISATION_NOUNS = frozenset("""
campaign company administration department ministry agency government committee council court police
party organization organisation firm embassy office team network newspaper paper magazine station
website union association board commission foundation institute university school hospital bank
military army navy pentagon group coalition caucus senate house congress legislature parliament
cabinet newsroom outlet channel publication
utility authority trust club city town county district shire province regulator retailer chain developer
startup lender insurer airline carrier operator manufacturer maker brand business employer provider league
federation society charity
""".split())

# Singular nouns for a person, beyond the office titles: "a party source said", "the businessman said".
PERSON_NOUNS = frozenset("""
official source aide adviser advisor strategist consultant operative surrogate staffer pollster lawmaker
legislator politician diplomat executive manager head member voter resident worker employee owner founder
witness analyst expert economist lawyer attorney prosecutor officer agent soldier veteran doctor nurse
teacher student researcher scientist activist organizer organiser protester protestor supporter critic
opponent rival ally donor insider observer host anchor moderator reporter journalist columnist writer
author editor commentator pundit historian narrator mother father son daughter wife husband brother sister
friend neighbor neighbour man woman person farmer driver victim survivor parent teen teenager boy girl
citizen immigrant refugee incumbent challenger frontrunner front-runner billionaire businessman
businesswoman mogul celebrity actor actress singer player coach athlete priest rabbi imam bishop nominee
appointee detainee retiree negotiator investigator inspector auditor
defenceman defenseman goaltender goalie quarterback guard forward striker winger midfielder captain rookie
freshman sophomore manager gaffer boss skipper shopkeeper campaigner neighbour homeowner volunteer paramedic
midwife surgeon physician pharmacist investor co-founder partner chef baker fisherman principal trustee
corporal constable sergeant coordinator director supervisor janitor custodian cleaner pupil fan customer
shopper passenger commuter motorist cyclist landlord tenant barrister solicitor magistrate juror defendant
plaintiff monitor envoy president chair chairman chairwoman ceo cfo cto gm referee umpire
grandmother grandfather grandson granddaughter aunt uncle niece nephew cousin widow widower confidant
confidante fighter militant rebel insurgent rioter demonstrator marcher mourner picketer troop guard militia
child kid
""".split())
PERSON_SUFFIXES = ("ist", "ian", "man", "woman", "person")

# Nouns counting people: in "hundreds of protesters" the speakers are the protesters.
QUANTITY_NOUNS = frozenset("""
hundreds thousands dozens millions scores tens dozen hundred thousand number group crowd couple handful
majority minority some many most all several few members percent percentage half third quarter plurality
""".split())

# Nouns telling a person's gender: "her husband", "the mother of two", "Councilwoman Rita Nunez".
MALE_NOUNS = frozenset("""
man boy father dad son husband brother grandfather grandson uncle nephew king prince sir lord businessman
chairman spokesman congressman councilman policeman fisherman gentleman widower boyfriend stepfather actor
monk assemblyman selectman alderman
""".split())
FEMALE_NOUNS = frozenset("""
woman girl mother mom mum daughter wife sister grandmother granddaughter aunt niece queen princess dame lady
businesswoman chairwoman spokeswoman congresswoman councilwoman policewoman widow girlfriend stepmother
actress nun assemblywoman selectwoman alderwoman
""".split())

# Offices written in more than one way: "the CEO" for "chief executive Ana Ruiz", "the judge" for
# "Justice Mara Cole", "the prosecutor" for "Assistant District Attorney Ivo Tan".
ROLE_EQUIVALENTS = (
    frozenset({"ceo", "chief executive", "chief executive officer"}),
    frozenset({"cfo", "chief financial officer"}),
    frozenset({"cto", "chief technology officer"}),
    frozenset({"coo", "chief operating officer"}),
    frozenset({"gm", "general manager"}),
    frozenset({"judge", "justice", "magistrate"}),
    frozenset({"prosecutor", "district attorney", "crown attorney", "crown prosecutor", "state's attorney",
               "prosecuting attorney"}),
    frozenset({"doctor", "dr", "dr.", "physician"}),
    frozenset({"corporal", "cpl", "cpl."}),
    frozenset({"sergeant", "sgt", "sgt."}),
    frozenset({"constable", "const", "const.", "con", "con."}),
    frozenset({"detective", "det", "det."}),
    frozenset({"inspector", "insp", "insp."}),
    frozenset({"superintendent", "supt", "supt."}),
    frozenset({"councillor", "cllr", "cllr.", "councilor", "councilman", "councilwoman", "councilmember"}),
    frozenset({"senator", "sen", "sen."}),
    frozenset({"representative", "rep", "rep.", "congressman", "congresswoman"}),
    frozenset({"governor", "gov", "gov."}),
    frozenset({"professor", "prof", "prof."}),
    frozenset({"captain", "capt", "capt."}),
    frozenset({"chair", "chairman", "chairwoman", "chairperson"}),
    frozenset({"spokesperson", "spokesman", "spokeswoman"}),
    frozenset({"mp", "member of parliament"}),
    frozenset({"manager", "boss", "gaffer"}),
    frozenset({"goaltender", "goalie", "goalkeeper"}),
)

# Words in the names of organisations ("Cartwell Packaging", "Rideau Conservation Authority"), which
# the entity recogniser often takes for people.
ORGANISATION_NAME_WORDS = frozenset("""
inc inc. ltd ltd. llc corp corp. corporation co co. company companies group holdings partners ventures capital
bank bancorp trust fund foundation institute university college school academy hospital clinic council
committee commission department ministry agency authority board bureau office service services police
court party union association federation league club society network news press times post media airlines
airways energy power hydro water utilities utility gas oil motors foods farms packaging systems technologies
technology tech labs laboratories software pharmaceuticals pharma health healthcare developments properties
realty construction industries manufacturing mills works outfitters stores markets bakery bakeries brewing
brewery insurance financial securities logistics transit railway railways airport district county shire
government army navy church museum library orchestra theatre team fc workers guild alliance coalition
centre center cooperative co-op collective enterprises solutions consulting herald gazette tribune journal
courier chronicle examiner sentinel telegraph globe
""".split())

# Words in the names of news outlets ("The Valley Courier", "Channel 4 News"): an outlet reports what others
# say; it speaks only for itself.
OUTLET_WORDS = frozenset("""
news press times post herald gazette tribune journal courier chronicle examiner sentinel telegraph globe
ledger star sun mail observer guardian independent express mirror inquirer bulletin dispatch record register
review magazine radio television tv broadcasting network newswire wire agency reuters bloomberg cnn cbc bbc
abc nbc cbs ctv npr pbs msnbc ap afp
""".split())
# Nouns an outlet answers to: "the newspaper said" may mean one.
MEDIA_NOUNS = frozenset({"newspaper", "paper", "outlet", "network", "broadcaster", "station", "magazine", "daily",
                         "publisher", "publication", "agency", "site", "website"})

# Verbs only people do: the subject of "quipped" or "shrugged" is no company, whatever the recogniser says.
HUMAN_VERBS = frozenset("""
joke quip laugh chuckle giggle shout yell scream whisper mutter sigh cry weep sob smile grin nod shrug wink
frown blush gasp
""".split())

# Nouns for organisations of a kind: "the company" never stands for a council, nor "the council" for a firm.
BUSINESS_NOUNS = frozenset("""
company firm retailer chain developer utility bank lender insurer airline carrier operator manufacturer maker
brand business startup start-up employer provider supplier producer publisher grocer bakery brewer
""".split())
PUBLIC_BODY_NOUNS = frozenset("""
council department ministry agency authority government city town county district shire province state
office commission board service police force court regulator administration municipality
""".split())

# Nouns for family members: "her husband" is the one named beside her ("Diane and Ray Kostiuk").
KIN_NOUNS = frozenset("""
husband wife son daughter mother father brother sister grandson granddaughter grandmother grandfather aunt uncle
niece nephew cousin partner
""".split())
