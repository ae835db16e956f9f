"""Loading and validating the rule files (TOML) of a rules folder."""

import os
import re
import threading
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import conditions
from .errors import RulesError, did_you_mean, read_error
from .schema import Field, Schema
from .tables import check_keys, unknown_keys

if TYPE_CHECKING:  # phrases.py is imported only when a goal text is read
    from .guidance import Guidance
    from .phrases import PhraseBook

KINDS = ("mismatch", "caution", "tip", "strength")
Condition = Union[conditions.Lit, conditions.All, conditions.Any]  # a parsed `when`
Term = list[conditions.Lit]  # one disjoint term of a compiled condition: all its literals hold
# the rule engine's own keys in every fact (engine.py): an answers field of that name would break rules
RESERVED_FIELDS = ("sid", "t")
FILES = ("passages.toml", "questions.toml", "classification.toml", "findings.toml", "phrases.toml")
# What to do next (plan, suggestions, questions to ask, checklist, draft) and the
# wording of `because` sentences: optional, loaded by guidance.py.
GUIDANCE_FILES = ("reasons.toml", "plan.toml", "suggestions.toml", "questions-to-ask.toml", "checklist.toml", "draft.toml")


def shipped_rules_dir() -> Path:
    """The rules that ship with the package (inside it once installed)."""
    here = Path(__file__).resolve().parent
    inside = here / "data" / "rules"  # installed: package data (see setup.cfg)
    return inside if inside.is_dir() else here.parent / "rules"


@dataclass(frozen=True)
class Source:
    title: str
    author: str
    site: str
    url: str
    date: str

    def attribution(self) -> str:
        return f'{self.author}, "{self.title}", {self.site}, {self.date}'


@dataclass
class Question:
    field: str
    type: str
    required: bool
    text: str
    help: str
    cites: tuple[str, ...]
    values: tuple[str, ...]
    labels: tuple[str, ...]
    max_length: int
    free_text: str = ""  # the text field words typed at this question go to


@dataclass
class ClassificationRule:
    id: str
    sentence: str
    cites: tuple[str, ...]
    when: Condition | None  # None for the fallback (the raw TOML table until compiled)
    terms: list[Term] = field(default_factory=list)


@dataclass
class FindingRule:
    id: str
    kind: str  # one of KINDS
    cites: tuple[str, ...]
    quote: str
    message: str
    when: Condition
    exclusive: tuple[str, ...]
    quoted: str = ""  # the cited passage the quote is taken from
    terms: list[Term] = field(default_factory=list)
    topic: str = ""  # the report's section heading for it
    suppresses: tuple[str, ...] = ()  # findings the report folds into this one when both fire


@dataclass
class RuleSet:
    directory: Path
    source: Source
    passages: dict[str, str]  # id -> text, in file order
    questions: list[Question]
    schema: Schema
    classifications: list[ClassificationRule]  # in the order they are decided
    findings: list[FindingRule]  # in file order
    phrases: "PhraseBook | None"  # iterates over the phrase rules (None: no goals question)
    domains: conditions.Domains
    guidance: "Guidance | None" = None  # plan, suggestions, questions to ask, ...
    sic: dict[str, tuple[str, ...]] = field(default_factory=dict)  # passage id -> the article's own slips in it
    implements: tuple[str, ...] = ()  # what the rule set says it implements: "contract" (classification.toml)


class _Missing(RulesError):
    """A required key is absent: `_Checks` already reported it, so the checks of its value are skipped."""


def _string(table, key, context, default=None):
    if default is None and isinstance(table, dict) and key not in table:
        raise _Missing(f"{context}: missing key '{key}'")
    value = table.get(key, default)
    if not isinstance(value, str) or (key in table and not value.strip()):
        raise RulesError(f"{context}: '{key}' must be a non-empty string")
    return value


def _strings(table, key, context, default=()):
    value = table.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{context}: '{key}' must be a list of strings")
    return tuple(value)


def _required(table, key, context):
    if key not in table:
        raise _Missing(f"{context}: missing key '{key}'")
    return table[key]


class _Checks:
    """The independent checks of one rule. `with checks:` records a RulesError and
    goes on to the next check, so that a rule with several mistakes reports each
    of them; `done()` raises them together, one line each. A check that needs a
    key already reported missing, or a value already found wrong, is not made
    (the caller skips it), so one mistake gives one error."""

    def __init__(self, table: object, required: tuple[str, ...], optional: tuple[str, ...], context: str) -> None:
        self.errors: list[str] = []
        self.missing: set[str] = set()
        if not isinstance(table, dict):
            self.errors.append(f"{context}: expected a table")
            return
        self.errors, meant = unknown_keys(table, tuple(required) + tuple(optional), context)
        self.missing = {key for key in required if key not in table}
        # a misspelt key is one mistake: its did-you-mean already names the missing key
        self.errors += [f"{context}: missing key '{key}'" for key in required if key in self.missing and key not in meant]

    @property
    def usable(self) -> bool:
        """Whether the rule is a table at all (otherwise no other check can be made)."""
        return not self.errors or not self.errors[0].endswith(": expected a table")

    def __enter__(self) -> "_Checks":
        return self

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> bool:
        if isinstance(error, _Missing):
            return True  # reported with the keys
        if isinstance(error, RulesError):
            self.errors.extend(str(error).splitlines())
            return True
        return False

    def done(self) -> None:
        if self.errors:
            raise RulesError("\n".join(dict.fromkeys(self.errors)))


def _unique(ids, what, file):
    seen = set()
    for rule_id in ids:
        if rule_id in seen:  # named at the second one, which the next pass leaves out
            raise RulesError(f"{_context(file, what.split()[0], rule_id)}: duplicate {what} id '{rule_id}'")
        seen.add(rule_id)


def _read(directory, name):
    import tomllib  # not needed when the compiled rules come from the cache

    path = directory / name
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise RulesError(f"{path}: invalid TOML: nested too deeply") from None
    except UnicodeDecodeError:
        raise RulesError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise read_error(path, error, RulesError, missing="missing rule file", not_a="a rule file") from None


def _entries(directory, name, key, id_key):
    """(path, [(context, table)]) for the [[key]] tables of one rule file, plus the whole file.

    Each context names the file, the line of the table's header and the rule
    (`rules/findings.toml:12: finding job-goal`). Rules rejected earlier in
    this load are left out (see _collect), so that each reports its error once.
    """
    path = directory / name
    data = _read(directory, name)
    items = _list_of_tables(data, key, path)
    headers = _header_lines(path, key)
    entries = _Entries()
    for i, item in enumerate(items, 1):
        label = item.get(id_key, i) if isinstance(item, dict) else i
        first = headers[i - 1] if i <= len(headers) else 0
        last = headers[i] - 1 if i < len(headers) else None
        context = f"{path}:{first}: {key} {label}" if first else f"{path}: {key} {label}"
        _state.where[(str(path), key, str(label))] = context
        _state.blocks[context] = (path, first, last)
        if context not in _state.skip:
            entries.append((context, item))
    return path, entries, data


# --- every error at once, each with its line ---------------------------------
# tomllib keeps no positions, so lines are found by scanning the text, and only
# while rules are being compiled (a cached load never gets here).

class _LoadState(threading.local):
    def __init__(self):
        self.reset()

    def reset(self):
        self.skip = set()  # contexts of rules already rejected in this load
        self.current = None  # the context of the rule being loaded
        self.where = {}  # (path, key, id) -> context
        self.blocks = {}  # context -> (path, first line, last line or None)


_state = _LoadState()


class _Entries(list[dict[str, Any]]):
    """The entries of a rule file; iterating them records which rule is being loaded."""

    def __iter__(self):
        for context, item in list.__iter__(self):
            _state.current = context
            yield context, item
        _state.current = None


def _context(path, key, rule_id):
    """The context (with its line) of a rule loaded earlier, for checks made after the loop."""
    context = _state.where.get((str(path), key, str(rule_id)), f"{path}: {key} {rule_id}")
    _state.current = context
    return context


def _header_lines(path, key):
    """Line numbers of the [[key]] headers of a file, in order (tomllib's order of the tables)."""
    header = re.compile(r"\s*\[\[\s*" + re.escape(key) + r"\s*\]\]")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [n for n, line in enumerate(text.splitlines(), 1) if header.match(line)]


# "pattern '...'" in a phrase rule's error: the pattern as the file spells it (phrases.shown_pattern)
_PATTERN_NAMED = re.compile(r"^pattern (?:'''(.*?)'''|'(.*?)') (?:does not compile|uses unknown word list|repeats a repeat)")


def _refine_line(message):
    """Point the error at the line of the key or value it names, within its rule's table:
    (that line or 0, the message)."""
    for context, (path, first, last) in _state.blocks.items():
        if not first or not message.startswith(context + ":"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()[first - 1:last]
        said = message[len(context) + 1:].strip()
        pattern_named = _PATTERN_NAMED.search(said)  # a phrase rule's pattern: find the line that spells it out
        if pattern_named:
            from .phrases import EXCERPT_MARK

            text = pattern_named.group(1) if pattern_named.group(1) is not None else pattern_named.group(2)
            # a long pattern is shown as an excerpt, cut with "..." and marked where it is wrong
            text = text.removeprefix("...").removesuffix("...").replace(EXCERPT_MARK, "")
            found = [offset for offset, line in enumerate(lines) if text in line]
            if found:
                return first + found[0], f"{path}:{first + found[0]}:" + context[len(f"{path}:{first}:"):] + message[len(context):]
        tokens = [(token, True) for token in re.findall(r"'([^']+)'", said)]
        tokens += [(said.split(" ", 1)[0], False)]  # "quote is not word for word...": the key it starts with
        for token, as_value in tokens:
            pattern = re.compile(r"(^|[\s.{,\[])" + re.escape(token) + r"\s*="
                                 + (r"|\"" + re.escape(token) + r"\"" if as_value else ""))
            found = [offset for offset, line in enumerate(lines)
                     if pattern.search(line.split("#", 1)[0] if '"#' not in line else line)]
            if found:
                # of several lines with the value, the one that also names the field ("unknown value 'yes' for field 'x'")
                others = [other for other, quoted in tokens if quoted and other != token]
                offset = next((o for o in found if any(other in lines[o] for other in others)), found[0])
                return first + offset, f"{path}:{first + offset}:" + context[len(f"{path}:{first}:"):] + message[len(context):]
        return first, message
    return 0, message


def _collect(errors, load, *args):
    """Run `load` until it passes, leaving out each rule it rejects, so that every
    rule's error is reported, not only the first. None if the file as a whole fails."""
    while True:
        _state.current = None
        try:
            return load(*args)
        except RulesError as error:
            message = str(error)
            # one rule's mistakes in the order of their lines
            errors.extend(text for _, text in sorted(map(_refine_line, message.splitlines()), key=lambda found: found[0]))
            current = _state.current
            if current is None or not message.startswith(current + ":"):  # a check made after the rules' loop
                current = next((c for c in _state.blocks if message.startswith(c + ":")), None)
            if current is not None and message.startswith(current + ":") and current not in _state.skip:
                _state.skip.add(current)
                continue
            return None


def _list_of_tables(data, key, path):
    check_keys(data, (key,), {"passage": ("source",), "classification": ("implements",)}.get(key, ()), str(path))
    items = data[key]
    if not isinstance(items, list) or not items:
        raise RulesError(f"{path}: '{key}' must be a non-empty array of tables ([[{key}]])")
    return items


def rule_files(directory):
    """The rule files a folder holds: the required ones, then the optional guidance files present."""
    return FILES + tuple(name for name in GUIDANCE_FILES if (Path(directory) / name).exists())


def _listed_corpus(directory: Path) -> frozenset[str]:
    """The names of the files in `directory` that its phrases.toml lists under [model] corpus
    (read only when the folder holds a .toml file of another name; a problem here is left to
    the phrase rules' own loading, which names it)."""
    import tomllib

    try:
        listed = tomllib.loads((directory / "phrases.toml").read_text(encoding="utf-8"))["model"]["corpus"]
        return frozenset(name for name in listed if isinstance(name, str) and Path(name).name == name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return frozenset()


def _corpus_like(path: Path) -> bool:
    """True if the file at `path` is shaped like a labelled corpus (tables of `cases`)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return bool(data) and all(isinstance(table, dict) and "cases" in table for table in data.values())


def load_rules(directory: "str | PathLike[str] | None" = None, cache: bool = True) -> RuleSet:
    """Load, validate and compile the rules in `directory` (default: the shipped rules).

    The compiled rules are cached (see rules_cache): what the rules don't
    change is not rebuilt on the next start. `cache=False` for throwaway rules.
    """
    directory = Path(directory) if directory is not None else shipped_rules_dir()
    if not directory.exists():
        raise RulesError(f"{directory}: no such folder (the rules folder does not exist)")
    if not directory.is_dir():
        raise RulesError(f"{directory}: not a rules folder (it is a file)")
    unknown = [path for path in sorted(directory.glob("*.toml")) if path.name not in FILES + GUIDANCE_FILES]
    if unknown:  # an adviser's corpus file kept beside the rules is no rule file: phrases.toml lists it
        unknown = [path for path in unknown if path.name not in _listed_corpus(directory)]
    problems = [f"{path}: unknown rule file (expected: {', '.join(FILES + GUIDANCE_FILES)})"
                + (f"; a corpus file of your sentences kept here: list it in phrases.toml under [model], "
                   f"as corpus = [\"{path.name}\"]" if _corpus_like(path) else did_you_mean(path.name, FILES + GUIDANCE_FILES))
                for path in unknown]
    missing = [name for name in FILES if not (directory / name).exists()]
    inside = os.path.join(str(directory), "rules")  # "./rules" for ".": as `infoview init` lays a folder out
    if len(missing) == len(FILES) and all(os.path.isfile(os.path.join(inside, name)) for name in FILES):
        problems.append(f"{directory}: holds no rule files, but {inside} does; did you mean --rules {inside}?")
    else:
        problems += [f"{directory / name}: missing rule file" for name in missing]
    if problems:
        raise RulesError("\n".join(problems))
    from . import rules_cache

    path = rules_cache.cache_file(directory, rule_files(directory)) if cache else None
    rules: RuleSet | None = rules_cache.load(path, directory) if path is not None else None
    if rules is None:
        try:
            rules = _compile(directory)
        except RecursionError:
            raise RulesError(f"{directory}: a condition is nested too deeply") from None
        if path is not None:
            rules_cache.store(path, rules)
    if rules.phrases is not None:
        # the goal model's file is named relative to this folder; a cache entry can be shared by
        # another folder holding the same rule files
        rules.phrases.folder = str(directory)
    return rules


def _compile(directory: Path) -> RuleSet:
    """Load every rule file; a RulesError lists every error found, one per line.

    A file is checked only when the files it builds on loaded cleanly, so that
    one broken passage does not show up again as a dozen unknown citations.
    """
    _state.reset()
    errors: list[str] = []
    source, passages = _collect(errors, _load_passages, directory) or (None, None)
    questions = schema = classifications = findings = phrases = domains = None
    if not errors:
        questions, schema = _collect(errors, _load_questions, directory, passages) or (None, None)
        before = len(errors)
        # conditions are checked against the questions only when these loaded cleanly (no follow-on errors)
        classifications = _collect(errors, _load_classifications, directory, passages, None if errors else schema)
        if not errors:
            domains = conditions.Domains(schema, [c.id for c in classifications])
            _collect(errors, _compile_classifications, classifications, domains, directory / "classification.toml")
            if len(errors) == before:
                findings = _collect(errors, _load_findings, directory, passages, domains)
        if schema is not None and "goals" in schema.fields:
            phrases = _collect(errors, _load_phrases, directory, schema)
    if errors:
        _state.reset()
        raise RulesError("\n".join(errors))
    _check_engine_size(classifications, findings, directory)
    assert source is not None and passages is not None and questions is not None and schema is not None
    assert classifications is not None and findings is not None and domains is not None  # no errors: all loaded
    rules = RuleSet(directory, source, passages, questions, schema, classifications, findings, phrases, domains)
    rules.implements = _implements(directory / "classification.toml")
    rules.sic = _load_sic(directory)
    from .guidance import load_guidance

    # the guidance files build on all the others: checked once these loaded cleanly
    rules.guidance = _collect(errors, load_guidance, rules)
    _state.reset()
    if errors:
        raise RulesError("\n".join(errors))
    return rules


def _implements(path):
    """`implements = "contract"` (or a list) at the top of classification.toml: the
    rule set says it implements the product's contract, and verify checks it does."""
    value = _read(path.parent, path.name).get("implements", [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RulesError(f"{path}: 'implements' must be a string or a list of strings")
    unknown = [v for v in values if v != "contract"]
    if unknown:
        raise RulesError(f"{path}: implements unknown '{unknown[0]}' (known: contract)" + did_you_mean(unknown[0], ["contract"]))
    return tuple(values)


def _check_engine_size(classifications, findings, directory):
    sizes = [(len(r.terms), f"classification {r.id}") for r in classifications]
    sizes += [(len(r.terms), f"finding {r.id}") for r in findings]
    total = sum(n for n, _ in sizes)
    if total > conditions.MAX_ENGINE_RULES:
        biggest = ", ".join(f"{name} ({n})" for n, name in sorted(sizes, reverse=True)[:3])
        raise RulesError(
            f"{directory}: the rules compile to {total} engine rules, more than the rule engine "
            f"handles safely ({conditions.MAX_ENGINE_RULES}); the largest: {biggest}. "
            "Simplify the conditions with the most overlapping 'any' branches"
        )


def _load_passages(directory):
    path, entries, data = _entries(directory, "passages.toml", "passage", "id")
    check_keys(data.get("source"), ("title", "author", "site", "url", "date"), (), f"{path}: [source]")
    source = Source(**{k: _string(data["source"], k, f"{path}: [source]") for k in ("title", "author", "site", "url", "date")})
    passages = {}
    for context, item in entries:
        checks = _Checks(item, ("id", "text"), ("sha256", "sic"), context)
        passage_id = text = None
        if checks.usable:
            with checks:
                passage_id = _string(item, "id", context)
            with checks:
                text = _string(item, "text", context)
            if passage_id is not None and text is not None:
                with checks:
                    _check_pin(item, path)
        checks.done()
        passages[passage_id] = text
    _unique([item["id"] for _, item in entries], "passage", path)
    return source, passages


def passage_pin(text):
    """The fingerprint a passage is pinned by: the sha256 of its text (UTF-8)."""
    import hashlib  # only when rules are compiled, not on a cached start

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pin_problem(passage_id, text, pinned, path):
    """Why a passage's text does not match its pin, or "" when it does."""
    actual = passage_pin(text)
    if pinned == actual:
        return ""
    if pinned is None:
        return f"{path}: passage {passage_id}: has no pin; pin it by adding: sha256 = \"{actual}\""
    return (f"{path}: passage {passage_id}: its text does not match its pin (sha256 {str(pinned)[:12]}...); "
            f"the article's quotes must not change by accident. If you changed the text on purpose, "
            f"check it is word for word the article's and re-pin it: sha256 = \"{actual}\"")


def _check_pin(item, path):
    problem = pin_problem(item["id"], item["text"], item.get("sha256"), path)
    if problem:
        raise RulesError(problem)
    for slip in _strings(item, "sic", f"{path}: passage {item['id']}"):
        if slip not in item["text"]:
            raise RulesError(f"{path}: passage {item['id']}: sic {slip!r} is not in its text")


def _load_sic(directory):
    """passage id -> the article's own slips in it (marked [sic] in the report)."""
    data = _read(directory, "passages.toml")
    return {p["id"]: tuple(p["sic"]) for p in data["passage"] if p.get("sic")}


def _check_cites(cites, passages, context):
    for cite in cites:
        if cite not in passages:
            raise RulesError(
                f"{context}: cites unknown passage '{cite}' (known: {', '.join(passages)})" + did_you_mean(cite, passages)
            )


def _load_questions(directory, passages):
    path, entries, _ = _entries(directory, "questions.toml", "question", "field")
    questions = []
    for context, item in entries:
        checks = _Checks(item, ("field", "type", "text"), ("required", "help", "cites", "values", "max_length", "free_text"), context)
        if not checks.usable:
            checks.done()
        kind = None
        with checks:
            kind = _string(item, "type", context)
            if kind not in ("choice", "multi", "text"):
                raise RulesError(f"{context}: unknown type '{kind}' (allowed: choice, multi, text)"
                                 + did_you_mean(kind, ("choice", "multi", "text")))
        values, labels = [], []
        with checks:
            listed = item.get("values", [])
            if not isinstance(listed, list):
                raise RulesError(f"{context}: 'values' must be an array of tables ([[question.values]])")
            for value in listed:
                value_checks = _Checks(value, ("value", "label"), (), f"{context}: value")
                if value_checks.usable:
                    with value_checks:
                        values.append(_string(value, "value", context))
                    with value_checks:
                        labels.append(_string(value, "label", context))
                checks.errors += value_checks.errors
        if kind in ("choice", "multi") and not item.get("values"):
            checks.errors.append(f"{context}: a {kind} question needs 'values'")
        if len(set(values)) != len(values):
            checks.errors.append(f"{context}: duplicate values")
        cites = ()
        with checks:
            cites = _strings(item, "cites", context)
            _check_cites(cites, passages, context)
        max_length = item.get("max_length", 0)
        if kind == "text" and (not isinstance(max_length, int) or max_length <= 0):
            checks.errors.append(f"{context}: a text question needs a positive 'max_length'")
        required = item.get("required", False)
        if not isinstance(required, bool):
            checks.errors.append(f"{context}: 'required' must be true or false")
        name = text = None
        with checks:
            name = _string(item, "field", context)
        with checks:
            text = _string(item, "text", context)
        checks.done()
        questions.append(Question(
            name, kind, required, text,
            item.get("help", ""), cites, tuple(values), tuple(labels), max_length, item.get("free_text", ""),
        ))
    _unique([q.field for q in questions], "question field", path)
    for q in questions:
        if q.field in RESERVED_FIELDS:
            raise RulesError(f"{path}: question {q.field}: the field name '{q.field}' is reserved "
                             f"(the rule engine keys every fact by {' and '.join(RESERVED_FIELDS)}); choose another name")
    texts = {q.field for q in questions if q.type == "text"}
    for q in questions:
        if q.free_text and (q.type != "multi" or q.free_text not in texts):
            raise RulesError(f"{_context(path, 'question', q.field)}: free_text must name a text question's field, on a multi question")
    schema = Schema([Field(q.field, q.type, q.required, q.values, q.labels, q.max_length) for q in questions])
    return questions, schema


def _load_classifications(directory, passages, schema):
    path, entries, _ = _entries(directory, "classification.toml", "classification", "id")
    domains = None  # a classification's `when` is checked here, compiled later
    if schema is not None:
        domains = conditions.Domains(schema, [item.get("id") for _, item in entries if isinstance(item, dict)])
    rules = []
    for context, item in entries:
        checks = _Checks(item, ("id", "sentence"), ("cites", "when"), context)
        if not checks.usable:
            checks.done()
        cites = ()
        with checks:
            cites = _strings(item, "cites", context)
            _check_cites(cites, passages, context)
        rule_id = sentence = None
        with checks:
            rule_id = _string(item, "id", context)
        with checks:
            sentence = _string(item, "sentence", context)
        if item.get("when") is not None and domains is not None:
            with checks:
                conditions.parse(item["when"], domains, context, allow_classification=False)
        checks.done()
        rules.append(ClassificationRule(rule_id, sentence, cites, item.get("when")))
    _unique([r.id for r in rules], "classification", path)
    for rule in rules[:-1]:
        if rule.when is None:
            raise RulesError(f"{_context(path, 'classification', rule.id)}: only the last classification may have no 'when'")
    return rules


def _compile_classifications(rules, domains, path):
    earlier = []
    for rule in rules:
        context = _context(path, "classification", rule.id)
        if context in _state.skip:
            continue
        if rule.terms:  # already compiled on an earlier pass
            if rule.when is not None:
                earlier.append(rule.when)
            continue
        node = conditions.parse(rule.when, domains, context, allow_classification=False) if rule.when is not None else None
        rule.when = node
        rule.terms = conditions.compile_terms(node, domains, earlier, context)
        if not rule.terms:
            raise RulesError(f"{context}: can never apply (the earlier classifications cover it)")
        if node is not None:
            earlier.append(node)


def _load_findings(directory, passages, domains):
    path, entries, data = _entries(directory, "findings.toml", "finding", "id")
    # every finding named in the file, rejected or not: naming one with a mistake is no follow-on error
    ids = {item["id"] for item in data["finding"] if isinstance(item, dict) and isinstance(item.get("id"), str)}
    findings = []
    for context, item in entries:
        checks = _Checks(item, ("id", "kind", "cites", "quote", "message", "when"), ("exclusive", "topic", "suppresses"), context)
        if not checks.usable:
            checks.done()
        kind = None
        with checks:
            kind = _string(item, "kind", context)
            if kind not in KINDS:
                raise RulesError(f"{context}: unknown kind '{kind}' (allowed: {', '.join(KINDS)})" + did_you_mean(kind, KINDS))
        cites = None  # set once they are known good: the quote is looked for in them
        with checks:
            listed = _strings(item, "cites", context)
            if not listed:
                raise RulesError(f"{context}: cites no passage")
            _check_cites(listed, passages, context)
            cites = listed
        node = None
        with checks:
            node = conditions.parse(_required(item, "when", context), domains, context)
        fields = {}
        for key in ("id", "quote", "message"):
            with checks:
                fields[key] = _string(item, key, context)
        exclusive = topic = suppresses = None
        with checks:
            exclusive = _strings(item, "exclusive", context)
        with checks:
            topic = _string(item, "topic", context, default="")
        with checks:
            suppresses = _strings(item, "suppresses", context)
        rule_id = fields.get("id")
        checks.errors += [f"{context}: exclusive with unknown finding '{other}'" + did_you_mean(other, ids)
                          for other in exclusive or () if other not in ids]
        checks.errors += [f"{context}: suppresses unknown finding '{other}'" + did_you_mean(other, ids)
                          for other in suppresses or () if other not in ids or other == rule_id]
        quoted = ""
        if cites is not None and "quote" in fields:
            quoted = next((c for c in cites if fields["quote"] in passages[c]), "")
            if not quoted:
                checks.errors.append(f"{context}: quote is not word for word in any cited passage ({', '.join(cites)})")
        if node is not None:
            with checks:
                terms = conditions.compile_terms(node, domains, context=context)
                if not terms:
                    raise RulesError(f"{context}: its condition can never hold")
        checks.done()
        rule = FindingRule(fields["id"], kind, cites, fields["quote"], fields["message"], node, exclusive)
        rule.topic, rule.suppresses, rule.quoted, rule.terms = topic, suppresses, quoted, terms
        findings.append(rule)
    _unique([f.id for f in findings], "finding", path)
    return findings


def _load_phrases(directory, schema):
    from .phrases import load_phrase_book

    path = directory / "phrases.toml"
    data = _read(directory, "phrases.toml")
    return load_phrase_book(path, data, schema.fields["goals"].values, _phrase_where(path))


def _phrase_where(path):
    """Contexts with lines for phrases.toml's errors, as _entries gives the other files'.

    A [[phrase]] or [[scope]] table rejected earlier in this load is left out
    (None), so that every phrase rule's error is reported; an error in [words],
    [reading] or [spelling] ends the file's check (the patterns build on them).
    """
    headers = {key: _header_lines(path, key) for key in ("phrase", "scope")}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    tables = {m.group(1): n for n, line in enumerate(lines, 1) if (m := re.match(r"\s*\[\s*([a-z_]+)\s*\]", line))}

    def where(section, index, label):
        if index:
            found = headers[section]
            first = found[index - 1] if index <= len(found) else 0
            last = found[index] - 1 if index < len(found) else None
            context = f"{path}:{first}: {section} {label}" if first else f"{path}: {section} {label}"
            _state.where[(str(path), section, label)] = context
            _state.blocks[context] = (path, first, last)
            if context in _state.skip:
                return None
            _state.current = context
            return context
        _state.current = None
        first = tables.get(section, 0)
        if first and label:  # the line of the key within its table
            key = re.compile(r"\s*" + re.escape(label) + r"\s*=")
            end = next((n for n in range(first + 1, len(lines) + 1) if lines[n - 1].lstrip().startswith("[")), len(lines) + 1)
            first = next((n for n in range(first + 1, end) if key.match(lines[n - 1])), first)
        return f"{path}:{first}: [{section}] {label}".rstrip() if first else f"{path}: [{section}] {label}".rstrip()

    return where
