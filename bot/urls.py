"""URL helpers: one canonical key per article, and the links found in a Slack or Discord message."""
import re
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that only say where a click came from; dropping them never changes the page.
_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "li_fat_id", "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi",
    "ref", "ref_src", "ref_url", "referrer", "cmpid", "ocid", "smid", "sr_share", "spm",
    "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
})
_TRACKING_PREFIXES = ("utm_",)

# Slack wraps links as <url> or <url|label>, escapes &, < and > as entities, and uses the same
# brackets for mentions (<@U…>, <#C…>, <!here>). Unwrapped links show up in slash-command text.
_SLACK_TOKEN = re.compile(r"<(?P<wrapped>[^<>|]+)(?:\|[^<>]*)?>|(?P<bare>https?://[^\s<>]+)", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def canonical_url(url: str) -> str:
    """The key under which an article is stored, so the same page pasted twice is one article.

    Lowercases scheme and host, drops credentials, default ports, the fragment and tracking
    parameters, and sorts the remaining query parameters by name (keeping each as written).
    Raises ValueError for a URL without a host or with an invalid port.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"not an absolute URL: {url!r}")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", _canonical_query(parts.query), ""))


def _canonical_query(query: str) -> str:
    pairs = [pair for pair in query.split("&") if pair and not _is_tracking(pair.partition("=")[0])]
    return "&".join(sorted(pairs, key=lambda pair: pair.partition("=")[0]))


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def extract_links(text: str) -> list[str]:
    """The http(s) links in a message, in order, one per canonical URL, as they were pasted. Reads Slack's
    <url|label> and Discord's bare links, <url> (no preview) and [label](url)."""
    links: dict[str, str] = {}
    for match in _SLACK_TOKEN.finditer(text):
        link = _unescape_slack(match["wrapped"] or match["bare"].rstrip(_TRAILING_PUNCTUATION))
        if not link.lower().startswith(("http://", "https://")):
            continue  # mentions, channels, mailto: and other schemes
        try:
            links.setdefault(canonical_url(link), link)
        except ValueError:
            continue
    return list(links.values())


def _unescape_slack(text: str) -> str:
    # Only the three entities Slack produces: html.unescape would also turn "&copy=1" into "©=1".
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
