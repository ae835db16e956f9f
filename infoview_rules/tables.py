"""Checking the keys of a TOML table (a rule, a scenario, a case): one wording for every file."""

from .errors import RulesError, did_you_mean


def check_keys(table, required, optional, context, error=RulesError):
    """Raise `error` unless `table` is a table with every required key and no unknown key."""
    if not isinstance(table, dict):
        raise error(f"{context}: expected a table")
    allowed = tuple(required) + tuple(optional)
    for key in table:
        if key not in allowed:
            raise error(f"{context}: unknown key '{key}' (allowed: {', '.join(allowed)})" + did_you_mean(key, allowed))
    for key in required:
        if key not in table:
            raise error(f"{context}: missing key '{key}'")
