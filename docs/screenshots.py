"""Screenshots of the page with the tests' Chromium: python docs/screenshots.py [OUT_DIR]

Walks a career changer's session (own words, a recruiter, an open role) and
saves the question, the review and the verdict at 375 px and at desktop width.
docs/verdict.png in the README is the desktop verdict.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import start_chromium, stop_chromium  # noqa: E402
from test_web_browser import Page  # noqa: E402
from webserver import running_server  # noqa: E402

SESSION = [("I did",), ("No",), ("words", "I hope to land a position there and learn how the team works"),
           ("It will lead to a job interview",), ("Yes",), ("A recruiter",), ("No",)]


def full_height(driver, width):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, height)


def shoot(out: Path, width: int, tag: str):
    with running_server() as server:
        driver = start_chromium(width=width, height=900)
        driver.set_window_size(width, 900)  # the command line's --window-size stops at 500 px
        try:
            page = Page(driver, server.url)
            page.start()
            assert driver.execute_script("return window.innerWidth") == width
            page.driver.save_screenshot(str(out / f"question-{tag}.png"))
            for step in SESSION:
                if step[0] == "words":
                    page.answer(words=step[1])
                    page.driver.save_screenshot(str(out / f"own-words-{tag}.png"))
                    page.press("Yes, that is right")
                else:
                    page.answer(*step)
            full_height(driver, width)
            driver.save_screenshot(str(out / f"review-{tag}.png"))
            page.press("See the verdict")
            full_height(driver, width)
            driver.save_screenshot(str(out / f"verdict-{tag}.png"))
        finally:
            stop_chromium(driver)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "shots")
    out.mkdir(parents=True, exist_ok=True)
    shoot(out, 1024, "desktop")
    shoot(out, 375, "phone")
    print(f"screenshots in {out}")
