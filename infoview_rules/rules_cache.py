"""The compiled-rules cache: plain JSON data, checked on load, never code.

Compiling the rule files (TOML parsing, condition compilation) costs more than
the rest of `infoview advise`, so the compiled form is kept between runs. The
cache is a file anyone with write access to the cache folder could plant, so:
- it is JSON, decoded into an allowlist of infoview's own data classes, and
  nothing else (no pickle: unpickling can run code);
- every entry is checked on load (shape, types, field names, condition values
  within the answers' domains); anything that fails to parse or to check is
  a miss: the rules are compiled afresh and the entry is rewritten.

The key hashes the rule files' bytes and infoview's own source, so an edit to
either compiles afresh. INFOVIEW_CACHE_DIR moves the cache; an empty value
turns it off. Without it, $XDG_CACHE_HOME/infoview or ~/.cache/infoview; an
empty or relative HOME means no cache (never /.cache).
"""

import dataclasses
import json
import os
import re
from pathlib import Path

FORMAT = "2"
KEEP = 32  # entries kept: every edit of the rules makes a new one
SUFFIX = ".json"
MAX_BYTES = 16 << 20  # far above any real entry; a bigger file is not read
TAG = "~"


def cache_folder():
    """The cache folder, or None when there is to be no cache."""
    folder = os.environ.get("INFOVIEW_CACHE_DIR")
    if folder is not None:
        return Path(folder) if folder else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "infoview"
    home = os.environ["HOME"] if "HOME" in os.environ else os.path.expanduser("~")
    if not home or not os.path.isabs(home):
        return None  # HOME="" would put the cache in /.cache
    return Path(home) / ".cache" / "infoview"


def cache_file(directory, names):
    """Where the compiled form of these exact rule files would be cached, or None."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        from _blake2 import blake2b  # CPython's builtin: hashlib would load OpenSSL, slowing start-up
    except ImportError:
        from hashlib import blake2b
    digest = blake2b(FORMAT.encode(), digest_size=16)
    try:
        for name in names:
            digest.update(name.encode() + b"\0" + (Path(directory) / name).read_bytes() + b"\0")
        for source in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(source.read_bytes())
    except OSError:
        return None  # a missing file: load normally, which reports it
    return folder / f"rules-{digest.hexdigest()}{SUFFIX}"


# --- encoding ---------------------------------------------------------------


def _classes():
    """The only classes an entry may name: infoview's own plain data. Every
    dataclass defined in the modules the compiled rules are made of (so a new
    kind of rule is cached without a change here), and two plain classes."""
    from . import conditions, phrases, rules, schema

    found = {}
    for module in (rules, schema, conditions, phrases):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value):
                found[value.__name__] = value
    found.update(Schema=schema.Schema, Domains=conditions.Domains)
    return found


def _encode(value, classes):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_encode(v, classes) for v in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "items": [_encode(v, classes) for v in value]}
    if isinstance(value, frozenset):
        return {TAG: "frozenset", "items": sorted(_encode(v, classes) for v in value)}
    if isinstance(value, dict):
        return {TAG: "dict", "items": [[_encode(k, classes), _encode(v, classes)] for k, v in value.items()]}
    if isinstance(value, re.Pattern):
        return {TAG: "regex", "pattern": value.pattern, "flags": value.flags}
    if isinstance(value, Path):
        return {TAG: "path", "path": str(value)}
    name = type(value).__name__
    if classes.get(name) is not type(value):
        raise TypeError(f"cannot cache a {type(value).__qualname__}")
    if dataclasses.is_dataclass(value):
        attrs = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    else:
        attrs = vars(value)
    return {TAG: name, "attrs": {k: _encode(v, classes) for k, v in attrs.items()}}


def encode(rules):
    """The cache entry (JSON text) for a compiled RuleSet; TypeError if it holds
    something the cache cannot keep."""
    return json.dumps({"format": FORMAT, "rules": _encode(rules, _classes())}, ensure_ascii=False, separators=(",", ":"))


class BadEntry(ValueError):
    """A cache entry that does not parse or check: a miss."""


def _expect(ok, what):
    if not ok:
        raise BadEntry(what)


def _decoder(classes):
    def decode(obj):
        tag = obj.get(TAG)
        if tag is None:  # the top level, or a tagged object's attributes: checked there
            return obj
        if tag in ("tuple", "frozenset"):
            _expect(set(obj) == {TAG, "items"} and isinstance(obj["items"], list), tag)
            return tuple(obj["items"]) if tag == "tuple" else frozenset(obj["items"])
        if tag == "dict":
            items = obj.get("items")
            _expect(set(obj) == {TAG, "items"} and isinstance(items, list), "dict")
            _expect(all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in items), "dict items")
            return dict(items)
        if tag == "regex":
            _expect(set(obj) == {TAG, "pattern", "flags"}, "regex")
            pattern, flags = obj["pattern"], obj["flags"]
            _expect(isinstance(pattern, str) and type(flags) is int, "regex")
            return re.compile(pattern, flags)
        if tag == "path":
            _expect(set(obj) == {TAG, "path"} and isinstance(obj["path"], str), "path")
            return Path(obj["path"])
        cls = classes.get(tag) if isinstance(tag, str) else None
        _expect(cls is not None and set(obj) == {TAG, "attrs"} and isinstance(obj["attrs"], dict), f"class {tag!r}")
        attrs = obj["attrs"]
        if dataclasses.is_dataclass(cls):
            _expect(set(attrs) == {f.name for f in dataclasses.fields(cls)}, f"fields of {tag}")
            return cls(**attrs)
        value = cls.__new__(cls)
        value.__dict__.update(attrs)
        return value

    return decode


def decode(text, directory):
    """The RuleSet in a cache entry's text; BadEntry (or another ValueError,
    TypeError, RecursionError...) if it does not parse or check."""
    from .rules import RuleSet

    data = json.loads(text, object_hook=_decoder(_classes()))
    _expect(isinstance(data, dict) and data.get("format") == FORMAT, "format")
    rules = data["rules"]
    _expect(type(rules) is RuleSet, "not a rule set")
    check(rules)
    rules.directory = Path(directory)
    return rules


def check(rules):
    """Check a decoded RuleSet's shape: what the advisor and the engine rely on."""
    from . import conditions, rules as rules_module, schema as schema_module

    _expect(type(rules.schema) is schema_module.Schema and isinstance(rules.schema.fields, dict), "schema")
    for name, field in rules.schema.fields.items():
        _expect(type(field) is schema_module.Field and field.name == name, "schema field")
        _expect(isinstance(field.values, tuple) and all(isinstance(v, str) for v in field.values), "field values")
    domains = rules.domains
    _expect(type(domains) is conditions.Domains and set(vars(domains)) == {"values", "is_list"}, "domains")
    _expect(isinstance(domains.values, dict) and isinstance(domains.is_list, dict), "domains")
    _expect(set(domains.values) == set(domains.is_list), "domains")
    for field, values in domains.values.items():
        _expect(isinstance(values, tuple) and all(isinstance(v, str) for v in values), "domain values")
        _expect(type(domains.is_list[field]) is bool, "domain list flag")
        if field != conditions.CLASSIFICATION:
            _expect(field in rules.schema.fields and rules.schema.fields[field].values == values, "domain field")
    _expect(list(domains.values[conditions.CLASSIFICATION]) == [c.id for c in rules.classifications], "classifications")

    def lit_ok(lit):
        _expect(type(lit) is conditions.Lit and lit.field in domains.values, "literal field")
        _expect(lit.is_list is domains.is_list[lit.field] and type(lit.positive) is bool and type(lit.guard) is bool, "literal")
        _expect(type(lit.values) is frozenset and lit.values and lit.values <= set(domains.values[lit.field]), "literal values")

    def node_ok(node):
        if type(node) in (conditions.All, conditions.Any):
            _expect(isinstance(node.parts, tuple) and node.parts, "condition")
            for part in node.parts:
                node_ok(part)
        else:
            lit_ok(node)

    for kind, items in (("classification", rules.classifications), ("finding", rules.findings)):
        cls = rules_module.ClassificationRule if kind == "classification" else rules_module.FindingRule
        _expect(isinstance(items, list) and all(type(r) is cls for r in items), kind)
        for i, rule in enumerate(items):
            _expect(isinstance(rule.id, str) and isinstance(rule.terms, list) and rule.terms, f"{kind} terms")
            if rule.when is not None or kind == "finding" or i < len(items) - 1:
                node_ok(rule.when)
            for term in rule.terms:
                _expect(isinstance(term, list), "term")
                for lit in term:
                    lit_ok(lit)
    from .phrases import check_book

    check_book(rules.phrases, rules.schema.fields["goals"].values)  # ValueError if it does not check
    _expect(isinstance(rules.passages, dict) and isinstance(rules.questions, list), "passages, questions")


# --- reading and writing ------------------------------------------------------


def load(path, directory):
    """The cached RuleSet at `path`, or None: absent, unreadable, or failing to
    parse or check are all a miss."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        return decode(raw.decode("utf-8"), directory)
    except Exception:  # noqa: BLE001 - any failure at all is a miss, never an error
        return None


def store(path, rules):
    """Write the entry for `rules`; keep only the newest KEEP entries. Never fails:
    a read-only home, or rules the cache cannot keep, only cost the next start."""
    from .files import write_atomically

    try:
        text = encode(rules)
    except (TypeError, ValueError, RecursionError):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
        entries = sorted(path.parent.glob("rules-*" + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
        stale = entries[KEEP:] + list(path.parent.glob("rules-*.pickle"))  # pickles of older infoviews
        for old in stale:
            old.unlink()
    except OSError:
        pass
