"""A story of our own for the lookup's end-to-end tests: an island ferry timetable, covered by several outlets that
run, excerpt, reword and misattribute each other's quotes; served as news pages on 127.0.0.1. And a speaker's
quotes stored at once, for pages and names."""
from dataclasses import dataclass

from bot.models import Article, Quote, SpeakerKind
from bot.store import QuoteStore, Share
from tests.local_http import LocalServer

# The words as the first report ran them; the others' versions below.
BUDGET = "We cannot keep four crossings a day running on a budget that shrinks every single winter"
BUDGET_EXCERPT = "four crossings a day running on a budget that shrinks every single winter"
SCHOOL = "Cutting the morning boat means our children miss the first lesson of every school day"
SCHOOL_REWORDED = "Cutting the morning boat means our pupils miss the first lesson of every school day"
NOBODY_ASKED = "Nobody on the island was asked before this timetable was drawn up"
REVIEW = "We will review the winter timetable with the island council before the end of the summer"
FUEL = "Every crossing we keep has to pay for its own fuel"
NEW_BOAT = "The new boat arrives in September and it will change what we can offer"
A_SAY = "Islanders will have a say on every change we make from now on"


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    outlet: str
    date: str
    paragraphs: tuple[str, ...]

    def html(self) -> str:
        body = "\n".join(f"    <p>{paragraph}</p>" for paragraph in self.paragraphs)
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{self.title} | {self.outlet}</title>
  <meta property="og:title" content="{self.title}">
  <meta property="og:site_name" content="{self.outlet}">
  <meta property="article:published_time" content="{self.date}T08:00:00Z">
</head>
<body>
  <article>
    <h1>{self.title}</h1>
{body}
  </article>
</body>
</html>
"""


# The first report: the operator's chief executive and the island council's chair.
CUTS = Story("/ferry/cuts", "Island ferry to run twice a day from June", "Harbour Courier", "2025-04-02", (
    "The island ferry will sail twice a day instead of four times from June, its operator said on Tuesday.",
    f"“{BUDGET},” said Marta Quintero, chief executive of Bay Ferries.",
    f"Islanders reacted with anger. “{SCHOOL},” said Tomas Ferreira, who chairs the island council.",
    f"“{NOBODY_ASKED},” Ferreira added."))
# A second outlet a day later: an excerpt of Quintero, Ferreira reworded, his words credited to someone else.
APPEAL = Story("/ferry/appeal", "Ferry cuts: island council to appeal", "Coastline Daily", "2025-04-03", (
    "The island council will appeal against the ferry timetable, its chair said on Wednesday.",
    "Marta Quintero, chief executive of Bay Ferries, defended the cuts, saying the company could not keep "
    f"“{BUDGET_EXCERPT}”.",
    f"“{SCHOOL_REWORDED},” said Tomas Ferreira.",
    f"“{NOBODY_ASKED},” said Lena Brandt, a harbour pilot."))
# Later reports with new words of Quintero's, for her followers.
REVIEW_PROMISED = Story("/ferry/review", "Bay Ferries promises to review winter timetable", "Northern Wire",
                        "2025-04-05", (
    "Bay Ferries has promised to look again at its winter timetable.",
    f"“{REVIEW},” Marta Quintero said on Thursday.",
    f"“{FUEL},” Quintero added."))
NEW_FERRY = Story("/ferry/new-boat", "A second ferry for the island", "Island Post", "2025-04-06", (
    "A second ferry is on its way to the island.",
    f"“{NEW_BOAT},” said Marta Quintero, the operator's chief executive."))
COUNCIL_MEETING = Story("/ferry/meeting", "Ferry operator meets island council", "Harbour Courier", "2025-04-07", (
    "The island council met the ferry operator on Friday.",
    f"“{A_SAY},” Marta Quintero told the meeting."))
# A third outlet crediting the council chair's words to the pilot again.
PILOT = Story("/ferry/pilot", "Harbour pilots back the island council", "Island Post", "2025-04-08", (
    "Harbour pilots said they would support the island council's appeal.",
    f"“{NOBODY_ASKED},” said Lena Brandt, a harbour pilot."))

STORIES = (CUTS, APPEAL, REVIEW_PROMISED, NEW_FERRY, COUNCIL_MEETING, PILOT)


def seed(store: QuoteStore, team_id: str, speaker: str, count: int,
         outlets: tuple[str, ...] = ("Harbour Courier", "Coastline Daily")) -> None:
    """`count` quotes by `speaker` stored at once, one article each, alternating between outlets, the newest last,
    all shared in channel CNEWS."""
    for day in range(1, count + 1):
        article = Article(url=f"https://news.example/{team_id}/{day}", text="", title=f"Ferry report {day}",
                          outlet=outlets[day % len(outlets)], date=f"2025-05-{day:02d}")
        quote = Quote(f"Ferry statement number {day} stands.", 0, 0, speaker, None, SpeakerKind.PERSON)
        store.save_article(team_id, article, [quote], Share("UALICE", channel="CNEWS"))


def serve_story(pages: LocalServer) -> None:
    for story in STORIES:
        pages.route(story.path, story.html())
