"""`make screenshots`: the main pages of the demo at 1280 and 375 px, saved in screenshots/.

Starts its own server on a spare port with its own embedded database, so it runs beside
`make run`. Pages are visited as an anonymous visitor and as demo members.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "read-together-2026"
CLUB = "/c/not-your-rescue-project/"

# (who, name, path); paths that depend on data are found by following links.
PAGES = [
    (None, "home", "/"),
    (None, "login", "/accounts/login/"),
    (None, "signup", "/accounts/signup/"),
    (None, "club-public", CLUB),
    ("sol", "home-signed-in", "/"),
    ("sol", "club-home", CLUB),
    ("rowan", "club-home-admin", CLUB),
    ("sol", "members", CLUB + "members/"),
    ("sol", "search", CLUB + "search/?q=border"),
    ("sol", "settings", "/settings/"),
    ("sol", "notifications", "/notifications/"),
    ("rowan", "club-settings", CLUB + "manage/"),
    ("rowan", "join-requests", CLUB + "manage/requests/"),
    ("rowan", "invitations", CLUB + "manage/invitations/"),
]
# (who, name, start, links to follow in turn; None follows the first thread link)
FOLLOW = [
    ("sol", "schedule", CLUB, ["Not Your Rescue Project"]),
    ("sol", "discussions", CLUB, ["All discussions"]),
    ("sol", "thread", CLUB, ["All discussions", None]),
    ("mei", "thread-ahead", CLUB, ["All discussions", None]),
    ("rowan", "schedule-edit", CLUB, ["Not Your Rescue Project", "Edit schedule"]),
    ("sol", "profile-card", CLUB + "members/", ["Mei"]),
    ("sol", "themes", CLUB, ["Not Your Rescue Project", "Themes"]),
]


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
    except TimeoutError:
        server.terminate()
        raise SystemExit("the server did not start") from None
    return server, base


def _log_in(context, base: str, who: str) -> None:
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(f"{who}@demo.bookclub.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    page.close()


def _shoot(page, name: str, width: int) -> None:
    page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    env = {**os.environ, "DEBUG": "1", "EMBEDDED_DATABASE_NAME": "bookclub_screenshots"}
    server, base = _start_server(env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for width in (1280, 375):
                contexts = {}
                for who in (None, "sol", "mei", "rowan"):
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    if who:
                        _log_in(context, base, who)
                    contexts[who] = context
                for who, name, path in PAGES:
                    page = contexts[who].new_page()
                    page.goto(base + path)
                    _shoot(page, name, width)
                    page.close()
                for who, name, path, links in FOLLOW:
                    page = contexts[who].new_page()
                    page.goto(base + path)
                    for link in links:
                        target = (
                            page.locator("main").get_by_role("link", name=link, exact=True).first
                            if link
                            else page.locator("main a[href*='/t/']:visible").first
                        )
                        if not target.count():
                            print(f"not found: {link or 'a thread link'} on {page.url}")
                            break
                        target.click()
                        page.wait_for_load_state()
                    else:
                        _shoot(page, name, width)
                    page.close()
                for context in contexts.values():
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"screenshots saved in {OUT}")


if __name__ == "__main__":
    main()
