"""The questionnaire in a real browser: Chromium (Debian's) against a real `infoview serve`.

Each test is one person's session: with the mouse, with the keyboard only,
with JavaScript off, on a phone's width; axe-core checks every kind of page.
"""

import json
import subprocess
import time

import pytest

from browser import axe_script, require_browser, start_chromium, stop_chromium
from webserver import INFOVIEW, running_server


@pytest.fixture(scope="module")
def server():
    with running_server() as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    require_browser()
    driver = start_chromium()
    yield driver
    stop_chromium(driver)


@pytest.fixture
def page(browser, server):
    browser.set_window_size(1280, 900)
    browser.get(server.url)
    return Page(browser, server.url)


class Page:
    """What a person sees and does on the page, by visible text and labels."""

    def __init__(self, driver, url):
        from selenium.webdriver.common.by import By

        self.driver, self.url, self.By = driver, url, By

    def find(self, css):
        return self.driver.find_element(self.By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(self.By.CSS_SELECTOR, css)

    def button(self, text):
        for b in self.all("button, a.button"):
            if " ".join(b.text.split()) == text:  # the accessible name, visually hidden parts included
                return b
        raise AssertionError(f"no button {text!r} on the page: {[b.text for b in self.all('button')]}")

    def press(self, text):
        """Press a button that submits a form, and wait for the next page."""
        self.navigating(self.button(text).click)

    def navigating(self, action):
        wait_for_next_page(self.driver, action)

    def choose(self, *labels):
        for label in labels:
            self.driver.find_element(self.By.XPATH, f"//label[normalize-space()={json.dumps(label)}]").click()

    def question(self):
        found = self.all("legend .text")
        return found[0].text if found else None

    def heading(self):
        return self.find("h1").text if self.all("h1") else None

    def answer(self, *labels, words=None):
        self.choose(*labels)
        if words is not None:
            self.find("#own-words").send_keys(words)
        self.press("Next")

    def text(self):
        return self.find("main").text

    def start(self):
        self.driver.get(self.url)
        self.press("Start the questions")


def wait_for_next_page(driver, action, timeout=60):
    """Do `action` (which submits a form) and wait until the next page has loaded.

    The old page is marked; the wait ends when a loaded page without the mark is
    there. (Waiting for an element to go stale races with Chromium's navigation.)
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.wait import WebDriverWait

    driver.execute_script("window.__infoviewOldPage = true")
    action()

    def loaded(d):
        try:
            return d.execute_script("return !window.__infoviewOldPage && document.readyState === 'complete'")
        except WebDriverException:  # between two pages
            return False

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(loaded)


TEXTBOOK = [("Who asked for this meeting?", "I did"),
            ("Have you applied for, or are you being interviewed for, a role there?", "No"),
            ("What do you want out of it?", "Learn about the company"),
            ("What do you expect to happen?", "I will ask the questions"),
            ("Is a relevant position publicly open there now?", "No"),
            ("Whom will you meet?", "A manager in the area I care about"),
            ("Have you prepared questions to ask?", "Yes")]


def textbook(page):
    page.start()
    for question, label in TEXTBOOK:
        assert page.question() == question
        page.answer(label)
    assert page.heading() == "Check your answers"


def test_textbook_informational_interview(page):
    textbook(page)
    page.press("See the verdict")
    assert page.heading() == "The verdict"
    text = page.text()
    assert text.splitlines()[1] == "What to do"  # the plan first
    assert page.all("ol.plan > li")
    assert "This is an informational interview" in text and "Does not fit" not in text
    assert page.all("figure blockquote") and "Trevor Wilson" in text  # the quotes, with attribution
    assert page.button("Print the verdict")  # JavaScript on: the enhancement is there


def test_company_arranged_chat_skips_with_reasons(page):
    page.start()
    page.answer("The company did")
    skipped = [li.text for li in page.all(".skipped li")]
    assert skipped == ["Not asking \u201cWhat do you want out of it?\u201d, "
                       "\u201cIs a relevant position publicly open there now?\u201d, "
                       "\u201cHave you prepared questions to ask?\u201d: "
                       "their answers cannot change the advice, "
                       "since you said: The company did."]
    assert page.find("legend .step").text == "Question 2 of 4"
    asked, notes = [], []
    while page.heading() != "Check your answers":
        question = page.question()
        notes.append(len(page.all(".skipped li")))
        options = [label.text for label in page.all(".option label")]
        choice = next((o for o in ("No", "They will ask me questions") if o in options), options[0])
        page.answer(choice)
        asked.append(question)
    # a job interview: whether they applied, and whom they meet, pick the questions for its end
    assert asked == ["Have you applied for, or are you being interviewed for, a role there?",
                     "What do you expect to happen?", "Whom will you meet?"]
    assert notes == [1, 0, 0]  # the note once, right after "The company did", not on every later question
    review = page.text()
    assert "\u201cWhat do you want out of it?\u201d" in review and "since you said: The company did." in review
    page.press("See the verdict")
    assert "job interview" in page.text().lower()


def to_goals(page):
    page.start()
    page.answer("I did")
    page.answer("No")
    assert page.question() == "What do you want out of it?"


def test_own_words_confirmed(page):
    to_goals(page)
    page.answer(words="I want to learn how the team works and see if I would fit in")
    assert page.heading() == "Did we read you right?"
    readings = [li.text for li in page.all(".readings li")]
    assert any(r.startswith("Learn about the company") for r in readings)
    page.press("Yes, that is right")
    assert page.question() == "What do you expect to happen?"
    for _, label in TEXTBOOK[3:]:
        page.answer(label)
    assert "from your words" in page.text()
    page.press("See the verdict")
    assert "(from your words \"" in page.text()  # the goals say which words gave them
    from infoview_rules.report import READ_FROM_WORDS

    assert READ_FROM_WORDS in " ".join(page.text().split())  # as the terminal report says it


def test_the_confirm_step_shows_the_progress_and_a_back_like_every_step(page):
    """A trial at 390 px: "Did we read you right?" had no "Question N of M" and no Back."""
    page.driver.set_window_size(390, 844)
    to_goals(page)
    progress = page.find("legend .step").text
    page.answer("Judge whether it would suit me", words="I want to learn how they organise the newsroom")
    assert page.heading() == "Did we read you right?"
    assert page.find("#confirm-step").text == progress == "Question 3 of 7"
    assert page.find("#confirm-step").location["y"] < page.find("h1").location["y"]  # above it, as on a question
    assert no_sideways_scroll(page.driver)
    page.press("Back")
    assert page.question() == "What do you want out of it?" and page.find("legend .step").text == progress
    assert page.find("#own-words").get_attribute("value") == "I want to learn how they organise the newsroom"
    assert page.find("#v-judge_fit").is_selected()  # as filled in
    assert not page.all("#question-notice")  # Back is not "No": nothing said about the reading
    page.press("Next")
    page.press("Yes, that is right")
    assert page.question() == "What do you expect to happen?"


def test_own_words_rejected_then_picked(page):
    page.driver.set_window_size(390, 844)  # a phone, as in the trial that found the person stuck here
    to_goals(page)
    page.answer(words="I hope to land a position there")
    assert [li.text.split(" (")[0] for li in page.all(".readings li")] == ["Get a job there"]
    page.press("No, let me change it")
    assert page.question() == "What do you want out of it?"
    notice = " ".join(page.find("#question-notice").text.split())
    assert notice == ("You said that reading was wrong. The goals we read are ticked, to start from: tick "
                      "every goal you meant and untick the rest (then your words are left out), or change "
                      "your words. We read: Get a job there.")  # reads on its own
    assert page.find("#v-get_job").is_selected()  # ticked, to start from, as in the terminal
    assert "Error" not in page.text()  # saying no is not a mistake
    # a trial: the words were thrown away; they stay, to edit
    assert page.find("#own-words").get_attribute("value") == "I hope to land a position there"
    # a second trial: ticking a goal beside the words, unchanged, left them out without a word. The box
    # is marked while that is so (not cleared), and the review says they were left out
    mark, box = page.find("#own-words-left-out"), page.find("#own-words")
    assert mark.is_displayed() and "left-out" in box.get_attribute("class")  # the goal read is ticked
    page.choose("Get a job there")  # unticked: nothing ticked, the words are to be read again
    assert not mark.is_displayed()
    page.choose("Judge whether it would suit me")
    assert mark.is_displayed() and "left-out" in box.get_attribute("class")
    assert mark.text == "These words will be left out, because you ticked goals. Change them to use them."
    box.send_keys(" soon")  # changed words are read: no mark
    assert not mark.is_displayed() and "left-out" not in box.get_attribute("class")
    box.clear()
    box.send_keys("I hope to land a position there")
    assert mark.is_displayed()
    page.press("Next")  # the words are left out
    assert page.question() == "What do you expect to happen?"
    for _, label in TEXTBOOK[3:]:
        page.answer(label)
    assert "Judge whether it would suit me" in page.text() and "Get a job there" not in page.text()
    assert ("Your words “I hope to land a position there” were left out, because you ticked your goals "
            "instead. Use my words again") in " ".join(page.text().split())
    assert no_sideways_scroll(page.driver)
    page.press("Use my words again")
    assert page.question() == "What do you want out of it?"
    assert page.find("#own-words").get_attribute("value") == "I hope to land a position there"
    page.press("Save the change")
    assert page.heading() == "Did we read you right?"
    page.press("Yes, that is right")
    assert page.heading() == "Check your answers" and "left out" not in page.text()
    assert "Get a job there (from" in page.text()  # the goal read from the words counts now


def test_words_no_goal_is_read_from_then_a_ticked_box_goes_on(page):
    page.driver.set_window_size(390, 844)
    to_goals(page)
    page.answer(words="Coffee on Tuesday with Sam")
    assert "I could not tell from your words" in page.text() and "Coffee on Tuesday with Sam" in page.text()
    assert page.find("#own-words").get_attribute("value") == "Coffee on Tuesday with Sam"  # kept, to edit
    page.answer("Learn about the company")  # what the person in the trial did, stuck until now
    assert page.question() == "What do you expect to happen?"



def test_words_no_goal_is_read_from_beside_a_ticked_box_go_on_at_once(page):
    # a second trial: with a goal already ticked, the error and a second Next said they had done wrong
    page.driver.set_window_size(390, 844)
    to_goals(page)
    page.answer("Learn about the company", words="Coffee on Tuesday with Sam")
    assert page.question() == "What do you expect to happen?"
    assert "Error" not in page.text()

def test_goals_read_from_words_stay_with_the_words_at_a_change(page):
    """A trial: at a change the goals read from confirmed words came back ticked; with the job wish
    edited out of the words, it still counted and was said to be ticked."""
    page.driver.set_window_size(390, 844)
    to_goals(page)
    page.answer(words="i wanna see if the culture is a fit for me and maybe get hired eventually lol")
    assert [li.text.split(" (")[0] for li in page.all(".readings li")] == ["Judge whether it would suit me",
                                                                          "Get a job there"]
    page.press("Yes, that is right")
    for _, label in TEXTBOOK[3:]:
        page.answer(label)
    page.press("Change \u201cWhat do you want out of it?\u201d")
    assert [box.get_attribute("value") for box in page.all("input[name=value]") if box.is_selected()] == []
    box = page.find("#own-words")
    assert box.get_attribute("value").startswith("i wanna see if the culture")
    box.clear()
    box.send_keys("i just wanna see if the culture is a fit for me")
    page.press("Save the change")
    assert page.heading() == "Did we read you right?"
    assert "Also ticked in the list" not in page.text() and "Get a job there" not in page.text()
    page.press("Yes, that is right")
    assert page.heading() == "Check your answers"
    assert "Judge whether it would suit me" in page.text() and "Get a job there" not in page.text()
    page.press("See the verdict")
    assert "Get a job there" not in page.text()


def test_back_then_a_change_at_the_review(page):
    page.start()
    page.answer("I did")
    page.answer("No")
    page.press("Back")
    assert page.question() == TEXTBOOK[1][0]
    assert page.find("#v-no").is_selected()  # going back keeps the answer
    page.press("Next")
    for _, label in TEXTBOOK[2:]:
        page.answer(label)
    page.press("Change \u201cWhom will you meet?\u201d")
    assert page.question() == "Whom will you meet?"
    assert page.find("#v-manager").is_selected()
    page.choose("A recruiter")
    page.press("Save the change")
    assert page.heading() == "Check your answers"
    assert "A recruiter" in page.text()
    page.press("See the verdict")
    assert "recruiter" in page.text().lower()


def test_download_then_infoview_check_accepts_it(server, tmp_path):
    require_browser()
    driver = start_chromium(downloads=tmp_path)
    try:
        page = Page(driver, server.url)
        textbook(page)
        page.button("Download the answers (.toml)").click()  # a download: the page stays
        target = tmp_path / "infoview-answers.toml"
        deadline = time.monotonic() + 20
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert target.exists(), list(tmp_path.iterdir())
    finally:
        stop_chromium(driver)
    result = subprocess.run([INFOVIEW, "check", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 scenario passed" in result.stdout
    advised = subprocess.run([INFOVIEW, "advise", str(target)], capture_output=True, text=True)
    assert advised.returncode == 0, advised.stderr
    assert advised.stdout.startswith("What to do")


def test_upload_to_resume_and_a_bad_upload(page, tmp_path):
    good = tmp_path / "mine.json"
    good.write_text(json.dumps({"requested_by": "me", "in_hiring_process": "no", "goals": ["judge_fit"]}))
    bad = tmp_path / "broken.toml"
    bad.write_text('requested_by = "boss"\n')
    page.find("#answers-file").send_keys(str(bad))
    page.press("Upload and go on")
    error = page.find("#answers-file-error")
    assert error.text == ("Error: broken.toml: field 'requested_by': unknown value 'boss' "
                          "(allowed values: me, company)")
    assert page.find("#answers-file").get_attribute("aria-describedby") == "answers-file-error"
    assert page.driver.switch_to.active_element == page.find("#answers-file")  # focus is on the field to fix
    page.find("#answers-file").send_keys(str(good))
    page.press("Upload and go on")
    assert page.question() == "What do you expect to happen?"


def test_javascript_off_whole_session(server):
    require_browser()
    driver = start_chromium(javascript=False)
    try:
        page = Page(driver, server.url)
        textbook(page)
        page.press("See the verdict")
        assert page.heading() == "The verdict"
        assert page.all("ol.plan > li") and "Does not fit" not in page.text()
        assert not [b for b in page.all("button") if b.text == "Print the verdict"]  # no script ran
    finally:
        stop_chromium(driver)


def no_sideways_scroll(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_width_375(page):
    page.driver.set_window_size(375, 812)
    assert page.driver.execute_script("return window.innerWidth") == 375
    assert no_sideways_scroll(page.driver)
    page.start()
    for question, label in TEXTBOOK:
        assert no_sideways_scroll(page.driver), question
        next_button = page.button("Next")
        assert next_button.size["width"] >= 300  # a full-width button a thumb can hit
        page.answer(label)
    assert no_sideways_scroll(page.driver)
    page.press("See the verdict")
    assert no_sideways_scroll(page.driver)
    assert page.driver.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)") >= 16


def test_page_not_found_at_phone_width_leads_back_to_the_start(page):
    page.driver.set_window_size(375, 812)
    page.driver.get(page.url + "no-such-page")
    assert page.heading() == "Page not found"
    assert no_sideways_scroll(page.driver)
    assert page.find("header.site").is_displayed()  # the same page frame as every other page
    page.navigating(page.button("Go to the start page").click)
    assert page.button("Start the questions")


def focused(driver):
    return driver.execute_script(
        "var e = document.activeElement; return e.tagName.toLowerCase() + ':' + "
        "(e.id || (e.textContent || '').trim().split('\\n')[0] || e.getAttribute('type'))")


def tab(driver, times=1):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(times):
        ActionChains(driver).send_keys(Keys.TAB).perform()
    return focused(driver)


def keys(driver, *sequence):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def send():
        ActionChains(driver).send_keys(*sequence).perform()

    if sequence[-1] == Keys.ENTER:  # Enter submits: wait for the next page
        wait_for_next_page(driver, send)
    else:
        send()


def keyboard_pick(page, label):
    """Reach the answer labelled `label` with Tab (and arrows in a radio group), choose it and go on."""
    from selenium.webdriver.common.keys import Keys

    d = page.driver
    target = d.find_element(page.By.XPATH, f"//label[normalize-space()={json.dumps(label)}]").get_attribute("for")
    radio = page.find(f"#{target}").get_attribute("type") == "radio"
    d.execute_script("document.activeElement.blur()")
    for _ in range(12):
        now = tab(d)
        if now == f"input:{target}":
            break
        if radio and now.startswith("input:v-"):
            for _ in range(6):
                keys(d, Keys.ARROW_DOWN)  # arrows move (and choose) within a radio group
                if focused(d) == f"input:{target}":
                    break
            break
    assert focused(d) == f"input:{target}"
    if radio:
        keys(d, Keys.SPACE, Keys.ENTER)  # Enter in a form presses its first button: Next
        return
    keys(d, Keys.SPACE)
    for _ in range(12):
        if tab(d) == "button:Next":
            break
    keys(d, Keys.ENTER)


def test_keyboard_only(page):
    from selenium.webdriver.common.keys import Keys

    d = page.driver
    order = [tab(d) for _ in range(6)]
    assert order == ["a:Skip to the content", "a:infoview", "button:Start the questions", "input:answers-file",
                     "button:Upload and go on", "a:Job Interviews vs. Informational Interviews"]
    d.get(page.url)
    assert tab(d, 3) == "button:Start the questions"
    keys(d, Keys.ENTER)
    assert page.question() == TEXTBOOK[0][0]
    order = [tab(d) for _ in range(6)]
    assert order == ["a:Skip to the content", "a:infoview", "input:v-me", "button:Next",
                     "summary:Why this question?", "a:Job Interviews vs. Informational Interviews"]
    keyboard_pick(page, "I did")
    assert page.question() == TEXTBOOK[1][0]
    keyboard_pick(page, "No")
    assert page.question() == TEXTBOOK[2][0]
    keyboard_pick(page, "Learn about the company")
    assert page.question() == TEXTBOOK[3][0]
    d.execute_script("document.activeElement.blur()")
    order = [tab(d) for _ in range(10)]
    assert order[2:9] == ["input:v-ask_questions", "input:v-be_asked_questions", "input:v-job_interview_next",
                          "input:v-job_offer", "input:v-future_consideration", "button:Next", "button:Back"]
    d.execute_script("document.activeElement.blur()")
    while tab(d) != "button:Back":
        pass
    keys(d, Keys.ENTER)  # back to the goals, with the ticked box still ticked
    assert page.question() == TEXTBOOK[2][0]
    assert page.find("#v-learn_about_company").is_selected()
    keyboard_pick(page, "Judge whether it would suit me")
    for question, label in TEXTBOOK[3:]:
        assert page.question() == question
        keyboard_pick(page, label)
    assert page.heading() == "Check your answers"
    assert "Learn about the company; Judge whether it would suit me" in page.text()
    while tab(d) != "button:See the verdict":
        pass
    keys(d, Keys.ENTER)
    assert page.heading() == "The verdict"


AXE_PAGES = ["start", "question", "question with an error", "own words", "review", "verdict", "bad upload",
             "page not found", "words marked left out", "review, words left out"]


def walk_to(page, name, tmp_path):
    if name == "page not found":
        page.driver.get(page.url + "no-such-page")
        return
    page.driver.get(page.url)
    if name == "start":
        return
    if name == "bad upload":
        bad = tmp_path / "bad.json"
        bad.write_text("[]")
        page.find("#answers-file").send_keys(str(bad))
        page.press("Upload and go on")
        return
    page.press("Start the questions")
    if name == "question":
        return
    if name == "question with an error":
        page.press("Next")
        return
    page.answer("I did")
    page.answer("No")
    if name == "own words":  # the confirm step, with a goal ticked beside the words: named there too
        page.answer("Get a job there", words="I want to learn about the company")
        assert "Also ticked in the list: Get a job there." in page.text()
        return
    if name.startswith("words marked left out") or name == "review, words left out":
        page.answer(words="I hope to land a position there")
        page.press("No, let me change it")
        page.choose("Learn about the company")
        assert page.find("#own-words-left-out").is_displayed()
        if name == "words marked left out":
            return
        page.press("Next")
        for _, label in TEXTBOOK[3:]:
            page.answer(label)
        assert page.button("Use my words again")
        return
    for _, label in TEXTBOOK[2:]:
        page.answer(label)
    if name == "verdict":
        page.press("See the verdict")


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violations(page, tmp_path, width):
    page.driver.set_window_size(width, 900)
    script = axe_script()
    found = {}
    for name in AXE_PAGES:
        walk_to(page, name, tmp_path)
        page.driver.execute_script(script)
        result = page.driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r); },"
            " function (e) { done({error: String(e)}); });")
        assert "error" not in result, result
        assert result["passes"] or result["violations"] or result["incomplete"] is not None
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        if violations:
            found[name] = violations
    assert found == {}
