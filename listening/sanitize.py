"""Turn untrusted text from the internet into safe plain text.

Harvested posts arrive as HTML (RSS summaries, Mastodon statuses, HN comments) or as plain text
(Bluesky, Reddit, uploads). Everything we keep is *plain text*: tags are removed (the content of
<script>/<style> with them), entities are decoded, control characters (NUL breaks PostgreSQL) are
dropped, whitespace is tidied and lengths are capped. Templates escape it on output as usual.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3

TEXT_MAX_CHARS = 20_000
TITLE_MAX_CHARS = 500
NAME_MAX_CHARS = 200
HANDLE_MAX_CHARS = 200
URL_MAX_CHARS = 2_000
EXTERNAL_ID_MAX_CHARS = 255
LANGUAGE_MAX_CHARS = 35

# Block-level tags that end a line or paragraph, so "<p>a</p><p>b</p>" does not become "ab".
_PARAGRAPH_TAGS = re.compile(r"</(?:p|div|blockquote|pre|h[1-6]|ul|ol|table|section|article)\s*>", re.IGNORECASE)
_PARAGRAPH_OPEN = re.compile(
    r"<(?:p|div|blockquote|pre|h[1-6]|ul|ol|table|section|article)\b[^<>]{0,2000}>", re.IGNORECASE
)
_LINE_TAGS = re.compile(r"<(?:br\s*/?|/li|/tr|/dt|/dd|hr\s*/?)\s*>", re.IGNORECASE)
# C0/C1 control characters except tab and newline; also Unicode line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _cap(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def clean_plain_text(value: object, max_chars: int = TEXT_MAX_CHARS) -> str:
    """Plain text in, tidy plain text out: no control characters, normalised whitespace, capped.

    Does *not* parse HTML: "a < b" stays "a < b". Use html_to_text for HTML.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    return _cap(text, max_chars)


def clean_line(value: object, max_chars: int = NAME_MAX_CHARS) -> str:
    """A single-line field (name, handle, title): all whitespace becomes one space."""
    return _cap(" ".join(clean_plain_text(value, max_chars * 4).split()), max_chars)


def html_to_text(value: object, max_chars: int = TEXT_MAX_CHARS) -> str:
    """Untrusted HTML in, inert plain text out (scripts, styles, tags and attributes gone)."""
    if value is None:
        return ""
    raw = str(value)
    raw = _PARAGRAPH_OPEN.sub(lambda m: "\n\n" + m.group(0), raw)  # HN writes "<p>" without "</p>"
    raw = _PARAGRAPH_TAGS.sub(lambda m: m.group(0) + "\n\n", raw)
    raw = _LINE_TAGS.sub(lambda m: m.group(0) + "\n", raw)
    # tags=set(): every tag is stripped; nh3 drops <script>/<style> *with* their content by default.
    stripped = nh3.clean(raw, tags=set(), attributes={}, strip_comments=True)
    return clean_plain_text(html.unescape(stripped), max_chars)


def clean_url(value: object, max_chars: int = URL_MAX_CHARS) -> str:
    """An http(s) URL or "" — never javascript:, data: or anything else we would render as a link."""
    if not value:
        return ""
    url = _CONTROL.sub("", str(value)).strip()
    if len(url) > max_chars or any(ch.isspace() for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url


def clean_external_id(value: object) -> str:
    """A stable identifier, single line, at most EXTERNAL_ID_MAX_CHARS (long ones are hashed)."""
    text = clean_line(value, max_chars=10_000)
    if len(text) <= EXTERNAL_ID_MAX_CHARS:
        return text
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
