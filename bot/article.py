"""From a link to an Article: fetch the page, keep the story's text and metadata, drop the rest."""
import re

import trafilatura
from lxml.html import HtmlElement

from bot.extract.marks import QUOTE_MARKS
from bot.fetch import FetchError, fetch
from bot.models import Article
from bot.urls import canonical_url
from config.settings import Settings

_EXTRA_META = ("description", "language", "hostname", "image", "categories", "tags", "pagetype")
_BLANK_LINE = re.compile(r"\n\s*\n")


class ArticleError(FetchError):
    """The page was fetched but holds no article text."""

    def __init__(self, reason: str = "I couldn't find any article text on that page."):
        super().__init__(reason, permanent=True, kind="no_article")


def read_article(url: str, settings: Settings) -> Article:
    """Fetch `url` and extract its article; raises FetchError (or ArticleError) with a reason."""
    page = fetch(url, settings)
    final_url = canonical_url(page.final_url)
    if page.content_type == "text/plain":
        return _article(final_url, _plain_text_paragraphs(page.text), {}, settings.max_article_chars)
    return article_from_html(page.text, final_url, max_chars=settings.max_article_chars)


def article_from_html(html: str, url: str, *, max_chars: int | None = None) -> Article:
    """The main text of an HTML page, one paragraph per block separated by blank lines, with
    title, outlet, date (YYYY-MM-DD) and author when the page states them."""
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ArticleError()
    document = trafilatura.bare_extraction(marked_quotations(tree), url=url, with_metadata=True,
                                           include_comments=False)
    if document is None:
        raise ArticleError()
    metadata = {
        "title": document.title,
        "outlet": document.sitename,
        "date": document.date,
        "author": document.author,
        "meta": {key: value for key in _EXTRA_META if (value := getattr(document, key))},
    }
    # trafilatura writes one block (paragraph, heading, list item) per line
    return _article(url, (document.text or "").splitlines(), metadata, max_chars)


def marked_quotations(tree: HtmlElement) -> HtmlElement:
    """Write out the quote marks a page leaves to its markup: a browser draws them around <q> (‘…’ inside
    another), and a <blockquote> is a quotation set apart; text extraction keeps neither the marks nor <q>'s
    place in its sentence, so a page quoting that way would lose its quotes."""
    for q in tree.iter("q"):
        opening, closing = ("‘", "’") if any(a.tag == "q" for a in q.iterancestors()) else ("“", "”")
        q.text = opening + (q.text or "")
        if len(q):
            q[-1].tail = (q[-1].tail or "") + closing
        else:
            q.text += closing
    for q in list(tree.iter("q")):
        q.drop_tag()
    for block in tree.iter("blockquote"):
        for paragraph in block.findall(".//p") or [block]:
            words = paragraph.text_content().strip()
            if words and words[0] not in QUOTE_MARKS:
                paragraph.text = "“" + (paragraph.text or "").lstrip()
                if len(paragraph):
                    paragraph[-1].tail = (paragraph[-1].tail or "").rstrip() + "”"
                else:
                    paragraph.text = paragraph.text.rstrip() + "”"
    return tree


def _plain_text_paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks when there are any (their lines are often hard-wrapped),
    otherwise one paragraph per line."""
    return _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.splitlines()


def _article(url: str, paragraphs: list[str], metadata: dict, max_chars: int | None) -> Article:
    # Blank lines between paragraphs: quote extraction works paragraph by paragraph.
    text = "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip())
    if not text:
        raise ArticleError()
    if max_chars is not None:
        text = _truncate(text, max_chars)
    return Article(url=url, text=text, **metadata)


def _truncate(text: str, max_chars: int) -> str:
    """Cut at the last paragraph break that fits, so no quote is cut in half; hard cut only when
    the first paragraph alone is too long."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind("\n\n", 0, max_chars + 1)
    return text[:cut] if cut > 0 else text[:max_chars]
