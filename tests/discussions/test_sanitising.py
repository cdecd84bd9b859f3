"""No rendered post carries script, event handlers or unsafe URLs, whatever is typed."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discussions.rendering import render_post

MEMBERS = {"mei": (1, "Mei"), "kit": (2, "Kit")}

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x oNeRrOr=alert(1)//",
    "<body onload=alert(1)>",
    "<div onmouseover='alert(1)'>hover</div>",
    "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](%6A%61vascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src='javascript:alert(1)'></iframe>",
    "<object data='javascript:alert(1)'></object>",
    "<embed src='data:text/html,<script>alert(1)</script>'>",
    "<style>body{background:url('javascript:alert(1)')}</style>",
    "<p style='background:url(javascript:alert(1))'>x</p>",
    '<div style="width: expression(alert(1))">x</div>',
    "<link rel=stylesheet href='//evil.example/x.css'>",
    "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>",
    "<base href='javascript:alert(1)//'>",
    "<form action='javascript:alert(1)'><button>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    "[x](\u0001javascript:alert(1))",
    "[x](\u200bjavascript:alert(1))",
    "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))",
    "<a href='\u2028javascript:alert(1)'>x</a>",
    "\u202e<script>alert(1)</script>",
    '<img src="x" alt="" onerror="alert(1)"/>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "||<img src=x onerror=alert(1)>||",
    "||[x](javascript:alert(1))||",
    "@Mei<script>alert(1)</script>",
    '@Kit" onmouseover="alert(1)',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "<span class='spoiler' onclick='alert(1)'>x</span>",
    '<span class="mention" style="color:red">x</span>',
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    '[x](https://ok.example "title" onclick=alert(1))',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]

FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "input",
    "svg", "math", "img", "video", "audio", "source", "template", "noscript", "button",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "data", "xlink:href", "formaction", "poster"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class ElementAudit(HTMLParser):
    """Parses the output as a browser would and lists what is wrong with it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and not url_is_safe(value or ""):
                self.problems.append(f"url {value!r} on <{tag}>")


def url_is_safe(url: str) -> bool:
    # Browsers drop control characters and whitespace before reading the scheme.
    cleaned = "".join(
        ch for ch in url if ord(ch) > 32 and not unicodedata.category(ch).startswith("C")
    )
    # WHATWG URL parsing: a scheme is ASCII letters, digits, "+-."; anything else is a path.
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def assert_safe(html: str) -> None:
    audit = ElementAudit()
    audit.feed(html)
    audit.close()
    assert not audit.problems, (audit.problems, html)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_post_neutralises_xss_payload(payload):
    rendered = render_post(payload, MEMBERS)

    assert_safe(rendered.html)


def test_render_post_xss_corpus_is_large_enough():
    assert len(XSS_PAYLOADS) >= 50


PIECES = st.sampled_from(
    [
        "<script>", "</script>", "<img src=x ", "onerror=", "alert(1)", "javascript:", "data:",
        "<svg ", "onload=", "<a href=\"", "\">", "||", "@Mei", "@Kit ", "[x](", ")", "`", "```\n",
        "<style>", "style=\"", "\"", "'", "<", ">", "&#106;", "\u200b", "\n\n", "> ", "**",
        "<details ", "ontoggle=", "<span class=\"spoiler\" ", "vbscript:", "\t", "%0a",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join))
def test_render_post_never_outputs_script_handlers_or_unsafe_urls(text):
    assert_safe(render_post(text, MEMBERS).html)
