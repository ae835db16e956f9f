"""Loading and validating the rule files (TOML) of a rules folder."""

from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Union

from . import conditions
from .errors import RulesError, did_you_mean, read_error
from .schema import Field, Schema
from .tables import check_keys

if TYPE_CHECKING:  # phrases.py is imported only when a goal text is read
    from .phrases import PhraseBook

KINDS = ("mismatch", "caution", "tip", "strength")
Condition = Union[conditions.Lit, conditions.All, conditions.Any]  # a parsed `when`
Term = list[conditions.Lit]  # one disjoint term of a compiled condition: all its literals hold
# the rule engine's own keys in every fact (engine.py): an answers field of that name would break rules
RESERVED_FIELDS = ("sid", "t")
FILES = ("passages.toml", "questions.toml", "classification.toml", "findings.toml", "phrases.toml")


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


@dataclass
class RuleSet:
    directory: Path
    source: Source
    passages: dict[str, str]  # id -> text, in file order
    questions: list[Question]
    schema: Schema
    classifications: list[ClassificationRule]  # in the order they are decided
    findings: list[FindingRule]  # in file order
    phrases: "PhraseBook"  # iterates over the phrase rules
    domains: conditions.Domains


def _string(table, key, context, default=None):
    value = table.get(key, default)
    if not isinstance(value, str) or (key in table and not value.strip()):
        raise RulesError(f"{context}: '{key}' must be a non-empty string")
    return value


def _strings(table, key, context, default=()):
    value = table.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{context}: '{key}' must be a list of strings")
    return tuple(value)


def _unique(ids, what, file):
    seen = set()
    for rule_id in ids:
        if rule_id in seen:
            raise RulesError(f"{file}: duplicate {what} id '{rule_id}'")
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
    """(path, [(context, table)]) for the [[key]] tables of one rule file, plus the whole file."""
    path = directory / name
    data = _read(directory, name)
    items = _list_of_tables(data, key, path)
    entries = []
    for i, item in enumerate(items, 1):
        label = item.get(id_key, i) if isinstance(item, dict) else i
        entries.append((f"{path}: {key} {label}", item))
    return path, entries, data


def _list_of_tables(data, key, path):
    check_keys(data, (key,), ("source",) if key == "passage" else (), str(path))
    items = data[key]
    if not isinstance(items, list) or not items:
        raise RulesError(f"{path}: '{key}' must be a non-empty array of tables ([[{key}]])")
    return items


def load_rules(directory: "str | PathLike[str] | None" = None, cache: bool = True) -> RuleSet:
    """Load, validate and compile the rules in `directory` (default: the shipped rules).

    The compiled rules are cached (see rules_cache): what the rules don't
    change is not rebuilt on the next start. `cache=False` for throwaway rules.
    """
    directory = Path(directory) if directory is not None else shipped_rules_dir()
    if not directory.is_dir():
        raise RulesError(f"{directory}: not a rules folder")
    for file in sorted(directory.glob("*.toml")):
        if file.name not in FILES:
            raise RulesError(f"{file}: unknown rule file (expected: {', '.join(FILES)})")
    from . import rules_cache

    path = rules_cache.cache_file(directory, FILES) if cache else None
    rules: RuleSet | None = rules_cache.load(path, directory) if path is not None else None
    if rules is not None:
        return rules
    try:
        rules = _compile(directory)
    except RecursionError:
        raise RulesError(f"{directory}: a condition is nested too deeply") from None
    if path is not None:
        rules_cache.store(path, rules)
    return rules


def _compile(directory: Path) -> RuleSet:
    source, passages = _load_passages(directory)
    questions, schema = _load_questions(directory, passages)
    classifications = _load_classifications(directory, passages)
    domains = conditions.Domains(schema, [c.id for c in classifications])
    _compile_classifications(classifications, domains, directory / "classification.toml")
    findings = _load_findings(directory, passages, domains)
    phrases = _load_phrases(directory, schema)
    _check_engine_size(classifications, findings, directory)
    return RuleSet(directory, source, passages, questions, schema, classifications, findings, phrases, domains)


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
        check_keys(item, ("id", "text"), (), context)
        passages[_string(item, "id", context)] = _string(item, "text", context)
    _unique([item["id"] for _, item in entries], "passage", path)
    return source, passages


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
        check_keys(item, ("field", "type", "text"), ("required", "help", "cites", "values", "max_length", "free_text"), context)
        kind = _string(item, "type", context)
        if kind not in ("choice", "multi", "text"):
            raise RulesError(f"{context}: unknown type '{kind}' (allowed: choice, multi, text)")
        values, labels = [], []
        for value in item.get("values", []):
            check_keys(value, ("value", "label"), (), f"{context}: value")
            values.append(_string(value, "value", context))
            labels.append(_string(value, "label", context))
        if kind != "text" and not values:
            raise RulesError(f"{context}: a {kind} question needs 'values'")
        if len(set(values)) != len(values):
            raise RulesError(f"{context}: duplicate values")
        cites = _strings(item, "cites", context)
        _check_cites(cites, passages, context)
        max_length = item.get("max_length", 0)
        if kind == "text" and (not isinstance(max_length, int) or max_length <= 0):
            raise RulesError(f"{context}: a text question needs a positive 'max_length'")
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise RulesError(f"{context}: 'required' must be true or false")
        questions.append(Question(
            _string(item, "field", context), kind, required, _string(item, "text", context),
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
            raise RulesError(f"{path}: question {q.field}: free_text must name a text question's field, on a multi question")
    schema = Schema([Field(q.field, q.type, q.required, q.values, q.labels, q.max_length) for q in questions])
    return questions, schema


def _load_classifications(directory, passages):
    path, entries, _ = _entries(directory, "classification.toml", "classification", "id")
    rules = []
    for context, item in entries:
        check_keys(item, ("id", "sentence"), ("cites", "when"), context)
        cites = _strings(item, "cites", context)
        _check_cites(cites, passages, context)
        rules.append(ClassificationRule(_string(item, "id", context), _string(item, "sentence", context), cites, item.get("when")))
    _unique([r.id for r in rules], "classification", path)
    for rule in rules[:-1]:
        if rule.when is None:
            raise RulesError(f"{path}: classification {rule.id}: only the last classification may have no 'when'")
    return rules


def _compile_classifications(rules, domains, path):
    earlier = []
    for rule in rules:
        context = f"{path}: classification {rule.id}"
        node = conditions.parse(rule.when, domains, context, allow_classification=False) if rule.when is not None else None
        rule.when = node
        rule.terms = conditions.compile_terms(node, domains, earlier, context)
        if not rule.terms:
            raise RulesError(f"{context}: can never apply (the earlier classifications cover it)")
        if node is not None:
            earlier.append(node)


def _load_findings(directory, passages, domains):
    path, entries, _ = _entries(directory, "findings.toml", "finding", "id")
    findings = []
    for context, item in entries:
        check_keys(item, ("id", "kind", "cites", "quote", "message", "when"), ("exclusive",), context)
        kind = _string(item, "kind", context)
        if kind not in KINDS:
            raise RulesError(f"{context}: unknown kind '{kind}' (allowed: {', '.join(KINDS)})" + did_you_mean(kind, KINDS))
        cites = _strings(item, "cites", context)
        if not cites:
            raise RulesError(f"{context}: cites no passage")
        _check_cites(cites, passages, context)
        node = conditions.parse(item["when"], domains, context)
        rule = FindingRule(
            _string(item, "id", context), kind, cites, _string(item, "quote", context),
            _string(item, "message", context), node, _strings(item, "exclusive", context),
        )
        rule.quoted = next((c for c in cites if rule.quote in passages[c]), "")
        if not rule.quoted:
            raise RulesError(f"{context}: quote is not word for word in any cited passage ({', '.join(cites)})")
        rule.terms = conditions.compile_terms(node, domains, context=context)
        if not rule.terms:
            raise RulesError(f"{context}: its condition can never hold")
        findings.append(rule)
    _unique([f.id for f in findings], "finding", path)
    ids = {f.id for f in findings}
    for rule in findings:
        for other in rule.exclusive:
            if other not in ids:
                raise RulesError(f"{path}: finding {rule.id}: exclusive with unknown finding '{other}'" + did_you_mean(other, ids))
    return findings


def _load_phrases(directory, schema):
    from .phrases import load_phrase_book

    return load_phrase_book(directory / "phrases.toml", _read(directory, "phrases.toml"), schema.fields["goals"].values)
