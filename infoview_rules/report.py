"""The readable report of one consultation: a model first, then text.

`build(advice, rules)` gives a `Report` (plain dataclasses) that every front
end renders: `render_text` here for the terminal, templates for the web page.
The model holds words for a job seeker: no finding ids, passage numbers or
field names, except in the fields meant for `--explain` (`id`, `cites`,
`passage`, `raw_because`).
"""

import functools
import textwrap
from dataclasses import asdict, dataclass, field

from .guidance import because_sentence

# what each kind of finding is called in the report, and how it is styled
KIND_LABELS = {
    "mismatch": ("Does not fit", "red"),
    "caution": ("Watch out", "yellow"),
    "tip": ("Tip", "cyan"),
    "strength": ("Good", "green"),
}
JOB_INTERVIEW_LABEL = "Your job interview"
OURS = "infoview's suggestion, not the article's"
# said wherever goals read from the person's own words are shown (terminal and web page)
READ_FROM = "Goals read from your own words are a reading, not a certainty: if one is wrong, {}."
READ_FROM_WORDS = READ_FROM.format("change your answer to the goals question and tick your goals in its list")
WIDTH = 78


@dataclass(frozen=True)
class GoalFix:
    """How a person puts goals right where there is no list to tick (a trial of `advise` was told
    to "tick your goals in its list"): a reading of their words that is `wrong`, and a goal whose
    words were not counted, to `add` ({goal}: its value)."""

    wrong: str
    add: str

    @classmethod
    def by_options(cls, goal_option: str, text_option: str) -> "GoalFix":
        """On a command line that asks nothing (`ask --no-input`): --goal and --goal-text."""
        return cls(f"name your goals with {goal_option} instead of {text_option}", f"add {goal_option} {{goal}}")


# `infoview advise`: the goals are put right in the answers file
IN_ANSWERS = GoalFix('list your goals under "goals" in your answers and leave "goal_text" out',
                     'add "{goal}" to "goals" in your answers')


@dataclass
class Quote:
    text: str  # word for word, as in the article
    readable: str  # the same, with the article's own slips marked [sic]
    passage: str  # the passage it is from (for --explain)
    cites: tuple = ()  # every passage the advice rests on (for --explain)


@dataclass
class Item:
    """A plan action, suggestion, question to ask, checklist item or draft paragraph."""

    id: str
    text: str
    source: str  # "article" (then `quote` is set) or "infoview" (the project's own)
    quote: Quote = None
    because: str = ""  # "because you ...", in plain words
    serves: tuple = ()  # questions to ask: what they serve, in words

    def because_sentence(self) -> str:
        """`because` as the report shows it ("Because you ..."); "" without one."""
        return _sentence(self.because) if self.because else ""


@dataclass
class FindingView:
    id: str
    kind: str
    label: str  # the kind in words: "Does not fit", "Watch out", "Tip", "Good"
    message: str
    quote: Quote
    because: str  # plain sentence
    raw_because: dict  # the contract's `because` (for --explain)
    folded: tuple = ()  # ids of findings this one stands for (declared `suppresses`)


@dataclass
class Section:
    title: str
    findings: list


@dataclass
class Report:
    classification: str
    headline: str  # what the meeting really is
    aligned: bool
    verdict: str  # "" when nothing conflicts
    goals: list  # the person's goals, in words
    goal_notes: list  # about goals read from the person's own words (or not read at all)
    plan: list  # "What to do": at most three Items, most important first
    sections: list  # findings grouped by topic, the most serious first
    suggestions: list
    questions_to_ask: list
    checklist: list
    has_draft: bool  # whether `infoview draft` has a message to offer
    attribution: str
    url: str

    def to_dict(self):
        return asdict(self)

    def plan_step_quoting(self, quote):
        """The number of the plan step that already shows this quote (a finding then points
        to it instead of printing the same words twice), or None."""
        return next((n for n, item in enumerate(self.plan, 1)
                     if item.quote is not None and item.quote.readable == quote.readable), None)


def _quote(text, quoted, cites, rules):
    readable = text
    for slip in rules.sic.get(quoted, ()):
        if slip in readable:
            readable = readable.replace(slip, slip + " [sic]", 1)
    return Quote(text, readable, quoted, tuple(cites))


def _item(chosen, rules, goal_labels=None):
    rule = chosen.rule
    quote = _quote(rule.quote, rule.quoted, rule.cites, rules) if rule.source == "article" else None
    serves = tuple((goal_labels or {}).get(s, s) for s in rule.serves)
    return Item(rule.id, rule.text, rule.source, quote, because_sentence(chosen.reasons, rules, False), serves)


def unread_note(goal_text, picked, goal_options=None, goal_values=(), others=None):
    """What to say when no goal could be read from the person's words: with goals
    picked from the list as well, the advice rests on those (asking them to pick
    from the list would be untrue); without, they are asked to pick. On a command
    line that asks nothing (`ask --no-input`) there is no list: `goal_options` names
    the options that give the goals and the words (--goal, --goal-text), and
    `goal_values` the goals. `others`: the words that read as someone else's wish, if any."""
    from .phrases import quoted_sentence, unread_message, unread_sentence

    said = f"{unread_sentence(goal_text, others)} You wrote: {quoted_sentence(goal_text)}"
    if goal_options:
        goal_option, text_option = goal_options
        if picked:
            return f"{said} The advice rests on the goals you gave with {goal_option}."
        return (f"{said} Name your goals with {goal_option} instead, once per goal ({', '.join(goal_values)}), "
                f"or put them another way in {text_option}.")
    if not picked:
        return unread_message(goal_text, others)
    return f"{said} The advice rests on the goals you picked from the list."


def not_counted_notes(advice, labels, fix):
    """For each of the words that sounded like a goal the goal model did not count, the confirm
    step's own sentence (flow.Reading.not_read) with `fix`, how to add that goal ({goal}: its value)."""
    from .flow import Reading

    return [line for m in advice.goal_phrases_not_counted
            for line in Reading(advice.goal_text, (), (), (m,)).not_read(labels, fix.format(goal=m.goal))]


def build(advice, rules, goal_options=None, goal_fix=None):
    """The report model for one consultation. `goal_options`: the command-line options that
    give the goals and the words where no list of goals is shown (`ask --no-input`), for
    the note on words no goal could be read from. Where goals are put right without a list
    (`goal_fix`, IN_ANSWERS; or by `goal_options`), the report says how, and says the words that
    sounded like a goal but were not counted; with neither (the web page and `ask`, whose confirm
    step said those words), only how to tick."""
    goal_field = rules.schema.fields["goals"]
    labels = dict(zip(goal_field.values, goal_field.labels))
    from_text = {p.goal: p.phrase for p in advice.goal_phrases}
    goals = [labels[g] + (f' (from your words "{from_text[g]}")' if g in from_text else "") for g in advice.goals]
    headline = next(c.sentence for c in rules.classifications if c.id == advice.classification)
    goal_notes = []
    fix = goal_fix or (GoalFix.by_options(*goal_options) if goal_options else None)
    if advice.goal_text_unread:
        note = unread_note(advice.goal_text, bool(advice.goals), goal_options, goal_field.values, advice.others_words)
        if not advice.goals and not goal_options:
            note += " The goals to pick from: " + "; ".join(goal_field.labels) + "."
        goal_notes.append(note)
    elif advice.goal_phrases:
        goal_notes.append(READ_FROM.format(fix.wrong) if fix else READ_FROM_WORDS)
    if fix and advice.goal_phrases_not_counted:
        goal_notes.extend(not_counted_notes(advice, labels, fix.add))

    steps = advice.next_steps
    fired = {f.id for f in advice.findings}
    rule_of = {f.id: f for f in rules.findings}
    hidden = {other for fid in fired for other in rule_of[fid].suppresses if other in fired}
    covered = {other for action in steps.plan for other in action.rule.covers if other in fired}
    said_in_plan = {item for action in steps.plan for item in action.rule.covers_checklist}  # not said twice
    views = []
    for finding in advice.findings:
        if finding.id in hidden or (finding.id in covered and finding.kind != "mismatch"):
            continue
        rule = rule_of[finding.id]
        label, _ = KIND_LABELS[finding.kind]
        folded = tuple(o for o in rule.suppresses if o in fired)
        views.append(FindingView(
            finding.id, finding.kind, label, finding.message,
            _quote(finding.quote, finding.quoted, finding.cites, rules),
            because_sentence(finding.reasons, rules), finding.because, folded,
        ))
    sections = {}
    for view in views:  # advice.findings are in report order: the most serious first
        sections.setdefault(rule_of[view.id].topic or "More", []).append(view)

    question_labels = dict(labels, job_interview=JOB_INTERVIEW_LABEL)
    shown_mismatch = any(v.kind == "mismatch" for v in views)
    verdict = ""
    if shown_mismatch:
        verdict = f"Some of what you want or expect does not fit this meeting (marked \u201c{KIND_LABELS['mismatch'][0]}\u201d below)."
    return Report(
        classification=advice.classification,
        headline=headline,
        aligned=advice.aligned,
        verdict=verdict,
        goals=goals,
        goal_notes=goal_notes,
        plan=[_item(c, rules) for c in steps.plan],
        sections=[Section(title, items) for title, items in sections.items()],
        suggestions=[_item(c, rules) for c in steps.suggestions],
        questions_to_ask=[_item(c, rules, question_labels) for c in steps.questions_to_ask],
        checklist=[_item(c, rules) for c in steps.checklist if c.rule.id not in said_in_plan],
        has_draft=any(c.rule.part == "message" for c in steps.draft),
        attribution=rules.source.attribution(),
        url=rules.source.url,
    )


# ---- text -------------------------------------------------------------------------------


def _wrap_to(text, indent="  ", rest=None, width=WIDTH):
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=rest if rest is not None else indent,
                         break_on_hyphens=False, break_long_words=False)


def _sentence(because):
    return because[0].upper() + because[1:] + "."


def _explain_quote(quote):
    others = [c for c in quote.cites if c != quote.passage]
    return quote.passage + (f"; see also {', '.join(others)}" if others else "")


# where the text report points for a draft of the request: a command on the CLI ({draft}: `infoview draft`,
# as the person can run it, program.py); `infoview ask` passes its own words, for its "What next?" menu
DRAFT_BY_COMMAND = "To ask for the meeting: `{draft}` with the same answers writes a first draft of the message."


def render_text(report, color=False, explain=False, width=WIDTH, draft_pointer=None):
    """The report as text, `width` columns wide; `color` adds ANSI styles, `explain`
    adds ids, passages and raw `because`; `draft_pointer` says where the draft is (else DRAFT_BY_COMMAND)."""
    import functools

    if draft_pointer is None:
        from .program import command

        draft_pointer = DRAFT_BY_COMMAND.format(draft=command("draft"))

    import click

    _wrap = functools.partial(_wrap_to, width=width)

    def style(text, **kw):
        return click.style(text, **kw) if color else text

    def heading(text):
        lines.extend(["", style(text, bold=True)])

    def quote_lines(quote, indent="     "):
        ref = f" ({_explain_quote(quote)})" if explain else ""
        lines.append(_wrap(f"\u201c{quote.readable}\u201d{ref}", indent))

    def item_lines(item, first, indent, show_because=False):
        text = item.text + (f"  [{item.id}]" if explain else "")
        lines.append(_wrap(text, first, indent))
        if item.quote is not None:
            quote_lines(item.quote, indent + "  ")
        else:
            lines.append(style(_wrap(f"({OURS})", indent + "  "), dim=True))
        if (explain or show_because) and item.because:
            lines.append(style(_wrap(_sentence(item.because), indent + "  "), dim=True))

    lines = [style("What to do", bold=True)]
    for n, item in enumerate(report.plan, 1):
        item_lines(item, f"  {n}. ", "     ", show_because=True)

    heading("What this meeting is")
    lines.append(_wrap(report.headline))
    if report.goals:
        lines.append(_wrap("Your goals: " + "; ".join(report.goals) + "."))
    lines.extend(_wrap(note) for note in report.goal_notes)
    if report.verdict:
        lines.append(_wrap(style(report.verdict, fg="red")))

    for section in report.sections:
        heading(section.title)
        for view in section.findings:
            _, fg = KIND_LABELS[view.kind]
            tag = style(view.label + ":", fg=fg, bold=True)
            ids = f"  [{view.id}{', folding in ' + ', '.join(view.folded) if view.folded else ''}]" if explain else ""
            lines.append(_wrap(f"{view.label}: {view.message}{ids}", "  - ", "    ").replace(view.label + ":", tag, 1))
            step = report.plan_step_quoting(view.quote)
            if step is None or explain:
                quote_lines(view.quote, "      ")
            else:
                lines.append(_wrap(f"(The article's words are quoted under step {step} of \u201cWhat to do\u201d.)", "      "))
            if view.because:
                lines.append(style(_wrap(_sentence(view.because), "      "), dim=True))
            if explain:
                from .because import format_because

                lines.append(style(_wrap(f"because: {format_because(view.raw_because)}", "      "), dim=True))

    if report.suggestions:
        heading("More suggestions")
        for item in report.suggestions:
            item_lines(item, "  - ", "    ")

    if report.questions_to_ask:
        heading("Questions you could ask")
        lines.append(style(_wrap("(Suggested by infoview, not taken from the article: questions a website would not answer.)"), dim=True))
        for item in report.questions_to_ask:
            text = item.text + (f"  [{item.id}]" if explain else "")
            lines.append(_wrap(text, "  - ", "    "))

    if report.checklist:
        heading("Before you go")
        for item in report.checklist:
            item_lines(item, "  [ ] ", "      ")

    if report.has_draft:
        lines.append("")
        lines.append(_wrap(draft_pointer, ""))
    lines.append("")
    lines.append(_wrap(f"Quotes (\u201c\u2026\u201d) are from {report.attribution}, {report.url}. "
                       f"Advice marked \u201c{OURS}\u201d is the project's own.", ""))
    return "\n".join(lines)


def render(advice, rules, color=False, explain=False, width=WIDTH, draft_pointer=None, goal_options=None,
           goal_fix=None):
    """The report as text (build, then render_text)."""
    return render_text(build(advice, rules, goal_options, goal_fix), color=color, explain=explain, width=width,
                       draft_pointer=draft_pointer)

