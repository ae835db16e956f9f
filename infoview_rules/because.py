"""`because` in words: the answers that made a finding fire, as one line."""

from . import conditions


def format_because(because, reasons=()):
    """The answers in `because`; when it names none, the conditions that held instead
    (the classification, list values not picked), from the finding's `reasons`."""
    if not because:
        held = []
        for reason in reasons:
            if reason.field == conditions.CLASSIFICATION:
                held.append(f"classification = {reason.values[0]}")
            elif not reason.positive:
                held.append(f"{reason.field} has none of {', '.join(reason.values)}")
        return "; ".join(held) if held else "no answer in particular (a question left unanswered?)"
    parts = []
    for key, value in because.items():
        if key == "goal_phrases":
            parts.extend(f'{goal} from "{words}"' for goal, words in value.items())
        else:
            parts.append(f"{key} = {', '.join(value) if isinstance(value, list) else value}")
    return "; ".join(parts)
