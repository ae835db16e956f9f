"""The readable report of one consultation."""

import functools
import textwrap

import click

from .because import format_because

KIND_STYLE = {
    "mismatch": ("MISMATCH", "red"),
    "caution": ("CAUTION", "yellow"),
    "tip": ("TIP", "cyan"),
    "strength": ("STRENGTH", "green"),
}
WIDTH = 78


def _wrap_to(text, indent="  ", width=WIDTH):
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def goal_reading_lines(advice, rules):
    """What was read from goal_text, to confirm; or an honest 'could not tell', with the list."""
    from .phrases import unread_message

    goals = rules.schema.fields["goals"]
    if advice.goal_text_unread:
        choices = ", ".join(f"{v} ({label.lower()})" for v, label in zip(goals.values, goals.labels))
        return [unread_message(advice.goal_text) + f" The goals field takes: {choices}."]
    if advice.goal_phrases:
        return ["Those read from your own words are a reading, not a certainty: if one is wrong, "
                "list your goals in the goals field instead."]
    return []


def render(advice, rules, color=False, explain=True, width=WIDTH):
    """The report as text, wrapped to `width` columns; `color` adds ANSI styles."""
    _wrap = functools.partial(_wrap_to, width=width)

    def style(text, **kw):
        return click.style(text, **kw) if color else text

    sentence = next(c.sentence for c in rules.classifications if c.id == advice.classification)
    mismatches = sum(f.kind == "mismatch" for f in advice.findings)
    lines = [style("What this meeting is", bold=True), _wrap(sentence)]
    if advice.aligned:
        lines.append(_wrap(style("Your intent and the meeting match.", fg="green")))
    else:
        noun = "mismatch" if mismatches == 1 else "mismatches"
        lines.append(_wrap(style(f"Your intent and the meeting do not match: {mismatches} {noun}.", fg="red")))
    labels = dict(zip(rules.schema.fields["goals"].values, rules.schema.fields["goals"].labels))
    from_text = {p.goal: p.phrase for p in advice.goal_phrases}
    if advice.goals:
        goals = [labels[g] + (f' (from "{from_text[g]}")' if g in from_text else "") for g in advice.goals]
        lines.append(_wrap("Your goals: " + "; ".join(goals) + "."))
    lines.extend(_wrap(line) for line in goal_reading_lines(advice, rules))
    for finding in advice.findings:
        label, fg = KIND_STYLE[finding.kind]
        lines.append("")
        lines.append(style(f"{label}  {finding.id}", fg=fg, bold=True))
        lines.append(_wrap(finding.message))
        others = [c for c in finding.cites if c != finding.quoted]
        cites = finding.quoted + (f"; see also {', '.join(others)}" if others else "")
        lines.append(_wrap(f"\u201c{finding.quote}\u201d ({cites})", indent="    "))
        if explain:
            lines.append(style(_wrap(f"because: {format_because(finding.because)}"), dim=True))
    lines.append("")
    lines.append(_wrap(f"Quotes from {rules.source.attribution()}, {rules.source.url}", indent=""))
    return "\n".join(lines)
