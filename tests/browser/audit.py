"""Third-party checks on every page a journey visits: axe-core in the page, the Nu Html Checker
on the HTML the server sent.

A journey calls `audit.check(page)` after each navigation. Each page (its URL name and query
keys, with or without JavaScript) is checked once per run: axe at once, the HTML collected and
validated in one vnu run at the end of the session.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
VNU_VERSION = "26.9.27"
VNU_JAR = ROOT / ".data" / "vnu" / f"vnu-{VNU_VERSION}.jar"
BLOCKING_IMPACTS = {"serious", "critical"}


def page_key(url: str) -> str:
    parts = urlsplit(url)
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        name = parts.path
    query = ",".join(sorted(parse_qs(parts.query)))
    return f"{name}?{query}" if query else name


@dataclass
class Audit:
    """What the checkers saw over the whole run; the counts go into the run's summary."""

    axe_checked: set[str] = field(default_factory=set)
    html: dict[str, tuple[str, str]] = field(default_factory=dict)
    axe_counts: Counter = field(default_factory=Counter)
    vnu_errors: list[str] | None = None
    # Serious and critical findings of the running test; the test fails on them at its end,
    # so one run shows every page's problems instead of the first.
    blocking: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    browser: object = None
    _audit_page: object = None

    def check(self, page, *, state: str = "") -> None:
        """Run axe on the page as shown and keep the server's HTML for the Nu checker."""
        javascript = page.context.javascript
        key = page_key(page.url) + (f" [{state}]" if state else "")
        page.checked_keys.add(page_key(page.url))
        axe_key = f"{key} ({'js' if javascript else 'no-js'})"
        html = document_html(page)
        if axe_key not in self.axe_checked:
            self.axe_checked.add(axe_key)
            self._run_axe(page if javascript else self._replay(page, html), axe_key)
        if key not in self.html:
            self.html[key] = (page.url, html)

    def _replay(self, page, html: str):
        """axe needs JavaScript: show a no-JS page's HTML, scripts removed, in an audit page."""
        if self._audit_page is None:
            self._audit_page = self.browser.new_context().new_page()
        audit_page = self._audit_page
        audit_page.set_viewport_size(page.viewport_size)
        body = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.DOTALL)
        url = page.url.split("#")[0]
        audit_page.route(
            url, lambda route: route.fulfill(status=200, content_type="text/html", body=body)
        )
        audit_page.goto(url)
        audit_page.unroute(url)
        return audit_page

    def _run_axe(self, page, key: str) -> None:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SCRIPT.read_text())
        results = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ["violations"]});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary),
                }));
            }"""
        )
        for violation in results:
            self.axe_counts[violation["impact"]] += len(violation["nodes"])
        self.findings.extend(
            f"[{v['impact']}] {key} {v['id']}: {v['help']} ({len(v['nodes'])})" for v in results
        )
        blocking = [v for v in results if v["impact"] in BLOCKING_IMPACTS]
        self.blocking.extend(
            f"axe on {key} ({page.url}):\n"
            + f"  [{v['impact']}] {v['id']}: {v['help']}\n"
            + "\n".join(f"      {n}" for n in v["nodes"])
            for v in blocking
        )

    def take_blocking(self) -> list[str]:
        found, self.blocking = self.blocking, []
        return found

    def validate_html(self) -> list[str]:
        """All collected pages in one vnu run; returns readable error lines."""
        if not self.html:
            return []
        jar = ensure_vnu()
        with tempfile.TemporaryDirectory() as tmp:
            files = {}
            for index, (key, (url, html)) in enumerate(sorted(self.html.items())):
                path = Path(tmp) / f"page-{index:03d}.html"
                path.write_text(html, encoding="utf-8")
                files[str(path)] = (key, url)
            result = subprocess.run(
                ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                capture_output=True,
                text=True,
                check=False,
            )
            html_by_path = {name: Path(name).read_text() for name in files}
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        errors = []
        for message in messages:
            if message.get("type") not in ("error", "non-document-error"):
                continue
            name = urlsplit(message.get("url", "")).path
            key, url = files.get(name, ("?", "?"))
            line = message.get("lastLine")
            source = ""
            if line:
                lines = html_by_path.get(name, "").splitlines()
                source = lines[line - 1].strip()[:160] if line <= len(lines) else ""
            extract = (message.get("extract") or source).replace("\n", " ")
            errors.append(f"{key} ({url}) line {line}: {message['message']}\n      {extract}")
        self.vnu_errors = errors
        return errors


def document_html(page) -> str:
    """The HTML of the current document as the server sent it (not the live DOM)."""
    response = getattr(page, "_last_document", None)
    if response is not None and response.url == page.url:
        return response.text()
    return page.content()


def track_documents(page) -> None:
    """Remember each main-frame HTML page, to validate its source and to find unchecked pages."""
    page.visited_keys = set()
    page.checked_keys = set()

    def remember(response):
        request = response.request
        is_page = request.resource_type == "document" and request.frame == page.main_frame
        is_html = "text/html" in response.headers.get("content-type", "")
        if is_page and is_html and response.status == 200:
            page._last_document = response
            page.visited_keys.add(page_key(response.url))

    page.on("response", remember)


def unchecked_pages(pages) -> list[str]:
    return sorted({key for page in pages for key in page.visited_keys - page.checked_keys})


def ensure_vnu() -> Path:
    """The Nu Html Checker jar, fetched from its npm package into a git-ignored cache."""
    if VNU_JAR.exists():
        return VNU_JAR
    missing = [tool for tool in ("java", "npm") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(
            f"the Nu Html Checker needs {' and '.join(missing)}: "
            "apt-get install default-jre-headless npm"
        )
    VNU_JAR.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"vnu-jar@{VNU_VERSION}", "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        with tarfile.open(Path(tmp) / f"vnu-jar-{VNU_VERSION}.tgz") as archive:
            member = archive.getmember("package/build/dist/vnu.jar")
            source = archive.extractfile(member)
            partial = VNU_JAR.with_suffix(".part")
            partial.write_bytes(source.read())
            partial.rename(VNU_JAR)
    return VNU_JAR
