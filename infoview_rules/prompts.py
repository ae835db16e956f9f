"""Arrow-key prompts for `infoview ask` in a terminal, drawn by questionary.

questionary (on prompt_toolkit) gives the selection lists, the checkboxes, line
editing and history; this module only maps the questionnaire onto them. Keys
added to every list: ? explains the question, Left or b goes back, q leaves.
It is imported only when `ask` runs in a terminal: prompt_toolkit is heavy.
"""

from __future__ import annotations

import textwrap

import questionary
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import ColorDepth
from questionary import Choice, Style

from .flow import NOTHING_CHOSEN, clear_yes_no, is_help
from .layout import wrap
from .questionnaire import OWN_WORDS_CONFIRM_HELP, OWN_WORDS_CONFIRM_WHAT, OWN_WORDS_REJECTED, Reply, TypedPrompts

HELP, BACK, QUIT, OWN_WORDS, VERDICT = "\0help", "\0back", "\0quit", "\0own", "\0verdict"
# after "no" at the confirm step: what becomes of the words (the web page says as much; a helper
# found the terminal dropped them without a word once goals were ticked instead), and that the goals
# read are ticked in the list that follows, as typed answers name their numbers (numbers_read)
OWN_WORDS_TICK_INSTEAD = (OWN_WORDS_REJECTED.format(pick="tick") + " The goals I read are ticked, to start "
                          "from. Or tick \u201cSomething else, in my own words\u201d again to change your words.")
DRAFT_CHOICE = "Show a draft of the message asking for the meeting"

STYLE = Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("answer", "fg:ansigreen bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("instruction", "fg:ansibrightblack"),
])


class WordsHistory(InMemoryHistory):
    """Own words typed this session, for Up; a `?` asking for help is not words to bring back."""

    def append_string(self, string: str) -> None:
        if string.strip() != "?":
            super().append_string(string)


class WrappedChoice(Choice):
    """A choice whose label is wrapped one way in the list and another once chosen.

    questionary draws the chosen title after the question, where the list's
    indentation (under the pointer and the number) would be wrong: once the
    list's control is answered (`control`, set by `ArrowPrompts._answered_by`),
    the title is `answered`, wrapped to line up where the answer starts."""

    def __init__(self, listed: str, value, answered: str | None = None, **kw):
        self.answered = listed if answered is None else answered
        self.control = None
        super().__init__(listed, value, **kw)

    @property
    def title(self):
        if self.control is not None and self.control.is_answered:
            return self.answered
        return self.listed

    @title.setter
    def title(self, value):
        self.listed = value


class ArrowPrompts(TypedPrompts):
    """The questionnaire as selection lists and checkboxes (messages as in TypedPrompts)."""

    def __init__(self, flow, write, color: bool, width: int):
        super().__init__(flow, read=lambda: None, write=write, color=color, width=width)
        self.history = WordsHistory()  # own words typed this session: Up brings them back
        self.replies = InMemoryHistory()  # yes/no and file names, kept apart from the words
        self.depth = ColorDepth.DEPTH_8_BIT if color else ColorDepth.DEPTH_1_BIT

    @property
    def draft_pointer(self) -> str:
        return f"To ask for the meeting: choose \u201c{DRAFT_CHOICE}\u201d under \u201cWhat next?\u201d below."

    # -- helpers -----------------------------------------------------------------
    def _message(self, text: str, instruction: str, answer_width: int = 0, hang: int = 0) -> tuple[str, str]:
        """(message, instruction) for questionary, wrapped to the terminal.

        questionary draws "? message instruction" while asking and "? message answer"
        once answered: when the longest answer would not fit after the message's
        last line, the message ends in a line break, so no word is ever cut (and
        the answer starts under the message, see `_answer_lines`). The message's
        further lines line up under its text, `hang` columns past its start
        (past "[2/7] ": under the question, not under its number).
        """
        body = wrap(text, self.width - 2, "", " " * (2 + hang))
        last = len(body.split("\n")[-1]) + 2
        if last + 1 + answer_width > self.width:
            return body + "\n ", self._keys_hint(instruction, "") + "\n"
        return body, "\n" + self._keys_hint(instruction, "  ") + "\n"

    def _keys_hint(self, hint: str, indent: str) -> str:
        """A hint such as "↑↓ and Enter · ? help · ← back · q quit" wrapped to the terminal, 2 columns
        in: a short part ("q quit") is never split between two lines (a "q" ending one line, its
        "quit" starting the next, read as two hints); a long one may be, at a word."""
        parts = [part.replace(" ", "\u00a0") if len(part) <= 12 else part for part in hint.split(" \u00b7 ")]
        return wrap(" \u00b7 ".join(parts), self.width - 2, indent, "  ").replace("\u00a0", " ")

    def _answer_lines(self, message: str, text: str, before: int = 2, hang: int = 0) -> str:
        """`text` as questionary draws a chosen answer after `message`: on the message's line
        when it fits there whole (`_message` was told its width), else on a line of its own,
        `before` columns in, wrapped with its further lines under its first (`hang` further in)."""
        if not message.endswith("\n "):
            return text
        lines = wrap(text, max(self.width - before - 1, 12), "", " " * hang).split("\n")
        return ("\n" + " " * before).join(lines)

    def _drawn_after(self, prompt: str, text: str, hang: int = 0) -> str:
        """`text` as it is drawn after the prompt whose text is `prompt`: on the prompt's last line
        when it fits there whole, else wrapped at word boundaries, every line 2 columns in (on a line
        of its own, or from where a prompt ending in blanks leaves off), as the chosen answers are;
        its further lines `hang` columns further in (past a lead such as "Change 2) ")."""
        last = prompt.rsplit("\n", 1)[-1]
        if len(last) + len(text) <= self.width:
            return text
        indent = len(last) if not last.strip() else 2
        # a word longer than the line (a file name) is broken here, under the others, before the terminal
        # would break it at its edge and go on from column 0
        lines = textwrap.fill(text, max(self.width - indent - 1, 12), subsequent_indent=" " * hang,
                              break_on_hyphens=False).split("\n")
        return ("" if not last.strip() else "\n" + " " * indent) + ("\n" + " " * indent).join(lines)

    @staticmethod
    def _session(question):
        """The PromptSession inside a questionary prompt's layout (its message is the prompt's text),
        reached through a control bound to it; None in a questionary laid out otherwise."""
        from prompt_toolkit.shortcuts import PromptSession

        return next((w.content.text.__self__ for w in question.application.layout.find_all_windows()
                     if isinstance(getattr(getattr(w.content, "text", None), "__self__", None), PromptSession)),
                    None)

    @staticmethod
    def _list_control(question):
        """The control drawing a questionary list (select or checkbox): its choices and what is picked."""
        from questionary.prompts.common import InquirerControl

        return next(w.content for w in question.application.layout.find_all_windows()
                    if isinstance(w.content, InquirerControl))

    @staticmethod
    def _answered_by(question, choices) -> None:
        """Give each WrappedChoice the list's control, so it is drawn as answered once it is."""
        control = ArrowPrompts._list_control(question)
        for choice in choices:
            if isinstance(choice, WrappedChoice):
                choice.control = control

    def _keys(self, question, allow_back: bool = True) -> None:
        """? / Left / b / q on top of questionary's own keys."""
        keys = KeyBindings()

        @keys.add("?", eager=True)
        def _help(event):
            event.app.exit(result=HELP)

        if allow_back:
            @keys.add(Keys.Left, eager=True)
            @keys.add("b", eager=True)
            def _back(event):
                event.app.exit(result=BACK)

        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings, keys])
        self._quit_key(question)

    @staticmethod
    def _quit_key(question) -> None:
        """q answers QUIT: it leaves from every list."""
        keys = KeyBindings()

        @keys.add("q", eager=True)
        def _quit(event):
            event.app.exit(result=QUIT)

        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings, keys])

    def _label(self, text: str, before: int, hang: int = 0) -> str:
        """`text` as a choice's title, wrapped whole to the terminal: `before` columns (pointer,
        number or tick box) come before it, and its further lines are indented to line up under it
        (`hang` columns further in, past a lead such as "Change 2) ": under the answer it names)."""
        lines = wrap(text, max(self.width - before, 12), "", " " * hang).split("\n")
        return ("\n" + " " * before).join(lines)

    def _text(self, message: str, default: str = "", validate=None, history=None, instruction=None,
              help_key: bool = False) -> str:
        """A line typed with editing; with `help_key`, `?` on an empty line answers HELP at once."""
        if instruction:
            message, instruction = self._message(message, instruction, 40)
            # questionary.text puts a space before the instruction and after it: the hint and the words
            # typed under it start 2 columns in, as the answers under a list do
            if message.endswith("\n "):
                message = message[:-1]
            instruction += " "
        else:
            message = wrap(message, self.width - 2, "", "  ")
        question = questionary.text(message, default=default, validate=validate, instruction=instruction,
                                    style=STYLE, history=history or self.replies, color_depth=self.depth)
        self._typed_drawn_whole(question)
        if help_key:
            from prompt_toolkit.filters import Condition

            app = question.application
            keys = KeyBindings()

            @keys.add("?", eager=True, filter=Condition(lambda: not app.current_buffer.text.strip()))
            def _help(event):
                event.app.exit(result=HELP)

            app.key_bindings = merge_key_bindings([app.key_bindings, keys])
        return question.unsafe_ask()

    def _typed_drawn_whole(self, question) -> None:
        """Once a line is typed and taken, it is drawn again wrapped at word boundaries with the
        answers' indent (`_drawn_after`), in place of the typed line the terminal wraps mid-word:
        the prompt's text gets the words, and the line typed is hidden. While typing, the line is
        prompt_toolkit's, as in any shell."""
        from prompt_toolkit.filters import is_done
        from prompt_toolkit.layout.processors import ConditionalProcessor, Processor, Transformation

        session = self._session(question)
        if session is None or not callable(session.message):  # another questionary: drawn as typed
            return
        tokens, buffer = session.message, session.default_buffer

        class Hidden(Processor):
            def apply_transformation(self, transformation_input):
                return Transformation([])

        def message():
            drawn = tokens()
            if not (question.application.is_done and buffer.text):
                return drawn
            return drawn + [("class:answer", self._drawn_after("".join(t[1] for t in drawn), buffer.text))]

        session.message = message
        session.input_processors = [ConditionalProcessor(Hidden(), is_done)]

    def confirm(self, question: str, default: bool | None = None, help: str = "", what: str = "") -> bool:
        """Yes or no typed in any usual spelling (not a single key: "yeah" and "not really" count);
        anything else is asked again, after a short line of what each does (`what`). `?` says it
        in full (`help`), and asks again."""
        hint = {True: ", Enter for yes", False: ", Enter for no", None: ""}[default]
        while True:
            # `?` is read with Enter, as the answers are: a help key acting at once would leave
            # that Enter to answer the question asked again (with its default)
            reply = self._text(f"{question} (yes/no{hint}, ? help)")
            if is_help(reply):
                self.say_lines(help or "Answer yes or no.")
                continue
            # not a validator: that would keep the reply in the line (a yes typed next makes
            # "maybeyes") and say why on the terminal's bottom row; instead the reason goes right
            # under the reply and the question is asked again, its line empty
            answer, problem = clear_yes_no(reply, default, what)
            if not problem:
                return bool(answer)
            self.say_lines(problem)

    def ask_path(self, question: str, default: str | None, give_up: str = "") -> str | None:
        return self._text(self.path_question(question, default, give_up)).strip() or default

    # -- the questions --------------------------------------------------------------
    # how to use words left out (flow.LEFT_OUT), said under the review's answer: `question` has them ready
    left_out_fix = ("To use them, change answer {number} and tick \u201cSomething else, in my own words\u201d: "
                    "they are there to edit.")

    def question(self, step, left_out: str = "") -> Reply:
        """The answer to `step`'s question. `left_out`: own words left out at an earlier answer to it, ready
        to edit under "in my own words" and still left out if goals are ticked again (Reply.left_out)."""
        q = step.question
        self.write("")
        ticked = list(step.default or []) if q.type == "multi" else None
        if ticked is not None and q.free_text and (step.default_text or (left_out and step.default is None)):
            # the own words are an answer of their own, beside the goals ticked: shown ticked (untick
            # it to drop them; Enter opens them to edit), never as the goals read from them ticked. So are
            # words typed here before leaving, at a question still to answer (a file saved then): Enter
            # opens them, to go on where the person left
            ticked.append(OWN_WORDS)
        words = step.default_text or left_out
        rejected = "" if step.default_text else left_out  # words said to be read wrongly: left out if goals are ticked
        while True:
            number = f"[{step.number}/{step.total}] "
            title = number + q.text
            if q.type == "choice":
                result = self._select(q, step, title, len(number))
            else:
                result = self._checkbox(q, step, title, ticked, len(number))
            if result == HELP:
                self.explain(q)
                continue
            if result == BACK:
                return Reply("back")
            if result == QUIT:  # words typed here and not used go with it, to be kept by a save before leaving
                typed = words if words and words not in (step.default_text, left_out) else None
                return Reply("quit", left_out=typed)
            if q.type == "choice":
                return Reply("answer", result)
            picked = [v for v in result if v != OWN_WORDS]
            if OWN_WORDS not in result:
                # own words unticked (or never given): the ticks alone are the answer, and words said to be
                # read wrongly are left out, as OWN_WORDS_TICK_INSTEAD said (with nothing ticked, no goals were
                # ticked instead of them)
                return Reply("answer", [v for v in q.values if v in picked], None, rejected if picked else None)
            goals_read, text, said_wrong = self._own_words(q, words, picked)
            if goals_read is None:
                # nothing read, or not confirmed: the list again, ticked as it was; the words are there to
                # change when "in my own words" is ticked again (as the web page keeps them). Words emptied,
                # or read as no goal (the person was told to pick instead), are not left out. After "no",
                # the goals read are ticked too: a new user's trial, who only wanted to add a goal to a
                # mostly right reading, had to tick every goal again from an empty list
                ticked = [v for v in q.values if v in picked or v in (said_wrong or ())]
                words, rejected = text or words, text if said_wrong is not None else ""
                continue
            # the goals read stay with the words, as the advisor reads them
            return Reply("answer", [v for v in q.values if v in picked], text)

    def _select(self, q, step, title, hang=0):
        before = 6 if len(q.labels) <= 9 else 3  # " » " and, with shortcuts, "1) "
        keys = "↑↓ and Enter to choose · ? why" + (" · ← back" if step.can_go_back else "") + " · q quit"
        message, instruction = self._message(title, keys, max(len(label) for label in q.labels), hang)
        choices = [WrappedChoice(self._label(label, before), value, self._answer_lines(message, label))
                   for value, label in zip(q.values, q.labels)]
        default = next((c for c in choices if c.value == step.default), None)
        question = questionary.select(message, choices, default=default, instruction=instruction, style=STYLE,
                                      use_shortcuts=len(choices) <= 9, color_depth=self.depth)
        self._answered_by(question, choices)
        self._keys(question, step.can_go_back)
        return question.unsafe_ask()

    def _checkbox(self, q, step, title, ticked, hang=0):
        chosen = set(ticked)
        labels = list(zip(q.values, q.labels))
        if q.free_text:
            labels.append((OWN_WORDS, "Something else, in my own words"))
        keys = ("↑↓ move · space picks · Enter when done (none is fine) · ? why"
                + (" · ← back" if step.can_go_back else "") + " · q quit")
        # the answer is drawn as the review shows it (`_ticked_as_in_the_review`): a question whose one tick
        # or none fits after it draws it there; more ticks that do not fit go under it, wrapped
        longest = max(len(label) for _, label in [*labels, (None, NOTHING_CHOSEN)])
        message, instruction = self._message(title, keys, longest, hang)
        choices = [WrappedChoice(self._label(label, 5), value,  # " » " and "○ " before the label in the list
                                 checked=value in chosen)
                   for value, label in labels]
        question = questionary.checkbox(message, choices, instruction=instruction, style=STYLE,
                                        color_depth=self.depth)
        self._answered_by(question, choices)
        self._ticked_as_in_the_review(question, labels)
        self._keys(question, step.can_go_back)
        self._number_keys(question, len(choices))
        return question.unsafe_ask()

    def _ticked_as_in_the_review(self, question, labels) -> None:
        """questionary draws a checkbox's answer as "done", "[label]" or "done (2 selections)": a
        person could not see what they chose. It is drawn as the review shows it instead: the
        labels ticked, in the list's order, joined by "; " (NOTHING_CHOSEN for none), wrapped after
        the question (`_drawn_after`). The prompt's text is the message of the PromptSession."""
        session = self._session(question)
        if session is None or not callable(session.message):  # another questionary: its own words stay
            return
        control = self._list_control(question)
        tokens = session.message

        def message():
            drawn = tokens()
            if not control.is_answered:
                return drawn
            ticked = "; ".join(label for value, label in labels if value in control.selected_options)
            before = [t for t in drawn if t[0] != "class:answer"]
            prompt = "".join(t[1] for t in before)
            return before + [("class:answer", self._drawn_after(prompt, ticked or NOTHING_CHOSEN))]

        session.message = message

    @staticmethod
    def _number_keys(question, count: int) -> None:
        """In a checkbox, 1-9 move to that choice and pick it (or unpick it), as typed numbers do."""
        app = question.application
        control = ArrowPrompts._list_control(question)
        keys = KeyBindings()
        for i in range(min(count, 9)):
            def toggle(event, i=i):
                control.pointed_at = i
                value = control.choices[i].value
                if value in control.selected_options:
                    control.selected_options.remove(value)
                else:
                    control.selected_options.append(value)

            keys.add(str(i + 1), eager=True)(toggle)
        app.key_bindings = merge_key_bindings([app.key_bindings, keys])

    def _own_words(self, q, default: str, ticked=()) -> tuple[list[str] | None, str, list[str] | None]:
        """(goals, text, None) read from own words and confirmed; (None, text typed, said wrong) to show
        the list again, `said wrong` the goals read if the person said that reading was wrong (None if
        they did not: nothing typed, or nothing read). `ticked`: the goals ticked beside the words, named
        at the confirm step (they count too)."""
        flow = self.flow
        labels = flow.labels(q)
        while True:
            text = self._text("Your goal in your own words:", default=default, history=self.history,
                              instruction="? help \u00b7 Enter with nothing typed: back to the list", help_key=True)
            if text != HELP and text.strip() != "?":
                break
            for line in flow.own_words_help(q, "press Enter with nothing typed to go back to it, "
                                               "then space picks a goal."):
                self.say(line, "  ")
            default = ""
        if not text.strip():
            return None, "", None
        reading = flow.read_words(q, text)
        if reading.reading is None:
            self.say(reading.error)
            return None, text, None
        self.say(f"From your words I read: {reading.reading.describe(labels)}.")
        # the goals ticked beside the words (they count too); words that seemed to name a goal but were not read as one
        said = reading.reading
        for line in filter(None, [said.also_ticked(labels, ticked), *said.not_read(labels, "say no and tick it", ticked=ticked)]):
            self.say(line)
        if self.confirm("Is that right?", default=True, help=OWN_WORDS_CONFIRM_HELP,
                        what=OWN_WORDS_CONFIRM_WHAT.format(pick="tick")):
            return list(reading.reading.goals), reading.reading.text, None
        self.say(OWN_WORDS_TICK_INSTEAD)
        return None, text, list(reading.reading.goals)

    # -- the review -------------------------------------------------------------------
    def review(self, rows, skip_groups, can_go_back: bool, left_out: dict[str, str] | None = None) -> Reply:
        while True:
            self.show_answers(rows, skip_groups, left_out)
            items = [("See the verdict", VERDICT, 0)]
            items += [(f"Change {row.number}) {row.answer}", row.question.field, len(f"Change {row.number}) "))
                      for row in rows]
            # the choice is drawn after "Ready?" when it fits there ("See the verdict"), else under it
            message, instruction = self._message(
                "Ready?", "↑↓ and Enter · ? help" + (" · ← back" if can_go_back else "") + " · q quit")
            choices = [WrappedChoice(self._label(text, 3, hang), value, self._drawn_after(f"? {message} ", text, hang))
                       for text, value, hang in items]
            question = questionary.select(message, choices, instruction=instruction, style=STYLE,
                                          color_depth=self.depth)
            self._answered_by(question, choices)
            self._keys(question, can_go_back)
            result = question.unsafe_ask()
            if result == VERDICT:
                return Reply("verdict")
            if result == HELP:
                self.say("Choose an answer to change it, or see the verdict. "
                         "Left or b goes back to the last question; q leaves (you can save first).")
                self.show_skipped(skip_groups)
                continue
            if result == BACK:
                return Reply("back")
            if result == QUIT:
                return Reply("quit")
            return Reply("change", result)

    def after(self, saved: bool, has_draft: bool = False) -> str:
        items = [("Done", "done"), ("Show which answers led to the advice", "how")]
        if has_draft:
            items.append((DRAFT_CHOICE, "draft"))
        if not saved:
            items.append(("Save my answers to a file", "save"))
        message, instruction = self._message("What next?", "↑↓ and Enter · q quit", max(len(text) for text, _ in items))
        choices = [WrappedChoice(self._label(text, 3), value, self._answer_lines(message, text)) for text, value in items]
        question = questionary.select(message, choices, style=STYLE, color_depth=self.depth, instruction=instruction)
        self._answered_by(question, choices)
        self._quit_key(question)  # a new user's trial: q here did nothing, as on no other list
        result = question.unsafe_ask()
        return "quit" if result == QUIT else result or "done"
