"""Conditions of rules: parsed from TOML, turned into disjoint terms for the engine.

A condition is a tree of `All`/`Any` over literals. The engine (durable-rules)
fires an action once per true branch of an `$or`, so every condition is
rewritten into *disjoint* terms (no two can hold at once); each term becomes
one engine rule. The term that fired also tells which answers made it fire.
"""

from dataclasses import dataclass, replace

from .errors import RulesError, did_you_mean

SCALAR_OPS = ("is", "not", "in", "not_in")
LIST_OPS = ("has", "has_any", "has_all", "has_none")
CLASSIFICATION = "classification"


@dataclass(frozen=True)
class Lit:
    """One test of one field.

    scalar: the value is in `values` (positive) or not in it.
    list:   the list holds one of `values` (positive) or none of them.
    `guard` marks literals added only to keep terms disjoint or to respect
    the order of classifications; they are not reasons a rule fired.
    """

    field: str
    is_list: bool
    positive: bool
    values: frozenset
    guard: bool = False

    def negated(self):
        return replace(self, positive=not self.positive, guard=True)


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class Any:
    parts: tuple


class Domains:
    """The values each testable field can take, and whether it is a list."""

    def __init__(self, schema, classifications):
        self.values = {}
        self.is_list = {}
        for field in schema.choice_fields():
            self.values[field.name] = domain_values(field)
            self.is_list[field.name] = field.type == "multi"
        self.values[CLASSIFICATION] = tuple(classifications)
        self.is_list[CLASSIFICATION] = False


def domain_values(field):
    """The values a condition can see for a field: an optional choice question
    left unanswered is seen as ABSENT (so `not` holds for it and `is` does not)."""
    from .schema import ABSENT

    optional = field.type == "choice" and not field.required
    return tuple(field.values) + ((ABSENT,) if optional else ())


def parse(when, domains, context, allow_classification=True):
    """Parse a `when` table into a condition tree; `context` names the rule in errors.

    Every mistake in the condition is reported (one RulesError, a line each), each
    once: the tests of an unknown field or operator are not checked further.
    """
    errors = []
    node = _parse(when, domains, context, allow_classification, errors)
    if errors:
        raise RulesError("\n".join(dict.fromkeys(errors)))
    return node


def _parse(when, domains, context, allow_classification, errors):
    if not isinstance(when, dict):
        errors.append(f"{context}: 'when' must be a table")
        return None
    parts = []
    before = len(errors)
    for key, test in when.items():
        if key == "any":
            if not isinstance(test, list) or not test:
                errors.append(f"{context}: 'any' must be a non-empty list of tables")
                continue
            branches = [_parse(t, domains, context, allow_classification, errors) for t in test]
            parts.append(Any(tuple(branches)))
            continue
        if key not in domains.values:
            errors.append(
                f"{context}: unknown field '{key}' in condition "
                f"(allowed: {', '.join(domains.values)}, any)" + did_you_mean(key, [*domains.values, "any"])
            )
            continue
        if key == CLASSIFICATION and not allow_classification:
            errors.append(f"{context}: a classification rule cannot test the classification ('classification' is what it decides)")
            continue
        parts.extend(_field_tests(key, test, domains, context, errors))
    if not parts and len(errors) == before:
        errors.append(f"{context}: empty condition")
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def _field_tests(field, test, domains, context, errors):
    is_list = domains.is_list[field]
    if isinstance(test, str):
        test = {"has" if is_list else "is": test}
    if not isinstance(test, dict) or not test:
        errors.append(f"{context}: test of '{field}' must be a value or a table of operators")
        return []
    allowed_ops = LIST_OPS if is_list else SCALAR_OPS
    lits = []
    for op, operand in test.items():
        if op not in allowed_ops:
            other = SCALAR_OPS if is_list else LIST_OPS
            hint = (f"; '{op}' tests a {'single value' if is_list else 'list'}, and '{field}' is "
                    f"{'a list' if is_list else 'a single value'}") if op in other else did_you_mean(op, allowed_ops)
            errors.append(
                f"{context}: unknown operator '{op}' for field '{field}' "
                f"(allowed: {', '.join(allowed_ops)})" + hint
            )
            continue
        values = [operand] if op in ("is", "not", "has") else operand
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            errors.append(f"{context}: '{field}.{op}' needs {'a value' if op in ('is', 'not', 'has') else 'a non-empty list of values'}")
            continue
        shown = [v for v in domains.values[field] if v]
        unknown = [v for v in values if v not in domains.values[field] or not v]
        for value in unknown:
            errors.append(
                f"{context}: unknown value '{value}' for field '{field}' "
                f"(allowed values: {', '.join(shown)})" + did_you_mean(value, shown)
            )
        if unknown:
            continue
        if op == "has_all":
            lits.extend(Lit(field, True, True, frozenset([v])) for v in values)
        else:
            positive = op in ("is", "in", "has", "has_any")
            lits.append(Lit(field, is_list, positive, frozenset(values)))
    return lits


def negate(node):
    if isinstance(node, Lit):
        return node.negated()
    if isinstance(node, All):
        return Any(tuple(negate(p) for p in node.parts))
    return All(tuple(negate(p) for p in node.parts))


# Engine rules a whole rule set may compile to (the shipped rules: 21). Past
# about 300 (fewer or more, as the rules branch), durable-rules overflows a fixed 64-entry stack while matching
# (error 303) and may then abort the process; 200 keeps clear of it in every
# rule set tried, and the check of each new network (advisor.py) catches a 303.
MAX_ENGINE_RULES = 200
MAX_TERMS = MAX_ENGINE_RULES  # for one condition
MAX_STEPS = 20_000  # splits tried while making one condition's terms disjoint


def _too_big(context, what):
    return RulesError(
        f"{context}: the condition is too complex to compile ({what}); "
        "split it into simpler rules or use fewer overlapping 'any' branches"
    )


def dnf(node, context="a rule"):
    """Disjunctive normal form: a list of terms, each a list of literals.
    RulesError (naming `context`) past MAX_TERMS terms, before the blow-up."""
    if isinstance(node, Lit):
        return [[node]]
    if isinstance(node, Any):
        terms = [term for part in node.parts for term in dnf(part, context)]
    else:
        terms = [[]]
        for part in node.parts:
            sub = dnf(part, context)
            if len(terms) * len(sub) > MAX_TERMS:
                raise _too_big(context, f"more than {MAX_TERMS} alternatives")
            terms = [t + u for t in terms for u in sub]
    if len(terms) > MAX_TERMS:
        raise _too_big(context, f"more than {MAX_TERMS} alternatives")
    return terms


def simplify(term, domains):
    """Merge the literals of a term field by field; None if it can never hold."""
    scalars = {}  # field -> (allowed values, all guards?)
    has_none = {}  # field -> (values, all guards?)
    has_any = []
    for lit in term:
        if lit.is_list:
            if lit.positive:
                has_any.append(lit)
            else:
                old, guard = has_none.get(lit.field, (frozenset(), True))
                has_none[lit.field] = (old | lit.values, guard and lit.guard)
            continue
        domain = frozenset(domains.values[lit.field])
        allowed = lit.values if lit.positive else domain - lit.values
        old, guard = scalars.get(lit.field, (domain, True))
        scalars[lit.field] = (old & allowed, guard and lit.guard)
    result = []
    order = list(domains.values)
    for field, (allowed, guard) in scalars.items():
        if not allowed:
            return None
        if allowed != frozenset(domains.values[field]):
            result.append(Lit(field, False, True, allowed, guard))
    seen = set()
    for lit in has_any:
        excluded = has_none.get(lit.field, (frozenset(), True))[0]
        values = lit.values - excluded
        if not values:
            return None
        key = (lit.field, values)
        if key in seen:
            continue
        seen.add(key)
        result.append(replace(lit, values=values))
    for field, (values, guard) in has_none.items():
        result.append(Lit(field, True, False, values, guard))
    result.sort(key=lambda l: (order.index(l.field), l.positive is False, sorted(l.values)))
    return result


def _implies(term, lit, domains):
    """Whether every answers object that satisfies `term` satisfies `lit`
    (simplify is a complete satisfiability test over these finite domains)."""
    return simplify(term + [lit.negated()], domains) is None


class _Budget:
    def __init__(self, context):
        self.context, self.steps, self.terms = context, 0, 0

    def step(self):
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _too_big(self.context, f"more than {MAX_STEPS} steps to make its terms disjoint")

    def emit(self):
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise _too_big(self.context, f"more than {MAX_TERMS} engine rules")


def _exclude(own, guards, others, domains, budget, out):
    """Append to `out` disjoint terms covering `own and guards and not any of others`.

    A Shannon expansion: split on one undecided literal of an overlapping term at
    a time, pruning every branch that contradicts or is covered. `own` keeps its
    literals (the reasons a rule fired); whatever a split adds is a guard.
    """
    budget.step()
    current = simplify(own + guards, domains)
    if current is None:
        return
    open_terms = []
    for other in others:
        if simplify(current + other, domains) is None:
            continue  # cannot hold together with current
        undecided = [l for l in other if not _implies(current, l, domains)]
        if not undecided:
            return  # current lies wholly inside an excluded term
        open_terms.append(undecided)
    if not open_terms:
        budget.emit()
        out.append(current)
        return
    # split on the literal that most overlapping terms share: fewer, larger branches
    counts = {}
    for undecided in open_terms:
        for lit in undecided:
            key = (lit.field, lit.positive, lit.values)
            counts[key] = counts.get(key, 0) + 1
    split = max((l for u in open_terms for l in u), key=lambda l: counts[(l.field, l.positive, l.values)])
    rest = [t for t in others if simplify(current + t, domains) is not None]
    _exclude(own, guards + [replace(split, guard=True)], rest, domains, budget, out)
    _exclude(own, guards + [split.negated()], rest, domains, budget, out)


def disjoint(terms, domains, excluded=(), context="a rule"):
    """Rewrite terms so that no two can hold at once, keeping their union and the
    first-term-wins reading (term k holds only where no earlier term does), and
    so that none holds where an `excluded` term does."""
    budget = _Budget(context)
    out = []
    for k, term in enumerate(terms):
        _exclude(term, [], list(terms[:k]) + list(excluded), domains, budget, out)
    return out


def compile_terms(node, domains, excluded=(), context="a rule"):
    """Disjoint simplified terms for `node and not any of excluded` (conditions).

    The excluded conditions (earlier classifications) are not negated into
    normal form, which grows exponentially with their 'any' branches: their
    terms are cut out of each term of `node` by Shannon expansion instead.
    RulesError naming `context` when a condition is past the limits.
    """
    def simplified(n):
        return [t for t in (simplify(t, domains) for t in dnf(n, context)) if t is not None]

    own = simplified(node) if node is not None else [[]]
    cut = [t for e in excluded for t in simplified(e)]
    return disjoint(own, domains, cut, context)


def literal_json(lit, domains):
    """The durable-rules JSON for one literal (answers never hold empty lists)."""
    f = lit.field
    if not lit.is_list:
        values = [v for v in domains.values[f] if v in lit.values]
        if len(values) == 1:
            return {f: values[0]}
        others = [v for v in domains.values[f] if v not in lit.values]
        tests = [{"$neq": {f: v}} for v in others]
        return tests[0] if len(tests) == 1 else {"$and": tests}
    values = [v for v in domains.values[f] if v in lit.values]
    if lit.positive:
        items = [{"$i": v} for v in values]
        if len(items) == 1:
            return {"$iany": {f: items[0]}}
        # durable-rules reads an unset field of the node an $or ends on when that $or is the
        # whole test of an $iany, and rejects the rules now and then (error 102; engine.py):
        # end the item's test on one more comparison, always true (answers hold no "").
        return {"$iany": {f: {"$and": [{"$or": items}, {"$neq": {"$i": ""}}]}}}
    items = [{"$neq": {"$i": v}} for v in values]
    none_of = {"$iall": {f: items[0] if len(items) == 1 else {"$and": items}}}
    # allItems is false on an absent list, and absent is how the engine sees []:
    # the two branches are exclusive, so the rule fires at most once.
    return {"$or": [none_of, {"$nex": {f: 1}}]}


def because(term, answers):
    """The answers that made a term hold: scalars by value, lists by the items tested."""
    out = {}
    for lit in term:
        if lit.guard or lit.field == CLASSIFICATION:
            continue
        if not lit.is_list:
            if lit.field in answers:  # an optional question left unanswered is no reason
                out[lit.field] = answers[lit.field]
        elif lit.positive:
            hits = [v for v in answers.get(lit.field, []) if v in lit.values]
            merged = out.setdefault(lit.field, [])
            merged.extend(v for v in hits if v not in merged)
    for field, value in out.items():
        if isinstance(value, list):
            value.sort(key=answers[field].index)
    return out


def describe(lit):
    """A short readable form of a literal, for `?`, coverage and verify reports."""
    values = ", ".join(sorted(lit.values))
    if lit.is_list:
        return f"{lit.field} has {'any of' if lit.positive else 'none of'} [{values}]"
    if len(lit.values) == 1:
        return f"{lit.field} is {'' if lit.positive else 'not '}{values}"
    return f"{lit.field} {'' if lit.positive else 'not '}in [{values}]"


def holds(lit, answers, classification):
    """Whether one literal holds. For analysis only (coverage, questionnaire
    relevance): the engine alone decides classifications and findings."""
    value = classification if lit.field == CLASSIFICATION else answers.get(lit.field, "")  # "": unanswered
    if lit.is_list:
        hit = bool(set(value or ()) & lit.values)
        return hit if lit.positive else not hit
    return (value in lit.values) == lit.positive


def witness(term, domains):
    """Answers (the testable fields only) on which every answers literal of
    `term` holds, or None if there are none. Classification literals are left
    to the caller (see witnesses)."""
    answers = {}
    for field, domain in domains.values.items():
        if field == CLASSIFICATION:
            continue
        lits = [l for l in term if l.field == field]
        if domains.is_list[field]:
            excluded = frozenset().union(*(l.values for l in lits if not l.positive))
            chosen = set()
            for lit in (l for l in lits if l.positive):
                if chosen & lit.values:
                    continue
                pick = [v for v in domain if v in lit.values and v not in excluded]
                if not pick:
                    return None
                chosen.add(pick[0])
            answers[field] = [v for v in domain if v in chosen]
        else:
            allowed = [v for v in domain if all((v in l.values) == l.positive for l in lits)]
            if not allowed:
                return None
            answers[field] = allowed[0]
    return answers


def witnesses(classification_terms, finding_terms, domains):
    """One answers object per term on which that term holds (with, for a finding
    term, a classification it allows), without repeats. `classification_terms`
    are (classification id, term) pairs. Used to check a new engine network
    against the pure evaluator on every rule it holds."""
    out = []
    for _, term in classification_terms:
        found = witness(term, domains)
        if found is not None:
            out.append(found)
    for term in finding_terms:
        on_class = [l for l in term if l.field == CLASSIFICATION]
        others = [l for l in term if l.field != CLASSIFICATION]
        found = None
        for cid, cterm in classification_terms:
            if all(holds(l, {}, cid) for l in on_class):
                found = witness(others + list(cterm), domains)
                if found is not None:
                    break
        if found is not None:
            out.append(found)
    unique = []
    for answers in out:
        if answers not in unique:
            unique.append(answers)
    return unique

