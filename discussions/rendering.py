"""Post bodies: Markdown through bookclub.markdown, plus discussions markup, sanitised last.

`||text||` becomes an inline spoiler and `@Display Name` of a club member becomes a mention
span. Both are added to the HTML that bookclub.markdown produced, outside code, and the result
goes through the same nh3 sanitiser again, so nothing added here can smuggle markup in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3

from bookclub.markdown import render_markdown, sanitize_html

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_CODE_OPEN = re.compile(r"<(code|pre)\b", re.I)
_CODE_CLOSE = re.compile(r"</(code|pre)>", re.I)
# Inline tags may sit inside a spoiler; block tags end it, so a stray || cannot hide a page.
_SPOILER = re.compile(
    r"\|\|((?:(?!\|\|)[^<]|<(?!/?(?:p|li|ul|ol|h\d|blockquote|pre|table|tr|td|th)\b)[^>]*>)+?)\|\|"
)
_SPOILER_SPAN = re.compile(r'<span class="spoiler">.*?</span>', re.S)
_BLOCK_END = re.compile(r"</(p|li|h\d|blockquote|pre|td|th)>|<br\s*/?>", re.I)
_MENTION_ATTEMPT = re.compile(r"(?<![\w@])@(\w[\w.'\-]*)")


@dataclass
class RenderedPost:
    html: str
    text: str
    mentioned_ids: list[int] = field(default_factory=list)
    unknown_mentions: list[str] = field(default_factory=list)


def _outside_code(html_text: str, replace) -> str:
    """Apply `replace` to the runs of HTML that are not inside <code> or <pre>."""
    parts = _TAG_OR_TEXT.split(html_text)
    depth = 0
    out: list[str] = []
    run: list[str] = []
    for part in parts:
        if _CODE_OPEN.match(part):
            out.append(replace("".join(run)))
            run = []
            depth += 1
            out.append(part)
        elif _CODE_CLOSE.match(part):
            depth = max(0, depth - 1)
            out.append(part)
        elif depth:
            out.append(part)
        else:
            run.append(part)
    out.append(replace("".join(run)))
    return "".join(out)


def _mark_spoilers(fragment: str) -> str:
    return _SPOILER.sub(r'<span class="spoiler">\1</span>', fragment)


def _mentions_replacer(members: dict[str, tuple[int, str]], found: set[int]):
    """`members` maps casefolded display name -> (user id, display name)."""
    if not members:
        return lambda fragment: fragment
    names = sorted(members, key=len, reverse=True)
    alternatives = "|".join(re.escape(html.escape(name, quote=False)) for name in names)
    pattern = re.compile(r"(?<![\w@])@(" + alternatives + r")(?!\w)", re.I)

    def replace_text(text: str) -> str:
        def link(match: re.Match) -> str:
            user_id, display = members[html.unescape(match.group(1)).casefold()]
            found.add(user_id)
            return f'<span class="mention">@{html.escape(display, quote=False)}</span>'

        return pattern.sub(link, text)

    def replace(fragment: str) -> str:
        # Only text between tags: never inside an attribute or a link.
        pieces = _TAG_OR_TEXT.split(fragment)
        in_link = 0
        for i, piece in enumerate(pieces):
            if piece.startswith("<a"):
                in_link += 1
            elif piece.startswith("</a"):
                in_link = max(0, in_link - 1)
            elif not piece.startswith("<") and not in_link:
                pieces[i] = replace_text(piece)
        return "".join(pieces)

    return replace


def plain_text(body_html: str) -> str:
    """Text of the post for search and snippets; spoilers are left out."""
    without_spoilers = _SPOILER_SPAN.sub(" [spoiler] ", body_html)
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + "\n", without_spoilers)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return re.sub(r"[ \t]+", " ", text).strip()


def render_post(body: str, members: dict[str, tuple[int, str]] | None = None) -> RenderedPost:
    found: set[int] = set()
    mention = _mentions_replacer(members or {}, found)
    markup = _outside_code(render_markdown(body), lambda f: mention(_mark_spoilers(f)))
    safe = sanitize_html(markup)
    text = plain_text(safe)
    known = {name for name, _ in (members or {}).items()}
    unknown = []
    for match in _MENTION_ATTEMPT.finditer(body):
        rest = body[match.start() + 1 :].casefold()
        if not any(rest.startswith(name) for name in known):
            unknown.append(match.group(1))
    return RenderedPost(html=safe, text=text, mentioned_ids=sorted(found), unknown_mentions=unknown)
