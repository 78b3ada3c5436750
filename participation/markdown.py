"""The Markdown subset participants write in: paragraphs, emphasis, lists, quotes, links.

markdown-it-py parses CommonMark with raw HTML switched off (any tag is shown as text);
nh3 (Ammonia) then cleans the output against a short allow-list, so a parser bug cannot
put a script, a style or an event handler on a page. Links get rel="nofollow noopener".
"""

from __future__ import annotations

from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "code",
    "pre",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Headings shrink to h3/h4 below; images, tables and raw HTML are not part of the subset.
    parser.disable(["image", "html_block", "html_inline", "table"], ignoreInvalid=True)
    return parser


def _shrink_headings(html: str) -> str:
    for level in (1, 2, 3, 4, 5, 6):
        target = 3 if level <= 3 else 4
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def render_markdown(text: str) -> Markup:
    return _render(text or "")


# The same texts (a proposal's body, a section of the draft) are shown again and again:
# parsing and sanitising is the costly part of a proposal page, the result depends on the
# text alone, and a few thousand rendered texts take a few megabytes.
@lru_cache(maxsize=4096)
def _render(text: str) -> Markup:
    html = _shrink_headings(_parser().render(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
