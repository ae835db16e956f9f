"""The questionnaire as one model, with no input and no output.

`infoview ask` (the terminal) and `infoview serve` (the web page) both drive
this model, so a fix to the flow lands in both. Nothing here keeps state
between calls: everything is rebuilt from plain data that a web page can carry
in a form, a terminal in two variables:

- ``answers``: a dict of the answers given so far, as in the contract (maybe
  partial; ``goals`` holds the goals ticked, ``goal_text`` own words that more
  goals are read from, as the advisor reads them: ``Flow.counted`` gives both);
- a :class:`Position`: which question is on screen (``at``, ``None`` for "the
  next one that matters") and whether answering it walks on through the later
  answers (after *back*) or returns straight to the review (a change there).
  ``Position.to_dict()``/``Position.from_dict()`` turn it into plain data.

A session, in outline::

    flow = Flow(advisor.rules)
    answers, position = flow.start(saved_or_empty_dict), Position()
    while (step := flow.step(answers, position)).question is not None:
        # show step.question with step.default selected, step.number/step.total,
        # and step.skips (the questions not asked, with the reason)
        parsed = flow.parse(step.question, typed_text, default=step.default)
        if parsed.error: show parsed.error (and parsed.offer_list: the choices)
        elif parsed.reading: confirm parsed.reading.describe(); on yes (the goals answer holds
            what was ticked; the goals read stay with the words, as the advisor reads them):
            answers, position = flow.answer(answers, position, step.question.field,
                                            ticked, text=parsed.reading.text)
        else:
            answers, position = flow.answer(answers, position, step.question.field, parsed.value)
        # or: answers, position = flow.back(answers, position)
    rows, skipped = flow.review(answers), flow.skipped(answers)
    # a change at the review: position = flow.change(field), then the loop again
    complete = flow.complete(answers)      # every field, for Advisor.advise
    text = flow.saved_file(complete, advice, name)   # the one saved format

Which questions are asked is decided from the rules by relevance.py: a
question is asked only when its answer can still change the advice given the
answers to the questions before it. Answers are never thrown away: going back
or changing an answer keeps every other answer (it becomes the default when
that question comes round again).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InputError, did_you_mean
from .phrases import PhraseMatch, read_goals_explained, someone_elses_words, unread_message
from .relevance import Relevance

# -- yes and no, in the ways people type them -----------------------------------

YES = frozenset({
    "y", "yes", "yeah", "yea", "yep", "yup", "ya", "yah", "yess", "ye", "sure", "ok", "okay", "k", "kk",
    "right", "correct", "true", "1", "aye", "indeed", "absolutely", "definitely", "certainly",
    "fine", "alright", "affirmative", "exactly", "agreed", "yes please", "of course", "that's right",
    "thats right", "sounds right", "looks right", "looks good", "sounds good", "all right", "that's it",
    "thats it", "yes that's right", "spot on", "perfect", "good",
})
NO = frozenset({
    "n", "no", "nope", "nah", "na", "false", "0", "wrong", "incorrect", "never", "negative",
    "not really", "no thanks", "no thank you", "not quite", "not right", "that's wrong", "thats wrong",
    "not at all", "no way", "nay", "not exactly", "no it's not", "no it isn't",
})
_YES_FIRST = frozenset({"y", "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "right", "correct", "absolutely",
                        "definitely", "certainly", "exactly", "perfect"})
_NO_FIRST = frozenset({"n", "no", "nope", "nah", "wrong", "incorrect"})
_NEGATIONS = frozenset({"not", "no", "nope", "don't", "isn't", "wrong", "incorrect", "never", "nothing"})


def _words(text: str) -> str:
    """Lower case, apostrophes (straight, curly or none) dropped, other punctuation a space."""
    text = re.sub(r"['\u2019\u2018`]", "", text.strip().lower())
    text = re.sub(r"[^\w ]+", " ", text)
    return " ".join(text.split())


YES, NO, _NEGATIONS = (frozenset(_words(w) for w in words) for words in (YES, NO, _NEGATIONS))


def yes_no(text: str, default: bool | None = None) -> bool | None:
    """True for a yes ("y", "ok", "sure", "yeah", "yes please", ...), False for a
    no ("n", "nope", "not really", ...), `default` for an empty reply, None when
    it is neither (ask again)."""
    said = _words(text)
    if not said:
        return default
    if said in YES:
        return True
    if said in NO:
        return False
    words = said.split()
    negated = any(w in _NEGATIONS for w in words[1:])
    if words[0] in _NO_FIRST:
        return False
    if words[0] in _YES_FIRST:
        return None if negated else True
    return None


# a clear yes or no at the prompts' yes/no questions, or what to say before asking again: short, a
# line under the prompt. A question that says what each answer does ("yes to keep these goals, or no
# to pick the ones you meant") says it there instead of "yes or no": a bare "Please answer yes or no"
# told a person unsure of the reading nothing of what "no" would let them do
YES_OR_NO = "Please answer yes or no."
JUST_YES_OR_NO = "Please answer just yes or no."  # for a yes or no with more words after it
# words that may follow a yes (or a no) without making it less plain: "yes, that's right", "no thanks"
_AGREEING = frozenset(_words(w) for w in (
    "yes yeah yep yup sure ok okay fine good great perfect exactly correct right true indeed absolutely "
    "definitely certainly that's that it is it's does do i think so agree please thanks thank you "
    "looks sounds spot on all of course thing cool").split())
_DENYING = frozenset(_words(w) for w in (
    "no nope nah not never it is isn't it's that's that does doesn't don't really quite at all way "
    "wrong incorrect thanks thank you sorry please").split())


def plainly(text: str) -> bool | None:
    """True for a reply that is a yes and nothing else, in any usual spelling ("yeah", "yes please"), False
    for a no ("n", "no thanks"), None for anything else. Stricter than yes_no, which takes the first word:
    where a file's name is typed, "no-show notes.toml" is a name, and only a bare no is not."""
    said = _words(text)
    return True if said in YES else False if said in NO else None


def is_help(text: str) -> bool:
    """`?`, `??` or help: a question about the question, not an answer to it."""
    said = text.strip().lower()
    return said == "help" or (said != "" and set(said) <= {"?"})


def clear_yes_no(text: str, default: bool | None = None, what: str = "") -> tuple[bool | None, str]:
    """(the answer, "") for a plain yes or no in any usual spelling (`default` for nothing typed);
    (None, what to say) for anything else, such as "kind of", "??" or a yes with a wish after it
    ("yes but also I want a job"): those are asked again, never taken as one or the other. `what`:
    what each answer does, said in place of "yes or no" ("yes to keep these goals, or no to ...")."""
    unclear = f"Please answer {what}." if what else YES_OR_NO
    if not text.strip():
        return (default, "") if default is not None else (None, unclear)
    answer, said = yes_no(text, default), _words(text)
    if answer is None or not said:
        return None, unclear
    rest = set(said.split()[1:])
    plain = _AGREEING if answer else _DENYING
    if said in (YES if answer else NO) or rest <= plain:
        return answer, ""
    return None, f"Please answer just {what}." if what else JUST_YES_OR_NO


# -- plain data the UIs show -----------------------------------------------------

# an answer with nothing ticked, as the reviews (terminal and web) show it: sentence case, like the labels
NOTHING_CHOSEN = "None"


@dataclass(frozen=True)
class Position:
    """Where the person is: the question on screen, and where answering it leads.

    ``at``: the field of the question on screen, or None for the next unanswered
    question that matters (the review when there is none).
    ``walk``: after answering ``at``, go on to the next question already answered
    (True, after *back*), or on to the next unanswered question that matters and
    then the review (False: the first time through, and a change at the review).
    """

    at: str | None = None
    walk: bool = False

    def to_dict(self) -> dict:
        return {"at": self.at, "walk": self.walk}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Position":
        data = data or {}
        at = data.get("at") or None
        walk = data.get("walk")
        if isinstance(walk, str):  # from a form field
            walk = walk.strip().lower() in ("1", "true", "yes", "on")
        return cls(at if isinstance(at, str) else None, walk is True)


@dataclass(frozen=True)
class Skip:
    """A question not asked: `because` holds the earlier answers (field -> value)
    that leave its answer unable to change the advice."""

    question: Any
    because: dict


@dataclass(frozen=True)
class Step:
    """What to show now. `question` None means: every question that matters is
    answered; show the review."""

    question: Any
    number: int = 0  # this question's place among the questions asked
    # how many questions can be asked, given the answers to the questions before this one: not on its own
    # answer, nor a later one, which are still to give (see Flow.counted_at)
    total: int = 0
    default: Any = None  # the current answer (a value, or a list): shown and kept on Enter
    default_text: str | None = None  # own words more goals are read from (beside `default`, those ticked)
    skips: tuple = ()  # every unanswered question that is not asked (more answers never bring one back)
    can_go_back: bool = False


@dataclass(frozen=True)
class Reading:
    """Goals read from a person's own words, to be confirmed before they count."""

    text: str
    matches: tuple  # PhraseMatch, in goal order
    goals: tuple  # the goal values
    # words a phrase rule took for a goal that the goal model weighed against (PhraseMatch, in goal
    # order): said at the confirm step, so that a person who meant that goal can say no and tick it
    declined: tuple = ()

    def describe(self, labels: dict) -> str:
        return "; ".join(f'{labels[m.goal]} (from "{m.phrase}")' for m in self.matches)

    def also_ticked(self, labels: dict, ticked: Collection[str] = ()) -> str:
        """Every goal ticked beside the words, in the list's order, said at the confirm step; "" if none.
        Trials: with only the goals read listed there, a goal ticked but not read seemed lost; and a
        goal ticked and read as well went unnamed here, so the person could not see that their tick
        counted (it does, and it stays when the words change). Said as what the list holds, not as "You also
        ticked": after a "no" the goals read are ticked for the person, and a trial took it for a tick never made."""
        chosen = [labels[g] for g in labels if g in ticked]
        return f"Also ticked in the list: {'; '.join(chosen)}." if chosen else ""

    def not_read(self, labels: dict, fix: str, reader: str = "I", ticked=()) -> list:
        """One plain sentence for each of the `declined` words: the words, the goal they seemed
        to name, that it was not counted, and `fix` (how to tick it); none for a goal ticked already."""
        return [f"\u201c{m.phrase}\u201d sounded like \u201c{labels[m.goal]}\u201d, but {reader} did not count it "
                f"as one of your goals; if you meant it, {fix}." for m in self.declined if m.goal not in ticked]


@dataclass(frozen=True)
class Parsed:
    """A typed reply, read: a `value`, goals `reading` to confirm, or an `error`.

    With an error, `offer_list` says the choices should be shown again.
    """

    value: Any = None
    error: str = ""
    reading: Reading | None = None
    offer_list: bool = False

    @property
    def ok(self) -> bool:
        return not self.error and self.reading is None


@dataclass(frozen=True)
class Row:
    """One line of the review: the question, the answer as shown."""

    number: int
    question: Any
    answer: str


# the example of own words that both the terminal's `?` and the web page's hint give
OWN_WORDS_EXAMPLE = "\u201cI want to learn what the team does and whether I would fit in.\u201d"
# words left out because goals were ticked after "No" (a trial: they were dropped without a word): the
# reviews and verdicts of the web page and the terminal say it in these same words, as does the saved file
LEFT_OUT = "Your words \u201c{words}\u201d were left out, because you ticked your goals instead."
# own words typed at a question still to answer when the person left (`q` after "no", say): kept in a file
# saved before the verdict, as LEFT_OUT is, to be there to edit when the question is asked again
LEFT_UNUSED = "Your words \u201c{words}\u201d are not used yet: you left before choosing your goals."
# at the review and the verdict, words left out are quoted up to this many characters (a trial: a
# paragraph was quoted whole three times over); a saved file keeps them whole, to be used again
LEFT_OUT_SHOWN = 100


def shown_words(words: str, limit: int = LEFT_OUT_SHOWN) -> str:
    """`words` on one line; if longer than `limit` characters, cut after a whole word, with an ellipsis."""
    flat = " ".join(words.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:.!?") + "\u2026"


@dataclass(frozen=True)
class Explanation:
    """Why a question is asked (the `?` of a prompt)."""

    why: str
    findings: tuple  # the finding rules that test this answer directly (each with its quote)
    through_classification: int  # how many other findings depend on it through what the meeting is
    all_findings: int  # how many findings there are in all
    decides_classification: bool
    attribution: str  # to show only when some quote is shown
    quotes: tuple = ()  # the article's words behind `findings`, once each, its slips marked [sic]

    def lines(self) -> list[str]:
        """The explanation as plain sentences (the UIs style and wrap them): no finding
        ids, passage numbers or field names, which mean nothing to a job seeker."""
        out = [f"Why: {self.why}"]
        if self.findings:
            n = len(self.findings)
            out.append(f"{n} piece{'s' if n != 1 else ''} of advice depend{'' if n != 1 else 's'} on your answer directly; "
                       f"the article's words behind {'them' if n != 1 else 'it'}:")
            out.extend(f"  - \u201c{quote}\u201d" for quote in self.quotes)
        if self.decides_classification:
            n = self.through_classification
            if n and n == self.all_findings:
                tail = f", which all {n} pieces of advice depend on."
            elif n:
                tail = f", which {n} other piece{'s' if n != 1 else ''} of advice depend{'' if n != 1 else 's'} on."
            else:
                tail = "."
            out.append(("It also helps decide" if self.findings else "It helps decide") + " what the meeting is" + tail)
        if self.findings:
            out.append(f"Quotes from {self.attribution}.")
        return out


class Flow:
    """The questionnaire over one rule set: questions, skips, back, review, save."""

    def __init__(self, rules):
        self.rules = rules
        self.schema = rules.schema
        self.relevance = Relevance(rules)
        self.questions = [q for q in rules.questions if q.type != "text"]
        self._by_field = {q.field: q for q in rules.questions}
        self._index = {q.field: i for i, q in enumerate(self.questions)}
        # own words read as the advisor reads them, once per text: the review is drawn again and
        # again, and a reading with the goal model costs tens of milliseconds
        self._read_explained = functools.lru_cache(maxsize=32)(self._read_uncached)

    # -- questions --------------------------------------------------------------
    def question(self, name: str):
        """The question that asks for field `name` (KeyError if none)."""
        return self._by_field[name]

    def labels(self, question) -> dict:
        return dict(zip(question.values, question.labels))

    def start(self, data: dict | None) -> dict:
        """Validated (maybe partial) answers to start from; InputError names the problem."""
        return self.schema.validate(dict(data or {}), partial=True)

    def _earlier(self, name: str, answers: dict) -> dict:
        """The answers to the questions before `name` (what decides whether it is asked)."""
        index = self._index[name]
        counted = self.counted(answers)  # goals read from own words count, as the advisor counts them
        return {q.field: counted[q.field] for q in self.questions[:index] if q.field in answers}

    def in_play(self, name: str, answers: dict) -> bool:
        """Is question `name` asked: can its answer change the advice, given the earlier answers?"""
        return self.relevance.matters(name, self._earlier(name, answers))

    def asked(self, answers: dict) -> list:
        """The questions asked (or still to ask), in order, given `answers`."""
        return [q for q in self.questions if self.in_play(q.field, answers)]

    def next_unanswered(self, answers: dict):
        for q in self.questions:
            if q.field not in answers and self.in_play(q.field, answers):
                return q
        return None

    def missing(self, answers: dict, required_only: bool = False) -> list:
        """Questions that are asked but not answered (for --no-input: only required ones)."""
        return [q for q in self.asked(answers)
                if q.field not in answers and (q.required or not required_only)]

    # -- skips ------------------------------------------------------------------
    def skip_reason(self, name: str, answers: dict) -> dict:
        """The fewest earlier answers that leave question `name` unable to change the advice.

        Drawn from the first answers, in question order, that already settle it: the
        reason said when the question was skipped is the one the review says later,
        not one that a later answer happens to settle too."""
        earlier = self._earlier(name, answers)
        because = earlier
        for end in range(1, len(earlier) + 1):
            first = dict(list(earlier.items())[:end])
            if not self.relevance.matters(name, first):
                because = first
                break
        for key in list(because):
            trial = {k: v for k, v in because.items() if k != key}
            if not self.relevance.matters(name, trial):
                because = trial
        return because

    def skipped(self, answers: dict, before: str | None = None) -> list:
        """Unanswered questions (before question `before`, or all) that are not asked, with the reason."""
        stop = self._index[before] if before is not None else len(self.questions)
        return [Skip(q, self.skip_reason(q.field, answers)) for q in self.questions[:stop]
                if q.field not in answers and not self.in_play(q.field, answers)]

    def because_text(self, because: dict) -> str:
        """The answers of a skip reason as a person gave them: 'The company did'."""
        parts = []
        for name, value in because.items():
            q = self.question(name)
            shown = self.describe(q, value)
            if set(q.values) <= {"yes", "no"} or value == []:  # a bare "Yes" or "None" does not say what it answers
                shown = f"{q.text} {shown}"
            parts.append(shown)
        return "; ".join(parts)

    @staticmethod
    def group_skips(skips) -> list:
        """Skips with the same reason together: [(because, [questions])], in order."""
        groups: list[tuple[dict, list]] = []
        for skip in skips:
            for because, questions in groups:
                if because == skip.because:
                    questions.append(skip.question)
                    break
            else:
                groups.append((skip.because, [skip.question]))
        return groups

    # -- the steps ----------------------------------------------------------------
    def step(self, answers: dict, position: Position | None = None) -> Step:
        """What to show, given the answers and the position."""
        position = position or Position()
        q = None
        if position.at is not None and position.at in self._index:
            q = self.question(position.at)
        if q is None:
            q = self.next_unanswered(answers)
        if q is None:
            return Step(None, skips=tuple(self.skipped(answers)), can_go_back=bool(self.asked(answers)))
        asked = self.counted_at(answers, q.field)
        number = asked.index(q) + 1
        return Step(
            q, number, len(asked),
            default=answers.get(q.field),
            default_text=answers.get(q.free_text) if q.free_text else None,
            skips=tuple(self.skipped(answers)),
            can_go_back=self.previous(answers, q.field) is not None,
        )

    def counted_at(self, answers: dict, name: str) -> list:
        """The questions the counter at question `name` counts ("[2/7]"): those that can be asked given the
        answers to the questions before it. Its own answer and later ones do not count: they are still to
        give, after back or at a change from the review. A new user's trial: a change at the review showed
        "[1/4]", counted on the very answer being changed, and then "[3/7]". So counted, a total never grows
        as the person goes on; it falls only right after an answer that leaves questions out (left_the_count)."""
        index = self._index[name]
        owner = {q.free_text: q.field for q in self.questions if q.free_text}  # own words go with their question
        settled = {k: v for k, v in answers.items() if self._index.get(owner.get(k, k), index) < index}
        asked = self.asked(settled)
        if self.question(name) not in asked:  # a change at the review to a question not asked now: still show it
            asked = sorted(asked + [self.question(name)], key=lambda x: self._index[x.field])
        return asked

    def left_the_count(self, answers: dict, before: str, name: str | None = None) -> list:
        """The questions the counter at question `before` counted that the one at `name` (None: the review,
        where the questions asked are counted) does not, as Skips with their reasons: an answer in between
        left them out, answered or not. Said where the total falls, so that "[1/7]" then "[2/4]" comes with
        its reason also when those questions were answered before (after back), which `skipped` does not list."""
        now = {q.field for q in (self.counted_at(answers, name) if name is not None else self.asked(answers))}
        return [Skip(q, self.skip_reason(q.field, answers))
                for q in self.counted_at(answers, before) if q.field not in now]

    def previous(self, answers: dict, name: str | None) -> str | None:
        """The field of the asked question before `name` (None: before the review), if any."""
        stop = self._index[name] if name is not None else len(self.questions)
        before = [q.field for q in self.questions[:stop] if q.field in answers and self.in_play(q.field, answers)]
        return before[-1] if before else None

    def answer(self, answers: dict, position: Position, name: str, value: Any,
               text: str | None = None) -> tuple[dict, Position]:
        """Store an answer (validated: InputError if it is not one); the new answers and position.

        For a question with a free-text field (goals), `text` is the own words the
        value was read from; without it, earlier own words are dropped.
        """
        q = self.question(name)
        checked = {name: value}
        if q.free_text and text is not None:
            checked[q.free_text] = text
        checked = self.schema.validate(checked, partial=True)
        new = dict(answers)
        new.update(checked)
        if q.free_text and text is None:
            new.pop(q.free_text, None)
        if position.walk:
            following = [x.field for x in self.questions[self._index[name] + 1:]
                         if x.field in new and self.in_play(x.field, new)]
            upcoming = self.next_unanswered(new)
            # walk on through the answers already given, up to the first question not yet answered
            if following and (upcoming is None or self._index[upcoming.field] > self._index[following[0]]):
                return new, Position(following[0], True)
        return new, Position(None, False)

    def back(self, answers: dict, position: Position) -> tuple[dict, Position]:
        """Go to the question before the one on screen; its answer stays as the default.

        From the review (no question on screen), back goes to the last question asked.
        The position is unchanged when there is nothing before.
        """
        step = self.step(answers, position)
        current = step.question.field if step.question is not None else None
        before = self.previous(answers, current)
        if before is None:
            return answers, position
        return answers, Position(before, True)

    def change(self, name: str) -> Position:
        """The position for changing one answer at the review: after it, back to the review."""
        self.question(name)
        return Position(name, False)

    def step_dict(self, step: Step) -> dict:
        """A step as plain JSON-ready data (for an HTTP API or a template)."""
        q = step.question
        skips = [{"because": because, "because_text": self.because_text(because),
                  "questions": [x.text for x in questions]}
                 for because, questions in self.group_skips(step.skips)]
        if q is None:
            return {"question": None, "skips": skips, "can_go_back": step.can_go_back}
        return {
            "question": {
                "field": q.field, "type": q.type, "text": q.text, "help": q.help,
                "choices": [{"value": v, "label": l} for v, l in zip(q.values, q.labels)],
                "free_text": q.free_text or None,
            },
            "number": step.number, "total": step.total,
            "default": step.default, "default_text": step.default_text,
            "skips": skips, "can_go_back": step.can_go_back,
        }

    # -- reading typed replies -------------------------------------------------------
    def _options(self, q) -> list[tuple[str, str]]:
        """(normalized spelling, value) for each way a value may be typed."""
        options = []
        for i, (value, label) in enumerate(zip(q.values, q.labels), 1):
            for spelling in (str(i), value, value.replace("_", " "), label):
                options.append((_words(spelling), value))
        return options

    def _one(self, q, token: str) -> tuple[str | None, str]:
        """(value, '') for a token that names one value, else (None, why not)."""
        said = _words(token)
        if not said:
            return None, "empty"
        for spelling, value in self._options(q):
            if said == spelling:
                return value, ""
        if {"yes", "no"} <= set(q.values):
            reply = yes_no(said)
            if reply is not None:
                return ("yes" if reply else "no"), ""
        if len(said) >= 3 and not said.isdigit():
            # a part of a label as a whole word or words: "recruiter", "don't know"
            found = {value for spelling, value in self._options(q)
                     if re.search(rf"(^| ){re.escape(said)}($| )", spelling)}
            if len(found) == 1:
                return found.pop(), ""
            if len(found) > 1:
                labels = self.labels(q)
                return None, "could be " + " or ".join(f"\u201c{labels[v]}\u201d" for v in q.values if v in found) + "."
        if said.isdigit():
            return None, f"There is no answer {said}."
        return None, ""

    def _unknown(self, q, token: str, why: str) -> str:
        labels = list(q.labels)
        close = difflib.get_close_matches(_words(token), [_words(x) for x in labels + list(q.values)], n=1, cutoff=0.6)
        hint = ""
        if close:
            value = next(v for s, v in self._options(q) if s == close[0])
            hint = f"; did you mean \u201c{self.labels(q)[value]}\u201d?"
        if why.startswith("could be"):
            what = f"\u201c{token.strip()}\u201d {why}"
        elif why:
            what = why
        else:
            what = f"\u201c{token.strip()}\u201d is not one of the answers{hint or '.'}"
        pick = f"pick 1-{len(q.values)}" if q.type == "choice" else f"pick any of 1-{len(q.values)}, like 1,3"
        return f"{what} Please {pick}, or type an answer as shown."

    def parse(self, q, text: str, default: Any = None) -> Parsed:
        """Read a typed reply to question `q`: numbers, values, or the labels as shown.

        An empty reply keeps `default` (a multi-choice question without one: none).
        Words typed at a question with a free-text field (goals) are read as
        goals, returned as a `Reading` to confirm.
        """
        said = text.strip()
        if q.type == "choice":
            if not said:
                if default is not None:
                    return Parsed(default)
                return Parsed(error=f"Please pick one of 1-{len(q.values)}; ? explains the question.", offer_list=True)
            value, why = self._one(q, said)
            if value is None:
                return Parsed(error=self._unknown(q, said, why), offer_list=True)
            return Parsed(value)
        if not said:
            return Parsed(list(default) if default is not None else [])
        if _words(said) in ("none", "nothing", "none of them", "none of these", "0", "no"):
            return Parsed([])
        problems: list[tuple[str, str]] = []
        for splitter in (r"\s*(?:[,;/+&]|\band\b)\s*", r"[\s,;]+"):
            tokens = [t for t in re.split(splitter, said) if t and t.strip()]
            values: list[str] = []
            problem: tuple[str, str] | None = None
            for token in tokens:
                value, why = self._one(q, token)
                if value is None:
                    problem = problem or (token, why)
                    continue
                values.append(value)
            if problem is None and values:
                return Parsed([v for v in q.values if v in values])  # duplicates ("3,3") once, list order
            if problem is not None:
                problems.append(problem)
        if q.free_text and not re.fullmatch(r"[\d\s,;]+", said):  # numbers are picks, not own words
            return self.read_words(q, said)
        token, why = problems[0] if problems else (said, "")  # as split at commas: as the prompt asks
        return Parsed(error=self._unknown(q, token, why), offer_list=True)

    def read_words(self, q, text: str) -> Parsed:
        """Goals read from own words, to confirm; or an honest error offering the list."""
        text = text.strip()
        # a "?" typed first asks for help, it is not a goal: "? I want to learn" reads "I want to learn"
        text = text.lstrip("?").strip() or text
        limit = self.schema.fields[q.free_text].max_length
        if len(text) > limit:
            return Parsed(error=f"That is {len(text)} characters; please keep it to {limit}.")
        found, declined = self._read_explained(text, tuple(q.values))
        if not found:
            # the goal reader words its own honest failure, quoting the text (and whose wish it read)
            others = someone_elses_words(text, self.rules.phrases) if self.rules.phrases else None
            return Parsed(error=unread_message(text, others), offer_list=True)
        return Parsed(reading=Reading(text, tuple(found), tuple(m.goal for m in found), declined))

    def _read_uncached(self, text: str, goal_order: tuple) -> tuple:
        """(the goals read from `text`, the rules' matches the goal model weighed against), as
        the advisor reads them (read_goals), for the verdict's goals are these."""
        if not text or not self.rules.phrases:
            return (), ()
        found, declined = read_goals_explained(text, self.rules.phrases, goal_order)
        return tuple(found), tuple(declined)

    def read_from(self, q, text: str | None) -> dict:
        """{goal: the words that gave it} read from own words `text` at question `q`, as the verdict reads them."""
        if not text or not q.free_text:
            return {}
        return {m.goal: m.phrase for m in self._read_explained(text, tuple(q.values))[0]}

    def counted(self, answers: dict) -> dict:
        """`answers` with the goals read from their own words beside those ticked: the goals the
        advisor counts (it reads goal_text itself), for deciding which questions matter. Never
        stored: the goals answer holds only what was ticked, so that goals read from words stay
        tied to the words (a trial: a job wish taken back out of the words was still counted,
        and said to be ticked). Unchanged when no goal is read from the words."""
        for q in self.questions:
            read = self.read_from(q, answers.get(q.free_text)) if q.free_text else {}
            if read:
                chosen = set(answers.get(q.field, [])) | set(read)
                answers = dict(answers, **{q.field: [v for v in q.values if v in chosen]})
        return answers

    # -- showing answers -------------------------------------------------------------
    def describe(self, q, value: Any, text: str | None = None) -> str:
        """An answer as the person saw it: labels, NOTHING_CHOSEN for an empty list.

        With own words `text` (goals), the goals the verdict counts: those ticked and those
        read from the words, each goal read from the words with the words that gave it, as
        the verdict shows them, and a ticked goal without (a trial: a goal read from the words
        was missing, and a ticked one was shown as if from the words)."""
        labels = self.labels(q)
        if isinstance(value, list):
            read = self.read_from(q, text)
            goals = [v for v in q.values if v in value or v in read]
            shown = "; ".join(labels[v] + (f' (from your words "{read[v]}")' if v in read else "")
                              for v in goals) or NOTHING_CHOSEN
            if text and not read:  # kept beside ticked goals: the verdict says no goal was read from them
                shown += f'; no goal read from your words "{text}"'
            return shown
        return labels.get(value, str(value))

    def review(self, answers: dict) -> list:
        """The review: one row per question asked and answered, numbered as on screen."""
        rows: list[Row] = []
        for q in self.asked(answers):
            if q.field in answers:
                text = answers.get(q.free_text) if q.free_text else None
                rows.append(Row(len(rows) + 1, q, self.describe(q, answers[q.field], text)))
        return rows

    def left_out_notes(self, answers: dict[str, Any], left_out: Mapping[str, str], shown: bool = False) -> dict[str, str]:
        """{field: LEFT_OUT for its words}, for each field of `left_out` (own words left out, by the
        question that asked for them) whose question is asked and answered: a question no longer
        asked has no answer on the review to say it under, and its words cannot change the advice.
        `shown`: for the review and the verdict, long words cut (shown_words); else whole, as saved."""
        asked = {q.field for q in self.asked(answers) if q.field in answers}
        return {field: LEFT_OUT.format(words=shown_words(words) if shown else words)
                for field, words in left_out.items() if field in asked}

    def saved_notes(self, answers: dict[str, Any], left_out: Mapping[str, str]) -> dict[str, str]:
        """{field: sentence} for the own words of `left_out` that a saved file keeps in its description:
        the left_out_notes, and, for a question asked but not answered yet (the person left at it),
        LEFT_UNUSED, so that the words typed there are not lost with a save before the verdict."""
        notes = self.left_out_notes(answers, left_out)
        waiting = {q.field for q in self.asked(answers) if q.field not in answers}
        notes.update({field: LEFT_UNUSED.format(words=words) for field, words in left_out.items() if field in waiting})
        return notes

    def left_out_in(self, description: object, answers: Mapping[str, Any]) -> dict[str, str]:
        """{field: words} for own words that a saved file's `description` says were left out (LEFT_OUT, as
        saved_file keeps them) or not used yet (LEFT_UNUSED), to go on from as left out: said at the review
        and the verdict, there to edit, and kept when saved again (a new user's trial: `ask --answers`
        dropped them, and the next save lost them). Only with one question for own words, whose words are
        not among `answers`: a description does not say which question its words were for, and words in
        the answers are used, not left out."""
        texts = [q for q in self.questions if q.free_text]
        if len(texts) != 1 or not isinstance(description, str) or answers.get(texts[0].free_text):
            return {}
        for sentence in (LEFT_OUT, LEFT_UNUSED):
            before, after = (re.escape(part) for part in sentence.split("{words}"))
            found = re.search(f"{before}(.+?){after}", description, re.S)
            if found:
                return {texts[0].field: found.group(1)}
        return {}

    def own_words_help(self, q, how_to_pick: str) -> list[str]:
        """What to type as own words at question `q` (the `?` of the own-words prompt):
        what to write, that an example of what they hope for helps, how the words are
        read (the text question's help, from the rules), and `how_to_pick` from the list instead."""
        lines = ["Type what you want out of this meeting, in a sentence or two, as you would say it to a friend.",
                 f"It helps to give examples of what you hope to learn or to get, such as {OWN_WORDS_EXAMPLE}"]
        text_question = self._by_field.get(q.free_text)
        if text_question is not None and text_question.help:
            lines.append(text_question.help + " Nothing counts until you say it was read right.")
        lines.append(f"You can pick from the list instead: {how_to_pick}")
        return lines

    def explain(self, q) -> Explanation:
        """Why question `q` is asked: its help, the findings that test it, what else depends on it."""
        direct = tuple(f for f in self.rules.findings if any(l.field == q.field for t in f.terms for l in t))
        depends = self.relevance.depends_on(q.field)
        decides = any(d.startswith("classification ") for d in depends)
        through = [f for f in self.rules.findings if f not in direct and f.id in depends]
        quotes = []
        for f in direct:
            readable = f.quote
            for slip in self.rules.sic.get(f.quoted, ()):
                readable = readable.replace(slip, slip + " [sic]", 1)
            if readable not in quotes:
                quotes.append(readable)
        return Explanation(q.help, direct, len(through) if decides else 0, len(self.rules.findings), decides,
                           self.rules.source.attribution(), tuple(quotes))

    # -- the end ---------------------------------------------------------------------
    def complete(self, answers: dict) -> dict:
        """Every field filled in, for the advisor: questions not asked get a neutral
        answer (the last choice, or none), which by the skip rule cannot change the advice."""
        done = {}
        for q in self.rules.questions:
            if q.field in answers:
                done[q.field] = answers[q.field]
            elif q.type == "choice":
                done[q.field] = q.values[-1]
            elif q.type == "multi":
                done[q.field] = []
        return done

    def saved_file(self, answers: dict, advice, name: str | None = None, saved_by: str = "infoview ask",
                   notes: Iterable[str] = ()) -> str:
        """The one saved format: a scenario file with one scenario (see scenarios.py). `notes`: the
        saved_notes, kept in its description: the person typed those words and was told they were left
        out, so the file does not drop them without a word; as goal_text they would be read again, as goals
        the person said were wrong, and `infoview advise FILE` would give another verdict. `advice` None:
        saved before the verdict, with questions still to answer (`answers` as given so far): no verdict
        to expect, and `ask --answers FILE` goes on from there."""
        from .scenarios import scenario_toml

        return scenario_toml(answers, advice, name, saved_by, tuple(notes))

    def unknown_field(self, name: str) -> InputError:
        return InputError(f"no question asks for '{name}'" + did_you_mean(name, self._by_field))


__all__ = ["Flow", "Position", "Step", "Skip", "Row", "Parsed", "Reading", "Explanation",
           "PhraseMatch", "yes_no", "plainly", "clear_yes_no", "is_help", "YES_OR_NO", "JUST_YES_OR_NO"]
