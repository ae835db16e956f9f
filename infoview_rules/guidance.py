"""What to do next: the plan, suggestions, questions to ask, checklist and draft.

Each is a family of rules in its own optional file of the rules folder, in the
same `when` syntax as findings.toml. The advisor compiles them to disjoint
terms and the engine decides which fire, as it does for findings; this module
only loads and checks them, words `because` sentences, and checks statically
(no walk of the answer space) what `infoview verify` asks of them.

Every item says where it comes from: `source = "article"` items cite passages
and quote one word for word; `source = "infoview"` items are the project's own
suggestions and carry no quote.
"""

from dataclasses import dataclass, field, replace

from . import conditions
from .errors import RulesError, did_you_mean

SOURCES = ("article", "infoview")
PLAN_LIMIT = 3  # "What to do" shows at most this many actions, in file order

# family -> (file, table key, keys it may have beyond id/text/when/source/cites/quote)
FAMILIES = {
    "plan": ("plan.toml", "action", ("conflicts", "covers", "covers_checklist")),
    "suggestion": ("suggestions.toml", "suggestion", ()),
    "question": ("questions-to-ask.toml", "question", ("serves",)),
    "checklist": ("checklist.toml", "item", ()),
    "draft": ("draft.toml", "paragraph", ("part",)),
}
# families whose items are the project's own unless they say otherwise
DEFAULT_INFOVIEW = ("question", "draft")
DRAFT_PARTS = ("message", "note")
JOB_INTERVIEW = "job_interview"  # the `serves` tag of questions for the end of a job interview


@dataclass
class GuidanceRule:
    id: str
    family: str
    text: str
    source: str
    cites: tuple
    quote: str
    quoted: str  # the cited passage the quote is from ("" for infoview items)
    when: object
    terms: list = field(default_factory=list)
    serves: tuple = ()
    conflicts: tuple = ()
    covers: tuple = ()  # plan: findings the action says all of (the report does not repeat them)
    covers_checklist: tuple = ()  # plan: checklist items the action says all of (not repeated under it)
    part: str = ""


@dataclass
class Reasons:
    """How `because` sentences say an answer: field -> value -> phrase."""

    said: dict = field(default_factory=dict)
    not_said: dict = field(default_factory=dict)
    classification: dict = field(default_factory=dict)
    # field -> how to say that a list answer holds none of several values, before them ("you did not
    # choose or name" “A” or “B”: true of goals ticked and goals written in one's own words)
    not_said_any: dict = field(default_factory=dict)
    # field -> "a+b" (the values, sorted, joined by "+") -> one phrase for "none of these", where one says
    # it better than the list: none of "Get a job there" or "Make my case for an open role" is "you did not
    # say you want a job there" (a trial: the list read as an odd reason to be given)
    not_said_set: dict = field(default_factory=dict)


@dataclass
class Guidance:
    families: dict = field(default_factory=lambda: {name: [] for name in FAMILIES})
    reasons: Reasons = field(default_factory=Reasons)

    def rules(self):
        return [r for family in FAMILIES for r in self.families[family]]

    def rule(self, family, rule_id):
        return next(r for r in self.families[family] if r.id == rule_id)


def load_guidance(rules):
    """The guidance families of a rule set (files that are absent give none)."""
    from .rules import _check_cites, _Checks, _context, _entries, _string, _strings, _unique

    guidance = Guidance()
    directory = rules.directory
    for family, (name, key, extra) in FAMILIES.items():
        path = directory / name
        if not path.exists():
            continue
        # each item named with the line of its [[header]]; one rejected earlier in this load is left out
        _, entries, _ = _entries(directory, name, key, "id")
        loaded = []
        for context, item in entries:
            required = ("id", "text") + (() if family in DEFAULT_INFOVIEW else ("source",))
            # the keys, the source, the citations and the condition are checked each on its own: all their errors at once
            checks = _Checks(item, required, ("source", "cites", "quote", "when") + extra, context)
            if not checks.usable:
                checks.done()
            with checks:
                source = _string(item, "source", context, default="infoview")
                if source not in SOURCES:
                    raise RulesError(f"{context}: unknown source '{source}' (allowed: {', '.join(SOURCES)})" + did_you_mean(source, SOURCES))
            with checks:
                cites = _strings(item, "cites", context)
                _check_cites(cites, rules.passages, context)
            with checks:
                node = conditions.parse(item["when"], rules.domains, context) if "when" in item else None
            checks.done()
            quote = _string(item, "quote", context, default="")
            quoted = ""
            if source == "article":
                if not cites or not quote:
                    raise RulesError(f"{context}: an article item needs 'cites' and a 'quote' from a cited passage")
                quoted = next((c for c in cites if quote in rules.passages[c]), "")
                if not quoted:
                    raise RulesError(f"{context}: quote is not word for word in any cited passage ({', '.join(cites)})")
            elif quote or cites:
                raise RulesError(f"{context}: the project's own suggestion (source = \"infoview\") carries no 'quote' or 'cites'")
            rule = GuidanceRule(_string(item, "id", context), family, _string(item, "text", context), source,
                                cites, quote, quoted, node)
            rule.terms = conditions.compile_terms(node, rules.domains)
            if not rule.terms:
                raise RulesError(f"{context}: its condition can never hold")
            if family == "question":
                rule.serves = _strings(item, "serves", context)
                allowed = tuple(rules.schema.fields["goals"].values) + (JOB_INTERVIEW,)
                if not rule.serves:
                    raise RulesError(f"{context}: 'serves' must name what the question serves ({', '.join(allowed)})")
                for tag in rule.serves:
                    if tag not in allowed:
                        raise RulesError(f"{context}: serves unknown '{tag}' (allowed: {', '.join(allowed)})" + did_you_mean(tag, allowed))
            if family == "plan":
                rule.conflicts = _strings(item, "conflicts", context)
                rule.covers = _strings(item, "covers", context)
                rule.covers_checklist = _strings(item, "covers_checklist", context)
                finding_ids = [f.id for f in rules.findings]
                for other in rule.covers:
                    if other not in finding_ids:
                        raise RulesError(f"{context}: covers unknown finding '{other}'" + did_you_mean(other, finding_ids))
            if family == "draft":
                rule.part = _string(item, "part", context, default="message")
                if rule.part not in DRAFT_PARTS:
                    raise RulesError(f"{context}: unknown part '{rule.part}' (allowed: {', '.join(DRAFT_PARTS)})")
            loaded.append(rule)
        _unique([r.id for r in loaded], key, path)
        ids = {r.id for r in loaded}
        for rule in loaded:
            for other in rule.conflicts:
                if other not in ids or other == rule.id:
                    raise RulesError(f"{_context(path, key, rule.id)}: conflicts with unknown action '{other}'" + did_you_mean(other, ids))
        guidance.families[family] = loaded
    items = [r.id for r in guidance.families["checklist"]]
    for action in guidance.families["plan"]:  # checked once the checklist, loaded after the plan, is known
        for other in action.covers_checklist:
            if other not in items:
                raise RulesError(f"{_context(directory / 'plan.toml', 'action', action.id)}: covers_checklist names "
                                 f"unknown checklist item '{other}'" + did_you_mean(other, items))
    guidance.reasons = _load_reasons(rules)
    return guidance


def _load_reasons(rules):
    from .rules import _read

    path = rules.directory / "reasons.toml"
    if not path.exists():
        return Reasons()
    data = _read(rules.directory, "reasons.toml")
    allowed = ("said", "not_said", "not_said_any", "not_said_set", "classification")
    for key in data:
        if key not in allowed:
            raise RulesError(f"{path}: unknown table '{key}' (allowed: {', '.join(allowed)})" + did_you_mean(key, allowed))
    fields = {f.name: f for f in rules.schema.choice_fields()}
    reasons = Reasons()
    for key, target in (("said", reasons.said), ("not_said", reasons.not_said)):
        for name, phrases in data.get(key, {}).items():
            if name not in fields:
                raise RulesError(f"{path}: [{key}.{name}]: unknown field (allowed: {', '.join(fields)})" + did_you_mean(name, fields))
            target[name] = _phrases(phrases, fields[name].values, f"{path}: [{key}.{name}]")
    any_table = data.get("not_said_any", {})
    if not isinstance(any_table, dict):
        raise RulesError(f"{path}: [not_said_any]: expected a table of field = \"phrase\"")
    lists = [f.name for f in rules.schema.choice_fields() if f.type == "multi"]
    for name, phrase in any_table.items():
        if name not in lists:
            raise RulesError(f"{path}: [not_said_any]: '{name}' is not a list field (allowed: {', '.join(lists)})"
                             + did_you_mean(name, lists))
        if not isinstance(phrase, str) or not phrase.strip():
            raise RulesError(f"{path}: [not_said_any]: '{name}' must be a non-empty string")
    reasons.not_said_any = dict(any_table)
    reasons.not_said_set = _set_phrases(data.get("not_said_set", {}), rules, lists, path)
    classes = [c.id for c in rules.classifications]
    reasons.classification = _phrases(data.get("classification", {}), classes, f"{path}: [classification]")
    return reasons


def set_key(values) -> str:
    """How [not_said_set] names a set of values: sorted, joined by "+"."""
    return "+".join(sorted(values))


def _set_phrases(table, rules, lists, path) -> dict:
    """[not_said_set.<list field>]: "value+value" = "phrase", each key two or more of the field's values."""
    if not isinstance(table, dict):
        raise RulesError(f"{path}: [not_said_set]: expected tables of \"value+value\" = \"phrase\"")
    out = {}
    for name, phrases in table.items():
        context = f"{path}: [not_said_set.{name}]"
        if name not in lists:
            raise RulesError(f"{context}: not a list field (allowed: {', '.join(lists)})" + did_you_mean(name, lists))
        if not isinstance(phrases, dict):
            raise RulesError(f"{context}: expected a table of \"value+value\" = \"phrase\"")
        values = rules.schema.fields[name].values
        out[name] = {}
        for key, phrase in phrases.items():
            parts = key.split("+")
            if len(parts) < 2:
                raise RulesError(f"{context}: '{key}' names one value; name two or more, joined by '+'")
            for value in parts:
                if value not in values:
                    raise RulesError(f"{context}: '{key}': unknown value '{value}' (allowed values: "
                                     f"{', '.join(values)})" + did_you_mean(value, values))
            if not isinstance(phrase, str) or not phrase.strip():
                raise RulesError(f"{context}: '{key}' must be a non-empty string")
            out[name][set_key(parts)] = phrase
    return out


def _phrases(table, values, context):
    if not isinstance(table, dict):
        raise RulesError(f"{context}: expected a table of value = \"phrase\"")
    for value, phrase in table.items():
        if value not in values:
            raise RulesError(f"{context}: unknown value '{value}' (allowed values: {', '.join(values)})" + did_you_mean(value, values))
        if not isinstance(phrase, str) or not phrase.strip():
            raise RulesError(f"{context}: '{value}' must be a non-empty string")
    return dict(table)


# ---- why an item fired, in words -------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One answer (or the classification) that made a rule fire."""

    field: str
    positive: bool  # False: the list field holds none of `values`
    values: tuple


def reasons_of(term, answers, classification):
    """The reasons a fired term holds: answered values, tested absences, the classification."""
    out = []
    for lit in term:
        if lit.guard:
            continue
        if lit.field == conditions.CLASSIFICATION:
            # positive: the rule is for this one kind of meeting (not "any kind but job")
            out.append(Reason(lit.field, lit.positive and len(lit.values) == 1, (classification,)))
        elif not lit.is_list:
            if lit.field in answers:  # an optional question left unanswered gives no reason to show
                out.append(Reason(lit.field, True, (answers[lit.field],)))
        elif lit.positive:
            out.append(Reason(lit.field, True, tuple(v for v in answers.get(lit.field, []) if v in lit.values)))
        else:
            out.append(Reason(lit.field, False, tuple(sorted(lit.values))))
    return tuple(out)


def _join(parts, word="and"):
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def because_sentence(reasons, rules, classification_alone=True):
    """'because you ...' in plain words, from reasons.toml (or the questions' labels).

    The classification is named when it is the whole reason (and then only
    with `classification_alone`), and first, beside the answers, when the rule
    is for that one kind of meeting and none of those answers is one that
    decides the kind: "because you are after a job rather than information and no
    relevant job is open", where the open job alone would not say why."""
    words = rules.guidance.reasons if rules.guidance else Reasons()
    questions = {q.field: q for q in rules.questions}
    on_answers = [r for r in reasons if r.field != conditions.CLASSIFICATION]
    if not on_answers and not classification_alone:
        return ""
    deciding = {lit.field for c in rules.classifications for term in c.terms for lit in term}
    named = [r for r in reasons if r.field == conditions.CLASSIFICATION and r.positive]
    if any(r.field in deciding for r in on_answers):
        named = []  # the answers shown already say what kind of meeting this is
    parts = []
    for reason in (named + on_answers) if on_answers else reasons:
        if reason.field == conditions.CLASSIFICATION:
            phrase = words.classification.get(reason.values[0])
            parts.append(phrase or "of what this meeting is")
            continue
        question = questions[reason.field]
        labels = dict(zip(question.values, question.labels))
        table = words.said if reason.positive else words.not_said
        said = [table.get(reason.field, {}).get(v) for v in reason.values]
        if not reason.positive and len(reason.values) > 1:  # "did not say A or did not say B" would be wrong
            together = words.not_said_set.get(reason.field, {}).get(set_key(reason.values))
            answer = _join([f"\u201c{labels[v]}\u201d" for v in reason.values], "or")
            parts.append(together or f"{words.not_said_any.get(reason.field, 'you did not pick')} {answer}")
        elif all(said):
            parts.append(_join(said, "and" if reason.positive else "or"))
        else:
            answer = _join([f"\u201c{labels[v]}\u201d" for v in reason.values], "and" if reason.positive else "or")
            verb = "answered" if reason.positive else "did not answer"
            parts.append(f"you {verb} {answer} to \u201c{question.text}\u201d")
    return "because " + _join(parts) if parts else ""


# ---- static checks for `infoview verify` -----------------------------------------------


def _satisfiable(lits, rules):
    """Whether some answers object makes every literal hold (classification included)."""
    on_answers = [l for l in lits if l.field != conditions.CLASSIFICATION]
    on_class = [l for l in lits if l.field == conditions.CLASSIFICATION]
    allowed = [c for c in rules.classifications
               if all((c.id in l.values) == l.positive for l in on_class)]
    for c in allowed:
        for term in c.terms:
            if conditions.simplify(on_answers + list(term), rules.domains) is not None:
                return True
    return False


def can_fire_together(a_terms, b_terms, rules):
    return any(_satisfiable(list(a) + list(b), rules) for a in a_terms for b in b_terms)


def uncovered(terms_list, rules, limit=20000):
    """A term (list of literals) no rule in terms_list covers, or None: whether the rules
    together apply to every answers object. Expands classification first."""
    remaining = []
    for c in rules.classifications:
        for term in c.terms:
            lit = conditions.Lit(conditions.CLASSIFICATION, False, True, frozenset([c.id]))
            remaining.append(list(term) + [lit])
    for terms in terms_list:
        for term in terms:
            nxt = []
            for r in remaining:
                # r and not(term): r & !l1 | r & l1 & !l2 | ...
                for i, lit in enumerate(term):
                    branch = r + [replace(l, guard=True) for l in term[:i]] + [lit.negated()]
                    if _consistent(branch, rules):
                        nxt.append(branch)
            remaining = nxt[:limit]
            if not remaining:
                return None
    return remaining[0] if remaining else None


def _consistent(lits, rules):
    return conditions.simplify(lits, rules.domains) is not None


def check_guidance(rules):
    """[(check name, ok, detail)] for verify: relations and plans, decided statically."""
    checks = []
    findings = {f.id: f for f in rules.findings}
    from .rules import KINDS

    bad = []
    for f in rules.findings:
        for other in f.suppresses:
            o = findings[other]
            if KINDS.index(o.kind) < KINDS.index(f.kind):
                bad.append(f"{f.id} ({f.kind}) cannot fold away the more serious {o.id} ({o.kind})")
            elif not can_fire_together(f.terms, o.terms, rules):
                bad.append(f"{f.id} suppresses {o.id}, but they never fire together")
    checks.append(("declared relations between findings hold (suppresses)", not bad, "; ".join(bad)))
    plan = rules.guidance.families["plan"] if rules.guidance else []
    bad = []
    for action in plan:
        for other in action.conflicts:
            o = next(a for a in plan if a.id == other)
            if can_fire_together(action.terms, o.terms, rules):
                bad.append(f"{action.id} and {other} can be in one plan")
    checks.append(("conflicting plan actions never come together", not bad, "; ".join(bad)))
    bad = []
    for action in plan:
        for other in action.covers:
            o = findings[other]
            if o.kind == "mismatch":
                bad.append(f"{action.id} covers {other}, a mismatch: mismatches are always shown")
            elif not can_fire_together(action.terms, o.terms, rules):
                bad.append(f"{action.id} covers {other}, but they never fire together")
    checks.append(("plan actions cover only findings they can stand for", not bad, "; ".join(bad)))
    items = {i.id: i for i in rules.guidance.families["checklist"]} if rules.guidance else {}
    bad = [f"{action.id} covers checklist item {other}, but they never fire together"
           for action in plan for other in action.covers_checklist
           if not can_fire_together(action.terms, items[other].terms, rules)]
    checks.append(("plan actions cover only checklist items that come with them", not bad, "; ".join(bad)))
    if plan:
        gap = uncovered([a.terms for a in plan], rules)
        detail = ""
        if gap is not None:
            detail = "no action when " + "; ".join(conditions.describe(l) for l in conditions.simplify(gap, rules.domains))
        checks.append(("every answers object gets a plan", gap is None, detail))
    return checks
