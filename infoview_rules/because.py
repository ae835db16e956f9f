"""`because` in words: the answers that made a finding fire, as one line."""


def format_because(because):
    if not because:
        return "of the classification alone"
    parts = []
    for key, value in because.items():
        if key == "goal_phrases":
            parts.extend(f'{goal} from "{words}"' for goal, words in value.items())
        else:
            parts.append(f"{key} = {', '.join(value) if isinstance(value, list) else value}")
    return "; ".join(parts)
