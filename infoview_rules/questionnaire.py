"""`infoview ask`: the questions of questions.toml, asked one at a time.

Only questions that can still change the advice are asked (relevance.py).
At any prompt: `?` explains the question, `back` returns to the previous one.
A review before the verdict lets the person change any answer.
"""

import re

import click

from .because import format_because
from .phrases import read_goals
from .relevance import Relevance

HELP_LINE = "  ? why this question · back to go back"


class Leave(Exception):
    """The person left (end of input): exit with `code`, nothing saved."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Questionnaire:
    def __init__(self, advisor, read, write, color=False, start=None):
        self.advisor = advisor
        self.rules = advisor.rules
        self.relevance = Relevance(self.rules)
        self.read = read  # () -> line without newline, or None at end of input
        self.write = write
        self.color = color
        self.questions = [q for q in self.rules.questions if q.type != "text"]
        self.answers = dict(start or {})
        self.history = []  # fields asked, in the order they were answered
        self.skipped = []

    # -- output helpers -------------------------------------------------------
    def style(self, text, **kw):
        return click.style(text, **kw) if self.color else text

    def prompt(self):
        self.write("> ", nl=False)
        line = self.read()
        if line is None:
            self.write("")
            raise Leave(1, "end of input: you left before the verdict; nothing was saved")
        return line.strip()

    # -- the flow ---------------------------------------------------------------
    def next_question(self):
        for q in self.questions:
            if q.field in self.answers:
                continue
            if self.relevance.matters(q.field, self.answers):
                return q
        return None

    def run(self):
        """Ask until every question that matters is answered and reviewed; return the answers."""
        while True:
            self._ask_remaining()
            if self._review():
                return self.complete_answers()

    def _ask_remaining(self):
        while (q := self.next_question()) is not None:
            self._note_skips(q)
            if self.ask(q) == "back":
                self._go_back()
        self._note_skips(None)

    def _note_skips(self, upto):
        """Tell, once, about each question skipped before `upto` (None: all)."""
        for q in self.questions:
            if q is upto:
                return
            if q.field not in self.answers and q.field not in self.skipped:
                self.skipped.append(q.field)
                self.write(self.style(f"(Not asking \u201c{q.text}\u201d: its answer cannot change the advice now.)", dim=True))

    def _go_back(self):
        if not self.history:
            self.write("This is the first question; there is nothing to go back to.")
            return
        field = self.history.pop()
        self.answers.pop(field, None)
        if field == "goals":
            self.answers.pop("goal_text", None)
        # questions skipped since may matter again once that answer changes
        self.skipped = [f for f in self.skipped if f in self.answers]

    def ask(self, q):
        """Ask one question until it gets a valid answer; 'back' if the person went back."""
        number = self.questions.index(q) + 1
        self.write("")
        self.write(self.style(f"[{number}/{len(self.questions)}] {q.text}", bold=True))
        for i, label in enumerate(q.labels, 1):
            self.write(f"  {i}) {label}")
        if q.type == "multi":
            extra = ", or your own words" if q.free_text else ""
            self.write(f"  Pick any: numbers like 1,3 (Enter for none){extra}.")
        else:
            self.write("  Pick one: a number or the value.")
        self.write(self.style(HELP_LINE, dim=True))
        while True:
            line = self.prompt()
            if line == "?":
                self.explain(q)
                continue
            if line.lower() == "back":
                return "back"
            error = self._take(q, line)
            if error is None:
                if q.field not in self.history:
                    self.history.append(q.field)
                return "answered"
            self.write(error)

    def _take(self, q, line):
        """Store the answer in `line`; an explanation if it is not one."""
        if q.type == "choice":
            value = self._choice(q, line)
            if value is None:
                return f"Please pick one of 1-{len(q.values)} (or {', '.join(q.values)}); ? explains the question."
            self.answers[q.field] = value
            return None
        tokens = [t for t in re.split(r"[,\s]+", line) if t]
        values = [self._choice(q, t) for t in tokens]
        if all(v is not None for v in values):
            if len(set(values)) != len(values):
                return "Each choice once, please."
            self.answers[q.field] = [v for v in q.values if v in values]
            if q.free_text:
                self.answers.pop(q.free_text, None)  # numbers replace earlier own words
            return None
        if not q.free_text:
            return f"Please pick numbers from 1-{len(q.values)}, separated by commas, or press Enter for none."
        return self._own_words(q, line)

    def _own_words(self, q, text):
        limit = self.rules.schema.fields[q.free_text].max_length
        if len(text) > limit:
            return f"That is {len(text)} characters; please keep it under {limit}."
        found = read_goals(text, self.rules.phrases, q.values)
        if not found:
            return "I could not read a goal in that. Pick numbers, or say it another way."
        labels = dict(zip(q.values, q.labels))
        shown = "; ".join(f'{labels[m.goal]} (from "{m.phrase}")' for m in found)
        self.write(f"From your words I read: {shown}.")
        self.write("Is that right? [Y/n]")
        reply = self.prompt().lower()
        if reply not in ("", "y", "yes"):
            return "Then pick numbers, or say it another way."
        self.answers[q.field] = [m.goal for m in found]
        self.answers[q.free_text] = text
        return None

    @staticmethod
    def _choice(q, token):
        token = token.strip().lower()
        if token.isdigit() and 1 <= int(token) <= len(q.values):
            return q.values[int(token) - 1]
        if token in q.values:
            return token
        if set(q.values) == {"yes", "no"} and token in ("y", "n", "true", "false"):
            return "yes" if token in ("y", "true") else "no"
        return None

    def explain(self, q):
        self.write(self.style(f"Why: {q.help}", dim=False))
        depends = self.relevance.depends_on(q.field)
        direct = [f for f in self.rules.findings if any(l.field == q.field for t in f.terms for l in t)]
        if direct:
            self.write("Findings that test it:")
            for f in direct:
                self.write(f"  - {f.id} ({f.kind}): \u201c{f.quote}\u201d ({f.quoted})")
        if any(d.startswith("classification ") for d in depends):
            through = [f.id for f in self.rules.findings if f.id in depends and f not in direct]
            self.write("It also helps decide what the meeting is"
                       + (f", which {len(through)} more findings depend on." if through else "."))
        self.write(f"Quotes from {self.rules.source.attribution()}.")

    # -- review -----------------------------------------------------------------
    def describe(self, q):
        if q.field not in self.answers:
            return "(not asked: it cannot change the advice)"
        value = self.answers[q.field]
        labels = dict(zip(q.values, q.labels))
        if q.type == "multi":
            text = "; ".join(labels[v] for v in value) or "none"
            if q.free_text and self.answers.get(q.free_text):
                text += f' (from your words: "{self.answers[q.free_text]}")'
            return text
        return labels[value]

    def _review(self):
        """Show every answer; True when the person goes on to the verdict."""
        while True:
            self.write("")
            self.write(self.style("Your answers", bold=True))
            for i, q in enumerate(self.questions, 1):
                self.write(f"  {i}) {q.text}  {self.describe(q)}")
            self.write("Change one? Its number, or Enter for the verdict.")
            line = self.prompt()
            if line == "":
                return True
            if line.lower() == "back" and self.history:
                self._go_back()
                return False
            if line.isdigit() and 1 <= int(line) <= len(self.questions):
                q = self.questions[int(line) - 1]
                before = dict(self.answers)
                if self.ask(q) == "back":
                    self.answers = before
                    continue
                # a changed answer can make skipped questions matter again
                self.skipped = [f for f in self.skipped if f in self.answers]
                return False
            self.write(f"Please enter a number from 1-{len(self.questions)}, or press Enter.")

    def complete_answers(self):
        """The answers with questions that were not asked filled in (they cannot change the advice)."""
        complete = {}
        for q in self.rules.questions:
            if q.field in self.answers:
                complete[q.field] = self.answers[q.field]
            elif q.type == "choice":
                complete[q.field] = q.values[-1]
            elif q.type == "multi":
                complete[q.field] = []
        return complete

    def how(self, advice):
        self.write(self.style("What made each finding fire", bold=True))
        if not advice.findings:
            self.write("  No finding fired.")
        for f in advice.findings:
            self.write(f"  {f.id}: because {format_because(f.because)}")
