"""The readable report of one consultation."""

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


def _wrap(text, indent="  "):
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def render(advice, rules, color=False, explain=True):
    """The report as text; `color` adds ANSI styles."""

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
