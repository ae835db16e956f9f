"""Checking the keys of a TOML table (a rule, a scenario, a case): one wording for every file."""

from .errors import RulesError, did_you_mean


def unknown_keys(table, allowed, context):
    """(one error per key of `table` not in `allowed`, each with its did-you-mean;
    the allowed keys those did-you-means name). A key named so is misspelt, not
    missing: callers do not report it missing as well (one mistake, one error)."""
    errors, meant = [], set()
    for key in table:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            errors.append(f"{context}: unknown key '{key}' (allowed: {', '.join(allowed)})" + hint)
            if hint:
                meant.add(hint.split("'")[1])
    return errors, meant


def check_keys(table, required, optional, context, error=RulesError):
    """Raise `error` unless `table` is a table with every required key and no unknown key."""
    if not isinstance(table, dict):
        raise error(f"{context}: expected a table")
    unknown, _ = unknown_keys(table, tuple(required) + tuple(optional), context)
    if unknown:
        raise error(unknown[0])
    for key in required:
        if key not in table:
            raise error(f"{context}: missing key '{key}'")
