"""Every operator, three ways: the engine's patterns (literal_json, run by durable-rules),
the pure evaluator (holds) and the operator's meaning written out by hand here.

The shipped rules use only some operators (never `in`, `not_in` or `has_all`);
rule authors may use any of them, so each is checked over every value of every
field, with every operand the field allows.
"""

from itertools import chain, combinations

import pytest

from infoview_rules import load_rules
from infoview_rules.conditions import All, Any, compile_terms, holds, literal_json, parse
from infoview_rules.engine import Engine

RULES = load_rules()
DOMAINS = RULES.domains
FIELDS = [f for f in RULES.schema.choice_fields()]

MEANING = {  # what each operator means, for a field's value v and the operand x
    "is": lambda v, x: v == x,
    "not": lambda v, x: v != x,
    "in": lambda v, x: v in x,
    "not_in": lambda v, x: v not in x,
    "has": lambda v, x: x in v,
    "has_any": lambda v, x: bool(set(v) & set(x)),
    "has_all": lambda v, x: set(x) <= set(v),
    "has_none": lambda v, x: not set(v) & set(x),
}


def non_empty_subsets(values):
    return [list(c) for c in chain.from_iterable(combinations(values, n) for n in range(1, len(values) + 1))]


def operands(field, op):
    return list(field.values) if op in ("is", "not", "has") else non_empty_subsets(field.values)


def operator_tests(field):
    ops = ("has", "has_any", "has_all", "has_none") if field.type == "multi" else ("is", "not", "in", "not_in")
    return [(op, x) for op in ops for x in operands(field, op)]


def evaluate(node, answers):
    """A condition tree by the pure evaluator, literal by literal."""
    if isinstance(node, All):
        return all(evaluate(p, answers) for p in node.parts)
    if isinstance(node, Any):
        return any(evaluate(p, answers) for p in node.parts)
    return holds(node, answers, None)


GROUP = 8  # tests per engine: durable-rules walks its alpha network on a 64-deep stack (error 303)


def engines_for(field):
    """Engines with a rule per (operator, operand) test of `field`, one per disjoint term;
    and the index of the test each rule name stands for."""
    always = ("class", [("a", {"t": "answers"})], "any")  # the engine wants exactly one classification
    tests = operator_tests(field)
    engines, names = [], {}
    for start in range(0, len(tests), GROUP):
        rules = [always]
        for i in range(start, min(start + GROUP, len(tests))):
            op, x = tests[i]
            node = parse({field.name: {op: x}}, DOMAINS, "test")
            for k, term in enumerate(compile_terms(node, DOMAINS)):
                name = f"t{i}.{k}"
                names[name] = i
                pattern = {"$and": [{"t": "answers"}, *(literal_json(lit, DOMAINS) for lit in term)]}
                rules.append((name, [("a", pattern)], None))
        engines.append(Engine(rules))
    return engines, names


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_engine_patterns_and_pure_evaluator_agree_with_each_operator(field):
    engines, names = engines_for(field)
    tests = operator_tests(field)
    used = {op for op, _ in tests}
    assert used == ({"has", "has_any", "has_all", "has_none"} if field.type == "multi" else {"is", "not", "in", "not_in"})
    for option in field.options:
        value = field.answer(option)
        answers = {field.name: value}
        # the engine never sees an empty list: the advisor leaves it out of the fact
        by_test = [0] * len(tests)
        for engine in engines:
            fired = engine.run({} if value == [] else answers)
            fired.remove("class")
            for name in fired:
                by_test[names[name]] += 1
        for i, (op, x) in enumerate(tests):
            meant = MEANING[op](value, x)
            node = parse({field.name: {op: x}}, DOMAINS, "test")
            assert evaluate(node, answers) == meant, (field.name, op, x, value)
            assert by_test[i] == int(meant), (field.name, op, x, value, by_test[i])


def test_every_operator_is_covered():
    ops = {op for f in FIELDS for op, _ in operator_tests(f)}
    assert ops == set(MEANING)


def inner_tests(pattern):
    """Every test that an $iany or $iall applies to a list's items, anywhere in a pattern."""
    if isinstance(pattern, dict):
        for key, value in pattern.items():
            if key in ("$iany", "$iall"):
                (inner,) = value.values()
                yield inner
            yield from inner_tests(value)
    elif isinstance(pattern, list):
        for item in pattern:
            yield from inner_tests(item)


@pytest.mark.parametrize("field", [f for f in FIELDS if f.type == "multi"], ids=lambda f: f.name)
def test_no_item_test_ends_on_an_or(field):
    # durable-rules reads an unset byte of the node an $or ends on, when that $or is the whole
    # test of an $iany or $iall, and then rejects the rules now and then with error 102 (engine.py)
    for op, x in operator_tests(field):
        for term in compile_terms(parse({field.name: {op: x}}, DOMAINS, "test"), DOMAINS):
            for lit in term:
                for inner in inner_tests(literal_json(lit, DOMAINS)):
                    last = inner["$and"][-1] if "$and" in inner else inner
                    assert "$or" not in last, (op, x, inner)
