"""`quotebot demo`: serve our two example articles on 127.0.0.1 (a report, and another outlet's follow-up that
excerpts, rewords and misattributes its quotes), share them as a Slack message would, then look up their
speakers and words, all through the same pipeline and store as the Slack app (embedded Redis by default)."""
import http.server
import threading
from importlib import resources

from bot.ingest import Ingestor
from bot.lookup import lookup
from bot.nlp import load_nlp
from bot.redis_conn import connect
from bot.store import QuoteStore, Share
from bot.urls import extract_links
from config.settings import get_settings
from handlers.text import ingest_text, lookup_text

DEMO_TEAM = "demo"
PREFERRED_PORT = 8754  # a fixed port keeps the articles' URLs the same from one run to the next
ARTICLES = {"/news/flood-barrier": "demo_article.html", "/news/flood-barrier-next": "demo_followup.html"}
LOOKUPS = ["okafor", "Priya Raman", "WHITCOMBE", "shop owners", "okafro", '"blank cheque"',
           "okafor outlet:gazette since:2025-03-13"]


def serve_articles() -> http.server.ThreadingHTTPServer:
    pages = {path: resources.files("handlers").joinpath(name).read_bytes() for path, name in ARTICLES.items()}

    class ArticleHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            page = pages.get(self.path.partition("?")[0])
            if page is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):  # keep the demo's output to the answers
            pass

    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", PREFERRED_PORT), ArticleHandler)
    except OSError:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ArticleHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_demo() -> int:
    server = serve_articles()
    port = server.server_address[1]
    # The demo articles live on loopback, which the fetcher refuses unless told otherwise.
    settings = get_settings().model_copy(update={"allow_private_urls": True,
                                                 "allowed_ports": [*get_settings().allowed_ports, port]})
    store = QuoteStore(connect(settings))
    store.purge_workspace(DEMO_TEAM)  # every run shows the whole path, whatever an earlier run stored
    ingestor = Ingestor(store, load_nlp(settings.spacy_model), settings)

    messages = [f"Big vote last night <http://127.0.0.1:{port}/news/flood-barrier?utm_source=newsletter"
                f"|Riverside flood barrier>",
                f"The Gazette's follow-up <http://127.0.0.1:{port}/news/flood-barrier-next>"]
    for message in messages:
        print(f"A message is shared in #newsroom:\n  {message}\n")
        for url in extract_links(message):
            result = ingestor.ingest(DEMO_TEAM, url, Share(by="demo", channel="newsroom"))
            print(f"QuoteBot replies in the thread:\n  {ingest_text(result)}\n")
    for query in LOOKUPS:
        print(f"/quotes {query}\n{lookup_text(lookup(store, DEMO_TEAM, query))}\n")
    server.shutdown()
    return 0
