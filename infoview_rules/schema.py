"""The answers schema (read from questions.toml), validation of answers against it, and the finite answer space it spans."""

import itertools
from dataclasses import dataclass
from functools import cached_property

from .errors import InputError, did_you_mean, quoted

YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "choice", "multi" or "text"
    required: bool
    values: tuple = ()  # allowed values, in question order
    labels: tuple = ()
    max_length: int = 0

    @cached_property
    def options(self):
        """Every answer the field can take, as a tuple: its values, or for a list
        every subset as a tuple (by size, then in value order). Not for text fields."""
        if self.type == "multi":
            return tuple(c for n in range(len(self.values) + 1) for c in itertools.combinations(self.values, n))
        return tuple(self.values)

    @property
    def space_options(self):
        """The options walked over the answer space: an optional choice question
        also unanswered (None). A list's empty list is already an option."""
        return self.options + (None,) if self.type == "choice" and not self.required else self.options

    def answer(self, option):
        """An option as an answers object holds it (a fresh list for list fields)."""
        return list(option) if self.type == "multi" else option

    @property
    def is_yes_no(self):
        return self.type == "choice" and set(self.values) == set(YES_NO)


def _type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Schema:
    """The fields of an answers object, in question order."""

    def __init__(self, fields):
        self.fields = {f.name: f for f in fields}

    def allowed(self, field):
        return ", ".join(field.values)

    def validate(self, answers, partial=False):
        """Return normalized answers (yes/no for booleans, defaults filled in).

        With `partial`, missing fields stay missing (saved answers to start from).
        Raises InputError naming the field and the allowed values.
        """
        if not isinstance(answers, dict):
            raise InputError(f"expected an object with the answers, got {_type_name(answers)}")
        for key in answers:
            if key not in self.fields:
                raise InputError(
                    f"unknown field {quoted(key)} (allowed: {', '.join(self.fields)})"
                    + did_you_mean(key, self.fields)
                )
        result = {}
        for field in self.fields.values():
            if field.name not in answers:
                if partial:
                    continue
                if field.required:
                    raise InputError(
                        f"missing required field '{field.name}' (allowed values: {self.allowed(field)})"
                    )
                if field.type == "multi":
                    result[field.name] = []
                continue
            result[field.name] = self._value(field, answers[field.name])
        return result

    def problems(self, answers: dict) -> list[str]:
        """Every mistake in an answers table, one message each (as `validate` words
        the first): unknown fields, missing required ones, each bad value."""
        found = []
        for key in answers:
            if key not in self.fields:
                found.append(f"unknown field {quoted(key)} (allowed: {', '.join(self.fields)})" + did_you_mean(key, self.fields))
        for field in self.fields.values():
            if field.name not in answers:
                if field.required:
                    found.append(f"missing required field '{field.name}' (allowed values: {self.allowed(field)})")
                continue
            value = answers[field.name]
            # a list's items one at a time, so that each bad one is named
            parts = [[item] for item in value] if field.type == "multi" and isinstance(value, list) else [value]
            for part in parts:
                try:
                    self._value(field, part)
                except InputError as error:
                    found.append(str(error))
            if len(parts) > 1 and not any(m.startswith(f"field '{field.name}'") for m in found):
                try:
                    self._value(field, value)  # duplicates show only in the whole list
                except InputError as error:
                    found.append(str(error))
        return found

    def _unknown_value(self, field, value):
        return InputError(
            f"field '{field.name}': unknown value {quoted(value)} (allowed values: {self.allowed(field)})"
            + did_you_mean(value, field.values)
        )

    def _value(self, field, value):
        name = field.name
        if field.type == "choice":
            if isinstance(value, bool) and field.is_yes_no:
                return "yes" if value else "no"
            if not isinstance(value, str):
                kinds = "a string or a boolean" if field.is_yes_no else "a string"
                raise InputError(
                    f"field '{name}': expected {kinds}, got {_type_name(value)} "
                    f"(allowed values: {self.allowed(field)})"
                )
            if value not in field.values:
                raise self._unknown_value(field, value)
            return value
        if field.type == "multi":
            if not isinstance(value, list):
                raise InputError(
                    f"field '{name}': expected a list of strings, got {_type_name(value)} "
                    f"(allowed values: {self.allowed(field)})"
                )
            seen = set()
            for item in value:
                if not isinstance(item, str):
                    raise InputError(
                        f"field '{name}': expected a list of strings, found {_type_name(item)} in it "
                        f"(allowed values: {self.allowed(field)})"
                    )
                if item not in field.values:
                    raise self._unknown_value(field, item)
                if item in seen:
                    raise InputError(
                        f"field '{name}': duplicate entry {quoted(item)} "
                        f"(each at most once; allowed values: {self.allowed(field)})"
                    )
                seen.add(item)
            # canonical order: the order the values are listed in the schema
            return [v for v in field.values if v in seen]
        # text
        if not isinstance(value, str):
            raise InputError(f"field '{name}': expected a string, got {_type_name(value)}")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate, as JSON's "\ud800" gives
                raise InputError(f"field '{name}': not valid Unicode text (a lone surrogate)") from None
        if len(value) > field.max_length:
            raise InputError(
                f"field '{name}': too long ({len(value)} characters; allowed: text of at most {field.max_length})"
            )
        return value

    def choice_fields(self):
        return [f for f in self.fields.values() if f.type != "text"]

# --- the finite answer space ---------------------------------------------------

ABSENT = ""  # how the engine and the analysis see an optional choice question left unanswered


class Space:
    """The finite answer space of a schema (no free text), or the part of it in
    which only the fields named in `varying` vary (the others take their first
    option). Index order: fields in question order, the last varying fastest.

    An optional choice question is walked with its unanswered state too (after
    its values); a list question's empty list is already one of its options.

    With `tests` (the (field, value set) of every condition literal that
    matters), a choice question's values that no test tells apart are walked
    once, as the first of them: the rule engine sees them alike. The answers
    objects of the space then stand for `count(bits)` of the whole space, and
    the first answers object with an outcome is the whole space's first too.
    """

    def __init__(self, schema, varying=None, tests=None):
        import math

        self.fields = schema.choice_fields()
        self.varying = [f for f in self.fields if varying is None or f.name in varying]
        self.options = {f.name: f.space_options for f in self.fields}
        self.multiplicity = {}  # field -> how many values each of its options stands for (merged fields only)
        for f in self.varying:
            if tests is not None and f.type == "choice":
                sets = [values for name, values in tests if name == f.name]
                alike = {}
                for option in f.space_options:
                    alike.setdefault(tuple((ABSENT if option is None else option) in s for s in sets), []).append(option)
                if len(alike) < len(f.space_options):
                    self.options[f.name] = tuple(group[0] for group in alike.values())
                    self.multiplicity[f.name] = tuple(len(group) for group in alike.values())
        fixed = {f.name: f.space_options[0] for f in self.fields if f not in self.varying}
        self.size = math.prod(len(self.options[f.name]) for f in self.varying)
        self.weight = math.prod(len(f.space_options) for f in self.fields if f not in self.varying)
        self.whole = math.prod(len(f.space_options) for f in self.fields)  # answers objects of the whole space
        self.all = (1 << self.size) - 1
        # for each field in order: its index among the varying fields, or its fixed option
        self._layout = [(f, self.varying.index(f) if f in self.varying else -1, fixed.get(f.name)) for f in self.fields]

    def field(self, name):
        return next(f for f in self.fields if f.name == name)

    @staticmethod
    def as_answers(field, option):
        """The answers holding just this option of a field (nothing, for unanswered)."""
        return {} if option is None else {field.name: field.answer(option)}

    def _answers(self, combo):
        answers = {}
        for f, index, fixed in self._layout:
            option = combo[index] if index >= 0 else fixed
            if option is not None:
                answers[f.name] = list(option) if f.type == "multi" else option
        return answers

    def iterate(self, start=0, stop=None):
        """The answers objects at indexes start..stop, in order."""
        import itertools

        combos = itertools.product(*(self.options[f.name] for f in self.varying))
        for combo in itertools.islice(combos, start, self.size if stop is None else stop):
            yield self._answers(combo)

    def __iter__(self):
        return self.iterate()

    def iterate_encoded(self, start=0, stop=None):
        """The engine's facts (JSON, as Advisor.decide_encoded takes them) for the
        answers objects at start..stop: built from pieces encoded once."""
        import itertools
        import json

        def piece(f, option):
            if option is None:
                return json.dumps(f.name) + ': ""'  # unanswered: ABSENT
            if f.type == "multi" and not option:
                return None  # the engine sees an empty list as no field
            return json.dumps(f.name) + ": " + json.dumps(f.answer(option), ensure_ascii=False)

        pieces = [[piece(f, o) for o in self.options[f.name]] for f in self.varying]
        fixed = [piece(f, opt) for f, index, opt in self._layout if index < 0]
        fixed_text = ", ".join(p for p in fixed if p)
        combos = itertools.product(*(range(len(self.options[f.name])) for f in self.varying))
        for combo in itertools.islice(combos, start, self.size if stop is None else stop):
            parts = [pieces[k][i] for k, i in enumerate(combo)]
            text = ", ".join(p for p in parts if p)
            yield "{" + (text + ", " + fixed_text if fixed_text and text else text or fixed_text) + "}"

    def at(self, index):
        """The answers object at `index`."""
        combo = []
        for f in reversed(self.varying):
            options = self.options[f.name]
            combo.append(options[index % len(options)])
            index //= len(options)
        return self._answers(combo[::-1])

    def field_bits(self, name, truth):
        """A bitset of the space (bit i = answers object i): where `truth(option)` holds
        for the named field's option."""
        f = self.field(name)
        if f not in self.varying:
            return self.all if truth(dict((g.name, fixed) for g, _, fixed in self._layout)[name]) else 0
        position = self.varying.index(f)
        stride = 1
        for g in self.varying[position + 1:]:
            stride *= len(self.options[g.name])
        period = "".join(("1" if truth(o) else "0") * stride for o in self.options[name])
        text = period * (self.size // len(period))
        return int(text[::-1], 2)

    def count(self, bits):
        """How many answers objects of the whole space the answers objects in `bits` stand for."""
        if not self.multiplicity:
            return bits.bit_count() * self.weight
        merged = list(self.multiplicity.items())
        total = 0
        for combo in itertools.product(*(range(len(m)) for _, m in merged)):
            mask, scale = bits, 1
            for (name, m), j in zip(merged, combo):
                chosen = self.options[name][j]
                mask &= self.field_bits(name, lambda option, chosen=chosen: option == chosen)
                scale *= m[j]
            total += mask.bit_count() * scale
        return total * self.weight


def answer_space(schema):
    """Every answers object the schema allows, without free text (an optional
    choice question also unanswered)."""
    return iter(Space(schema))


def answer_at(schema, index):
    """The answers object at `index` of the space, in answer_space's order."""
    return Space(schema).at(index)


def shuffled_space(schema, seed=0):
    """The whole space in a fixed random order: a difference shows up early."""
    import random

    space = Space(schema)
    order = list(range(space.size))
    random.Random(seed).shuffle(order)
    return (space.at(i) for i in order)


def space_size(schema):
    return Space(schema).size


MAX_TABULATED = 6  # a list field of up to 6 values has 1,957 orderings of its subsets: tabulated


def fast_validator(schema):
    """`validate(answers)` for the hot path: the same result as `schema.validate(answers)`.

    An answers object every field of which holds a valid answer exactly (the
    common case) is normalized by table look-ups; anything else, valid or not,
    goes to `schema.validate`, which words the error.
    """
    steps = []
    for field in schema.fields.values():
        if field.type == "choice":
            table = {v: v for v in field.values}
            if field.is_yes_no:
                table.update({True: "yes", False: "no"})
            kinds = (str, bool) if field.is_yes_no else (str,)
            steps.append((field.name, "choice", kinds, table, field.required))
        elif field.type == "multi":
            if len(field.values) > MAX_TABULATED:
                return schema.validate
            table = {
                order: tuple(v for v in field.values if v in order)
                for n in range(len(field.values) + 1) for order in itertools.permutations(field.values, n)
            }
            steps.append((field.name, "multi", (list,), table, field.required))
        else:
            steps.append((field.name, "text", (str,), field.max_length, field.required))

    def validate(answers):
        if type(answers) is not dict:
            return schema.validate(answers)
        result = {}
        seen = 0
        for name, kind, kinds, table, required in steps:
            if name not in answers:
                if required:
                    return schema.validate(answers)
                if kind == "multi":
                    result[name] = []
                continue
            seen += 1
            value = answers[name]
            if type(value) not in kinds:
                return schema.validate(answers)
            if kind == "choice":
                normal = table.get(value)
            elif kind == "multi":
                try:
                    normal = table.get(tuple(value))
                except TypeError:  # an unhashable item: not a valid answer
                    normal = None
                normal = list(normal) if normal is not None else None
            else:
                # ASCII only: other text goes to validate(), which also refuses lone surrogates
                normal = value if value.isascii() and len(value) <= table else None
            if normal is None:
                return schema.validate(answers)
            result[name] = normal
        if seen != len(answers):  # a field the schema does not know
            return schema.validate(answers)
        return result

    return validate
