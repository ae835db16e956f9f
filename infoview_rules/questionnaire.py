"""`infoview ask`: the questionnaire model (flow.py) driven in a terminal.

`Session` walks the flow; the prompts draw it. Two kinds of prompts:
- `TypedPrompts` (here): one line typed per answer (numbers, values or the
  labels as shown). Used without a terminal (pipes, CI) and with --plain.
- `ArrowPrompts` (prompts.py): arrow keys, checkboxes, line editing and
  history, drawn by questionary/prompt_toolkit. Used in a terminal.

At any question: `?` (or help) explains it, `back` returns to the previous one
(its answer kept as the default), `q` (or quit) leaves. The review before the
verdict lets the person change any answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import click

from .flow import LEFT_UNUSED, Flow, Position, clear_yes_no, is_help
from .layout import wrap


# leaving with q is the person's choice, not a failure: exit 0 (saved or not), as the README's
# exit codes say (1 is for a failed check; end of input before the verdict is 1, Ctrl-C 130)
QUIT_CODE = 0


# what yes and no do at "Is that right?" after goals are read from the person's own words: in full
# (at ?), and in one short line after a reply that is neither ("sort of, not exactly")
OWN_WORDS_CONFIRM_HELP = ("yes: keep these goals and go on to the next question.\n"
                          "no: back to the list, to pick your goals or say them another way.")
# ({pick}: "pick" where goals are typed from a list, "tick" where they are ticked, as said after "no")
OWN_WORDS_CONFIRM_WHAT = "yes to keep these goals, or no to {pick} the ones you meant"
# after "no" there: what becomes of the words, in both prompt styles ({pick} as above), each then saying how
# to change the words instead. A new user's trial: typed, it said only "Then pick from the list", and not,
# as the menus did, that the words would be left out
OWN_WORDS_REJECTED = "Then {pick} the goals you meant: your words are then left out."


def numbers_read(q, reading) -> str:
    """After "no" at "Is that right?": the list numbers of the goals read, to start from, and
    an example of numbers to type: those, with the first goal the words seemed to name but were
    not read as (else the first goal not read), or, if every goal was read, all but the last."""
    def number(goal):
        return q.values.index(goal) + 1

    read = [number(g) for g in reading.goals]
    others = [number(m.goal) for m in reading.declined if m.goal not in reading.goals]
    others += [n for n, v in enumerate(q.values, 1) if v not in reading.goals]
    example = sorted(read + others[:1]) if others else read[:-1]
    shown = [str(n) for n in read]
    said = f"{', '.join(shown[:-1])} and {shown[-1]}" if len(shown) > 1 else shown[0]
    tail = f", such as {','.join(map(str, example))}" if example else ""
    return f"I read {said}: type the numbers you want{tail}."


class Leave(Exception):
    """The person left before the verdict: exit with `code` after `message`."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Reply:
    """What a prompt got: kind is answer (value, text), back, quit, or change (field) / verdict at the review.

    `left_out`: with an answer, own words the person said were read wrongly and then ticked goals
    instead of (so they are not the answer's text): kept, so the review and the verdict can say so.
    With quit, own words typed at the question and not (yet) its answer: kept, if the answers are
    saved before leaving (a new user's trial: `q` after "no" lost a paragraph of them)."""

    kind: str
    value: Any = None
    text: str | None = None
    left_out: str | None = None


class Session:
    """One run of the questionnaire: the flow, drawn by `prompts`."""

    def __init__(self, flow: Flow, prompts, answers: dict | None = None):
        self.flow = flow
        self.prompts = prompts
        self.answers = dict(answers or {})
        self.position = Position()
        self.stage = "questions"  # "review" while the review is on screen
        self._announced: set[str] = set()
        self._shown: str | None = None  # the field of the question shown last (None: the review, or none yet)
        # own words left out, by the field of the question that asked for them (Reply.left_out): not
        # answers (they change no advice), but said at the review and the verdict, as the web page says them
        self.left_out: dict[str, str] = {}

    def left_out_notes(self) -> dict[str, str]:
        """{field: the sentence saying its words were left out} for the questions asked and answered."""
        return self.flow.left_out_notes(self.answers, self.left_out, shown=True)

    def saved_notes(self) -> dict[str, str]:
        """The sentences a saved file keeps about own words: left_out_notes, and words typed at a
        question still to answer (flow.saved_notes)."""
        return self.flow.saved_notes(self.answers, self.left_out)

    def run(self) -> dict:
        """Ask until the review is accepted; the complete answers. Raises Leave on quit."""
        flow = self.flow
        while True:
            step = flow.step(self.answers, self.position)
            fresh = [s for s in step.skips if s.question.field not in self._announced]
            name = step.question.field if step.question is not None else None
            if self._shown is not None and (name is None or flow.previous(self.answers, name) == self._shown):
                # on from the question just answered (to the next, or to the review): whatever its answer left
                # out of the counter is said, answered before or not, so that a total that falls ("[1/7]",
                # then "[2/4]", or a review of 4) has its reason
                said = {s.question.field for s in fresh}
                fresh += [s for s in flow.left_the_count(self.answers, self._shown, name)
                          if s.question.field not in said]
                fresh.sort(key=lambda s: flow.questions.index(s.question))
            if fresh:
                self._announced.update(s.question.field for s in fresh)
                self.prompts.skips(flow.group_skips(fresh))
            self._shown = name
            if step.question is None:
                self.stage = "review"
                reply = self.prompts.review(flow.review(self.answers), flow.group_skips(flow.skipped(self.answers)),
                                            step.can_go_back, self.left_out_notes())
                self.stage = "questions"
                if reply.kind == "verdict":
                    self.stage = "verdict"
                    return flow.complete(self.answers)
                if reply.kind == "change":
                    self.position = flow.change(reply.value)
                elif reply.kind == "back":
                    self.answers, self.position = flow.back(self.answers, self.position)
                elif reply.kind == "quit":
                    self.stage = "review"
                    raise Leave(QUIT_CODE, "you left before the verdict")
                continue
            reply = self.prompts.question(step, self.left_out.get(step.question.field, ""))
            if reply.kind == "back":
                if not step.can_go_back:
                    self.prompts.say("This is the first question; there is nothing to go back to.")
                self.answers, self.position = flow.back(self.answers, self.position)
            elif reply.kind == "quit":
                words_field = step.question.field if step.question.free_text else None
                if words_field and reply.left_out and reply.left_out != self.answers.get(step.question.free_text):
                    self.left_out[words_field] = reply.left_out  # for a save before leaving (saved_notes)
                raise Leave(QUIT_CODE, "you left before the verdict")
            else:
                field = step.question.field
                self.answers, self.position = flow.answer(self.answers, self.position, field,
                                                          reply.value, text=reply.text)
                if step.question.free_text:  # each answer says afresh what it leaves out (words used: nothing)
                    self.left_out.pop(field, None)
                    if reply.left_out:
                        self.left_out[field] = reply.left_out


class TypedPrompts:
    """Prompts that read one typed line per answer: for pipes, CI and --plain."""

    def __init__(self, flow: Flow, read: Callable[[], str | None], write: Callable[..., None],
                 color: bool = False, width: int = 79, edit: Callable[[str], str | None] | None = None):
        self.flow = flow
        self.read = read  # () -> a line without its newline, or None at the end of input
        self.write = write
        self.color = color
        self.width = width
        self.edit = edit  # (prompt) -> a line read with line editing and history (--plain in a terminal)

    # -- output ---------------------------------------------------------------
    def style(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.color and kw else text

    def say(self, text: str, indent: str = "", **style) -> None:
        self.write(self.style(wrap(text, self.width, indent), **style) if text else "")

    def say_lines(self, text: str) -> None:
        """`text` line by line, 2 columns in: help such as what yes and no do."""
        for line in text.split("\n"):
            lead = line.split(": ", 1)[0]  # "yes: ...": its further lines go under its words
            hang = len(lead) + 2 if ": " in line and len(lead) <= 3 else 0
            self.write(wrap(line, self.width, "  ", "  " + " " * hang))

    def skips(self, groups) -> None:
        for because, questions in groups:
            n = len(questions)
            what = "1 question" if n == 1 else f"{n} questions"
            self.say(f"(Not asking {what}: after \u201c{self.flow.because_text(because)}\u201d, "
                     f"{'your answer to it' if n == 1 else 'your answers to them'} cannot change the advice.)", dim=True)

    def explain(self, q) -> None:
        for line in self.flow.explain(q).lines():
            if line.startswith("  - "):
                self.write(wrap(line[4:], self.width, "  - ", "    "))
            else:
                self.say(line)

    # -- input -----------------------------------------------------------------
    def line(self, prompt: str = "> ") -> str:
        if self.edit is not None:
            got = self.edit(prompt)
        else:
            self.write(prompt, nl=False)
            got = self.read()
        if got is None:
            self.write("")
            raise Leave(1, "end of input: you left before the verdict")
        return got.strip()

    def confirm(self, question: str, default: bool | None = None, help: str = "", what: str = "") -> bool:
        """A yes/no question, asked until the reply is a clear one (any usual spelling);
        `?` says what each answer does (`help`), and asks again; so does an unclear reply, in one
        short line (`what`: "yes to ..., or no to ...")."""
        hint = {True: "yes", False: "no", None: None}[default]
        self.say(question + (f" (yes/no, Enter for {hint}, ? help)" if hint else " (yes/no, ? help)"))
        while True:
            reply = self.line()
            if is_help(reply):
                self.say_lines(help or "Answer yes or no.")
                continue
            answer, problem = clear_yes_no(reply, default, what)
            if answer is not None:
                return answer
            self.say(problem)

    @staticmethod
    def _command(text: str) -> str | None:
        said = text.strip().lower()
        if said in ("?", "help", "h"):
            return "help"
        if said in ("back", "b"):
            return "back"
        if said in ("q", "quit", "exit"):
            return "quit"
        return None

    def choices(self, q) -> None:
        for i, label in enumerate(q.labels, 1):
            self.write(wrap(label, self.width, f"  {i}) ", "     "))

    def question(self, step, left_out: str = "") -> Reply:
        """The answer to `step`'s question. `left_out`: own words left out at an earlier answer to it,
        still left out if goals are given again (Reply.left_out) unless other words are confirmed."""
        q, flow = step.question, self.flow
        rejected = left_out  # words said to be read wrongly: left out if goals are picked instead
        self.write("")
        number = f"[{step.number}/{step.total}] "  # the question's further lines go under its text
        self.write(self.style(wrap(number + q.text, self.width, "", " " * len(number)), bold=True))
        self.choices(q)
        if q.type == "multi":
            extra = ", or say it in your own words" if q.free_text else ""
            self.say(f"Pick any: numbers like 1,3, or the answers as shown{extra}. "
                     + ("Enter for none." if step.default is None else "none for none."), "  ")
        else:
            self.say("Pick one: a number or the answer as shown.", "  ")
        if step.default is not None:
            shown = flow.describe(q, step.default, step.default_text)
            self.say(f"Enter keeps your answer: {shown}.", "  ")
        elif q.free_text and left_out:  # typed here before leaving (a file saved then): here to use again
            self.say(f"{LEFT_UNUSED.format(words=left_out)} To use them, type them again.", "  ")
        self.say("? why this question · back · q to quit", "  ", dim=True)
        while True:
            text = self.line()
            command = self._command(text)
            if command == "help":
                self.explain(q)
                if q.free_text:  # own words are typed here too: say what to type
                    for line in flow.own_words_help(q, "numbers like 1,3, or the answers as shown."):
                        self.say(line)
                continue
            if command == "quit":  # words said to be read wrongly here go with it, to be kept by a save
                return Reply(command, left_out=rejected if rejected != left_out else None)
            if command == "back":
                return Reply(command)
            parsed = flow.parse(q, text, default=step.default)
            if parsed.reading is not None:
                labels = flow.labels(q)
                self.say(f"From your words I read: {parsed.reading.describe(labels)}.")
                for line in parsed.reading.not_read(labels, "say no and pick it from the list"):
                    self.say(line)  # words that seemed to name a goal but were not read as one
                if self.confirm("Is that right?", default=True, help=OWN_WORDS_CONFIRM_HELP,
                                what=OWN_WORDS_CONFIRM_WHAT.format(pick="pick")):
                    # one typed line is the whole answer: words, and no goal ticked. The goals read
                    # stay with the words (a change to the words changes them), never stored as ticked
                    return Reply("answer", [], parsed.reading.text)
                rejected = parsed.reading.text
                # the list again, and the numbers of what was read: the person types from those
                # (a "no" is not taken as "none of them"), not every goal anew
                self.say(OWN_WORDS_REJECTED.format(pick="pick") + " Or say it another way.")
                self.choices(q)
                self.say(numbers_read(q, parsed.reading))
                continue
            if parsed.error:
                self.say(parsed.error)
                if parsed.offer_list and q.free_text:  # words read as no goal: the goals, right there
                    self.choices(q)
                continue
            keep_text = step.default_text if (q.free_text and not text and step.default is not None) else None
            # goals picked after "no": the words are left out (with none picked, no goals were given instead)
            return Reply("answer", parsed.value, keep_text, rejected if q.free_text and parsed.value else None)

    # how to use words left out (flow.LEFT_OUT), said under the review's answer ({number}: its number)
    left_out_fix = "To use them, type {number}, then type them again."

    def show_answers(self, rows, skip_groups, left_out: dict[str, str] | None = None) -> None:
        """The review's list of answers and of the questions not asked (both prompt styles); under an
        answer, the sentence of `left_out` for its field (a trial: words left out were not mentioned)."""
        self.write("")
        self.say("Your answers", bold=True)
        for row in rows:
            self.write(wrap(f"{row.question.text}  {self.style(row.answer, bold=True)}", self.width,
                            f"  {row.number}) ", "     "))
            if left_out and row.question.field in left_out:
                note = f"{left_out[row.question.field]} {self.left_out_fix.format(number=row.number)}"
                self.write(wrap(note, self.width, "     ", "     "))
        for because, questions in skip_groups:
            n = len(questions)
            self.say(f"{n} question{'s' if n != 1 else ''} not asked: after "
                     f"\u201c{self.flow.because_text(because)}\u201d, your answers to {'them' if n != 1 else 'it'} "
                     "cannot change the advice (? names them).",
                     "  ", dim=True)

    def show_skipped(self, skip_groups) -> None:
        """Help at the review: each question not asked, under the answer that settles it (both prompt styles)."""
        for because, questions in skip_groups:
            self.say(f"Not asked, since \u201c{self.flow.because_text(because)}\u201d settles the advice without them:")
            for q in questions:
                self.write(wrap(q.text, self.width, "  - ", "    "))

    def review(self, rows, skip_groups, can_go_back: bool, left_out: dict[str, str] | None = None) -> Reply:
        while True:
            self.show_answers(rows, skip_groups, left_out)
            self.say(f"Change one? Its number (1-{len(rows)}); Enter for the verdict; ? for help; q to quit.")
            text = self.line()
            command = self._command(text)
            if text == "":
                return Reply("verdict")
            if command == "help":
                self.say("Type the number of an answer to change it, press Enter to see the verdict, "
                         "back to return to the last question, or q to leave (you can save first).")
                self.show_skipped(skip_groups)
                continue
            if command == "back":
                if can_go_back:
                    return Reply("back")
                continue
            if command == "quit":
                return Reply("quit")
            if text.isdigit() and 1 <= int(text) <= len(rows):
                return Reply("change", rows[int(text) - 1].question.field)
            self.say(f"Please type a number from 1-{len(rows)}, or press Enter for the verdict.")

    @staticmethod
    def path_question(question: str, default: str | None, give_up: str) -> str:
        """The question for a file name, with what Enter does: gives `default`, or, where there is
        none (asked again after a file that could not be written), `give_up`."""
        return f"{question} (Enter for {default})" if default else f"{question} (Enter to {give_up})"

    def ask_path(self, question: str, default: str | None, give_up: str = "") -> str | None:
        """A file name typed; Enter gives `default`, or None where there is none."""
        self.say(self.path_question(question, default, give_up))
        return self.line() or default

    # what the verdict says about the draft: where to find it in `after`
    draft_pointer = ("To ask for the meeting: type draft at \u201cWhat next?\u201d below "
                     "to see a first draft of the message.")

    def after(self, saved: bool, has_draft: bool = False) -> str:
        """What next, after the verdict: 'draft', 'how', 'save', 'done' or 'quit' (q: leave, as done does)."""
        options = ["how to see which of your answers led to each piece of advice"]
        if has_draft:
            options.append("draft to see a draft of the message asking for the meeting")
        if not saved:
            options.append("save to save your answers")
        self.say(f"What next? Type {', '.join(options)}, or press Enter to finish.")
        try:
            said = self.line().lower()
        except Leave:  # end of input after the verdict: the session is finished
            return "done"
        if said in ("q", "quit", "exit"):
            return "quit"
        return said if said in ("how", "save") or (has_draft and said == "draft") else "done"

    def how(self, advice, explain: bool = False) -> None:
        """Which answers made each finding fire: in plain words (every finding, also
        those the report folds into another), or with --explain ids and raw fields."""
        from .because import format_because
        from .guidance import because_sentence
        from .report import KIND_LABELS

        self.say("What made each finding fire" if explain else "Which of your answers led to each piece of advice", bold=True)
        if not advice.findings:
            self.say("No finding fired." if explain else "None of your answers led to a piece of advice.", "  ")
        for f in advice.findings:
            if explain:
                self.write(wrap(f"{f.id}: because {format_because(f.because, f.reasons)}", self.width, "  ", "    "))
                continue
            because = because_sentence(f.reasons, self.flow.rules)
            self.write(wrap(f"{KIND_LABELS[f.kind][0]}: {f.message}", self.width, "  - ", "    "))
            self.write(wrap(because[:1].upper() + because[1:] + ".", self.width, "    ", "    "))


class Questionnaire:
    """The flow model behind the attributes of the first `ask` (answers, history,
    next_question...), for code written against that; new code uses flow.Flow.

    Every decision (the next question, the skips, the complete answers, how an
    answer reads) is Flow's, so there is still one questionnaire model.
    """

    def __init__(self, advisor, read=None, write=None, color: bool = False, start: dict | None = None):
        self.advisor = advisor
        self.rules = advisor.rules
        self.flow = Flow(advisor.rules)
        self.questions = self.flow.questions
        self.answers = dict(start or {})
        self.history: list[str] = []  # fields answered, in order

    def next_question(self):
        return self.flow.next_unanswered(self.answers)

    def complete_answers(self) -> dict:
        return self.flow.complete(self.answers)

    def describe(self, q) -> str:
        if q.field not in self.answers:
            return "(not asked: it cannot change the advice)"
        text = self.answers.get(q.free_text) if q.free_text else None
        return self.flow.describe(q, self.answers[q.field], text)
