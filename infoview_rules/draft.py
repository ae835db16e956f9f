"""A draft of the message that asks for the meeting, built from the answers.

The paragraphs are rules in draft.toml, chosen by the engine like every other
piece of advice. The person fills in the [bracketed] parts; nothing is sent.
"""

from dataclasses import dataclass, field

from .report import _item


@dataclass
class Draft:
    message: str  # "" when there is nothing to ask for (a job interview)
    notes: list = field(default_factory=list)  # Items: advice about the message


def build_draft(advice, rules):
    paragraphs = advice.next_steps.draft
    message = "\n\n".join(c.rule.text for c in paragraphs if c.rule.part == "message")
    notes = [_item(c, rules) for c in paragraphs if c.rule.part == "note"]
    return Draft(message, notes)


def render_draft(draft, explain=False, width=None):
    """The draft as text, `width` columns wide (the report's width when not given)."""
    import functools
    import textwrap

    from .report import OURS, WIDTH, _explain_quote

    columns = width or WIDTH
    fill = functools.partial(textwrap.fill, width=columns, break_on_hyphens=False, break_long_words=False)
    rule = "-" * min(46, columns)
    lines = []
    if draft.message:
        lines += [fill("Draft message (edit it, then send it yourself)"), rule]
        for paragraph in draft.message.split("\n\n"):
            lines += [fill(line) for line in paragraph.split("\n")]
            lines.append("")
        lines.append(rule)
    if draft.notes:
        lines += ["", "Before you send it:" if draft.message else "About asking for this meeting:"]
        for note in draft.notes:
            text = note.text + (f"  [{note.id}]" if explain else "")
            lines.append(fill(text, initial_indent="  - ", subsequent_indent="    "))
            if note.quote is not None:
                ref = f" ({_explain_quote(note.quote)})" if explain else ""
                lines.append(fill(f"\u201c{note.quote.readable}\u201d{ref}",
                                initial_indent="      ", subsequent_indent="      "))
            else:
                lines.append(fill(f"({OURS})", initial_indent="      ", subsequent_indent="      "))
    return "\n".join(lines).strip("\n")

