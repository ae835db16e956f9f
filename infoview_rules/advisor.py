"""The advisor: answers in, classification and cited findings out."""

import json
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from os import PathLike
from typing import Any, Callable

from . import conditions
from .engine import Engine
from .errors import EngineError, InputError, where
from .guidance import GuidanceRule, Reason, reasons_of
from .phrases import PhraseMatch, read_goals_explained, someone_elses_words
from .rules import KINDS, ClassificationRule, FindingRule, Term, load_rules
from .schema import ABSENT, fast_validator


@dataclass(frozen=True)
class Finding:
    """One finding of a consultation. A value: an Advisor hands the same Finding to every
    consultation it fired on for the same reasons, so treat `because` as read-only
    (`to_dict()` gives copies)."""

    id: str
    kind: str
    message: str
    quote: str
    because: dict[str, Any]  # field -> the answer (or the list items) that made it fire
    cites: tuple[str, ...]
    quoted: str = ""
    reasons: tuple[Reason, ...] = field(default=(), repr=False, compare=False)  # words the `because`

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "message": self.message,
            "quote": self.quote,
            "because": {k: v.copy() if isinstance(v, (list, dict)) else v for k, v in self.because.items()},
            "cites": list(self.cites),
            "quoted": self.quoted,
            "source": "article",
        }

    @cached_property
    def json_text(self) -> str:
        """This finding as JSON, encoded once: an Advisor hands out the same Finding for the same reasons."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class Chosen:
    """One item of guidance (plan action, suggestion, question to ask, ...) chosen by the rules."""

    rule: GuidanceRule
    reasons: tuple[Reason, ...] = ()
    # field -> the answer (or the list items) that made it chosen, as a Finding's `because` (and, for
    # goals read from goal_text, "goal_phrases": goal -> the words): built with the reasons, read-only
    because: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.rule.id

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule
        item: dict[str, Any] = {"id": rule.id, "text": rule.text, "source": rule.source}
        if rule.source == "article":
            item.update(cites=list(rule.cites), quoted=rule.quoted, quote=rule.quote)
        if rule.serves:
            item["serves"] = list(rule.serves)
        item["because"] = {k: v.copy() if isinstance(v, (list, dict)) else v for k, v in self.because.items()}
        return item

    @cached_property
    def json_text(self) -> str:
        """This item as JSON, encoded once: an Advisor hands out the same Chosen for the same reasons."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class NextSteps:
    """What to do next, chosen by the rules for one consultation."""

    plan: list[Chosen] = field(default_factory=list)  # at most guidance.PLAN_LIMIT actions, in priority order
    suggestions: list[Chosen] = field(default_factory=list)
    questions_to_ask: list[Chosen] = field(default_factory=list)
    checklist: list[Chosen] = field(default_factory=list)
    # the draft's paragraphs (message and notes), decided by their own engine on first use:
    # only `infoview draft` and the report need them, not the JSON result
    draft_of: Callable[[], list[Chosen]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def draft(self) -> list[Chosen]:
        return self.draft_of() if self.draft_of is not None else []

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__, draft=self.draft)
        state["draft_of"] = None
        return state

    def items(self) -> list[tuple[str, list[Chosen]]]:
        """The result's keys for the next steps, in output order (the draft is for `infoview draft` only)."""
        return [("plan", self.plan), ("suggestions", self.suggestions),
                ("questions_to_ask", self.questions_to_ask), ("checklist", self.checklist)]

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {key: [c.to_dict() for c in chosen] for key, chosen in self.items()}


_OF_OBJECTS = ("findings", "plan", "suggestions", "questions_to_ask", "checklist")  # lists of Finding or Chosen


@dataclass(frozen=True)
class Advice:
    classification: str
    aligned: bool
    goals: list[str]
    findings: list[Finding]
    goal_phrases: list[PhraseMatch] = field(default_factory=list)
    has_goal_text: bool = False
    goal_text: str | None = None  # the person's own words, when given

    @property
    def goal_text_unread(self) -> bool:
        """True when own words were given but no goal could be read from them."""
        return bool(self.goal_text and self.goal_text.strip()) and not self.goal_phrases
    answers: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # normalized
    guide: Callable[[], NextSteps] | None = field(default=None, repr=False, compare=False)  # computes next_steps on first use
    others_words: str | None = None  # when nothing was read: words of goal_text that read as someone else's wish
    # words of goal_text a phrase rule took for a goal that the goal model weighed against, for
    # goals neither read nor ticked (PhraseMatch, in goal order): said, so a person who meant one can add it
    goal_phrases_not_counted: list[PhraseMatch] = field(default_factory=list)

    @cached_property
    def next_steps(self) -> NextSteps:
        """The plan, suggestions, questions to ask, checklist and draft (decided on first use)."""
        return self.guide() if self.guide is not None else NextSteps()

    def __getstate__(self):
        state = dict(self.__dict__, next_steps=self.next_steps)
        state["guide"] = None
        return state

    def _items(self) -> list[tuple[str, Any]]:
        """The result's keys and values in output order; the findings as Finding objects."""
        items: list[tuple[str, Any]] = [
            ("classification", self.classification),
            ("aligned", self.aligned),
            ("goals", list(self.goals)),
            ("findings", self.findings),
        ]
        if self.has_goal_text:
            items.append(("goal_phrases", [p.to_dict() for p in self.goal_phrases]))
            items.append(("goal_phrases_not_counted", [p.to_dict() for p in self.goal_phrases_not_counted]))
        if self.goal_text and self.goal_text_unread:  # said honestly, with the words, for the caller to show
            from .report import unread_note

            items.append(("goal_text_unread", unread_note(self.goal_text, picked=bool(self.goals), others=self.others_words)))
        items.extend(self.next_steps.items())
        return items

    def to_dict(self) -> dict[str, Any]:
        return {k: [item.to_dict() for item in v] if k in _OF_OBJECTS else v for k, v in self._items()}

    def to_json(self) -> str:
        """The contract's JSON result: same answers and rules, same bytes (json.dumps of to_dict()).

        Each finding's and next step's JSON is encoded once and reused: this is the hot
        path of a stream."""
        parts = []
        for key, value in self._items():
            if key in _OF_OBJECTS:
                text = "[" + ", ".join(item.json_text for item in value) + "]"
            else:
                text = json.dumps(value, ensure_ascii=False)
            parts.append(f'"{key}": {text}')
        return "{" + ", ".join(parts) + "}"

    def finding_ids(self) -> list[str]:
        return [f.id for f in self.findings]


class Advisor:
    """One loaded rule set, for many consultations.

    Not thread-safe: use one Advisor per thread (or process).
    """

    def __init__(self, rules_dir: "str | PathLike[str] | None" = None, cache: bool = True) -> None:
        self.rules = load_rules(rules_dir, cache=cache)
        self._terms: dict[str, tuple[ClassificationRule | FindingRule, Term]] = {}  # engine rule name -> (rule, term)
        engine_rules: list[tuple[str, Any, str | None]] = []
        for i, rule in enumerate(self.rules.classifications):
            for k, term in enumerate(rule.terms):
                name = f"c{i}.{k}"
                self._terms[name] = (rule, term)
                engine_rules.append((name, self._patterns(term), rule.id))
        for i, finding in enumerate(self.rules.findings):
            for k, term in enumerate(finding.terms):
                name = f"f{i}.{k}"
                self._terms[name] = (finding, term)
                engine_rules.append((name, self._patterns(term), None))
        self._engine = Engine(engine_rules)
        try:
            self._check_engine()
        except BaseException:
            self._engine.close()
            raise
        self._rank = {f.id: (KINDS.index(f.kind), i) for i, f in enumerate(self.rules.findings)}
        self._guide_engines: dict[str, Engine] = {}  # built on first use: verify, diff and mutate never need it
        self._guide_terms: dict[str, tuple[int, GuidanceRule, Term, list[str]]] = {}
        self._chosen: dict[tuple[Any, ...], Chosen] = {}  # bounded: guidance terms x the answers they test
        self._goal_order = self.rules.schema.fields["goals"].values
        # optional choice questions left unanswered: the engine sees them as ABSENT
        self._optional = [f.name for f in self.rules.schema.choice_fields() if f.type == "choice" and not f.required]
        self._validate = fast_validator(self.rules.schema)
        self._findings: dict[tuple[Any, ...], Finding] = {}  # bounded: terms x the answers they test
        self._tested = {  # engine rule name -> the answers fields its `because` can name
            name: sorted({lit.field for lit in term if not lit.guard and lit.field != conditions.CLASSIFICATION})
            for name, (_, term) in self._terms.items()
        }

    def close(self):
        """Free the compiled rule sets now (also done when the Advisor is dropped)."""
        self._engine.close()
        for engine in self._guide_engines.values():
            engine.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check_engine(self):
        """Check the new engine network against the pure evaluator on one answers
        object per term (see engine.py: durable-rules has an uninitialised read
        when it builds a network). Raises EngineError on any difference."""
        checks = getattr(self.rules, "_engine_checks", None)  # the same for every Advisor of these rules
        if checks is None:
            checks = self.rules._engine_checks = self._expected_on_witnesses()
        for fact, expected in checks:
            fired = sorted(self._engine.run(fact))
            if fired != expected:
                raise EngineError(
                    f"the rule engine built a network that disagrees with the rules on {json.dumps(fact)}: "
                    f"it fired {fired}, the rules say {expected} (see engine.py)"
                )

    def _expected_on_witnesses(self):
        """[(answers fact, sorted names of the engine rules that must fire on it)]."""
        class_terms = [(n, t) for n, (r, t) in self._terms.items() if n.startswith("c")]
        finding_terms = [(n, t) for n, (r, t) in self._terms.items() if n.startswith("f")]
        ids = {n: self._terms[n][0].id for n, _ in class_terms}
        samples = conditions.witnesses([(ids[n], t) for n, t in class_terms], [t for _, t in finding_terms],
                                       self.rules.domains)
        checks = []
        for answers in samples:
            holding = [n for n, t in class_terms if all(conditions.holds(l, answers, None) for l in t)]
            if len(holding) != 1:
                raise EngineError(f"the compiled classifications are not disjoint on {json.dumps(answers)}")
            classification = ids[holding[0]]
            expected = holding + [n for n, t in finding_terms if all(conditions.holds(l, answers, classification) for l in t)]
            checks.append(({k: v for k, v in answers.items() if v != []}, sorted(expected)))
        return checks

    def _patterns(self, term):
        domains = self.rules.domains
        on_answers = [conditions.literal_json(l, domains) for l in term if l.field != conditions.CLASSIFICATION]
        on_class = [conditions.literal_json(l, domains) for l in term if l.field == conditions.CLASSIFICATION]
        patterns = [("a", {"$and": [{"t": "answers"}, *on_answers]})]
        if on_class:
            patterns.append(("k", {"$and": [{"t": "classification"}, *on_class]}))
        return patterns

    def _guidance_engine(self, group: str) -> Engine:
        """An engine that chooses next steps, built on first use (verify, diff and mutate
        never need one): group "steps" (plan, suggestions, questions to ask, checklist) or
        "draft". The classification, decided by the first engine, is a field of its fact,
        so each rule tests one fact: no joins, no derived facts. Two networks, not one:
        durable-rules matches a fact on a stack of 64 alpha nodes (see engine.py), and
        one network of every next step left too little room."""
        engine = self._guide_engines.get(group)
        if engine is None:
            guidance = self.rules.guidance
            engine_rules = []
            for i, rule in enumerate(guidance.rules() if guidance else []):
                if (rule.family == "draft") != (group == "draft"):
                    continue
                for k, term in enumerate(rule.terms):
                    name = f"g{i}.{k}"
                    tested = sorted({lit.field for lit in term if lit.field != conditions.CLASSIFICATION})
                    self._guide_terms[name] = (i, rule, term, tested)
                    tests = [conditions.literal_json(lit, self.rules.domains) for lit in term]
                    engine_rules.append((name, [("a", {"$and": [{"t": "answers"}, *tests]})], None))
            engine = Engine(engine_rules, classifies=False)
            try:
                self._check_guidance_engine(engine, group, [name for name, _, _ in engine_rules])
            except BaseException:
                engine.close()
                raise
            self._guide_engines[group] = engine
        return engine

    def _check_guidance_engine(self, engine: Engine, group: str, names: list[str]) -> None:
        """As _check_engine, for a next steps' network: one answers object per term."""
        cache: dict[str, list[tuple[dict[str, Any], list[str]]]] | None = getattr(self.rules, "_guidance_checks", None)
        if cache is None:
            cache = {}
            setattr(self.rules, "_guidance_checks", cache)  # a cache on the rule set, like _engine_checks
        checks = cache.get(group)
        if checks is None:
            terms = {n: self._guide_terms[n][2] for n in names}
            class_terms = [(c.id, t) for c in self.rules.classifications for t in c.terms]
            samples = conditions.witnesses(class_terms, list(terms.values()), self.rules.domains)
            checks = []
            for answers in samples:
                classification = next(cid for cid, t in class_terms
                                      if all(conditions.holds(lit, answers, None) for lit in t))
                expected = sorted(n for n, t in terms.items()
                                  if all(conditions.holds(lit, answers, classification) for lit in t))
                fact = {k: v for k, v in answers.items() if v != []}
                checks.append((dict(fact, **{conditions.CLASSIFICATION: classification}), expected))
            cache[group] = checks
        for fact, expected in checks:
            fired = sorted(engine.run(fact))
            if fired != expected:
                raise EngineError(
                    f"the rule engine built a next-steps network that disagrees with the rules on "
                    f"{json.dumps(fact)}: it fired {fired}, the rules say {expected} (see engine.py)"
                )

    def _chosen_by(self, group: str, fact: dict[str, Any], answers: dict[str, Any],
                   classification: str, from_text: dict[str, str] | None = None) -> dict[str, list[Chosen]]:
        """family -> the items the `group` engine chooses, in rule order (`from_text`: goal -> the
        words of goal_text it was read from)."""
        engine = self._guidance_engine(group)
        names = engine.run(dict(fact, **{conditions.CLASSIFICATION: classification}))
        chosen: dict[str, list[Chosen]] = {}
        for name in sorted(names, key=lambda n: self._guide_terms[n][0]):  # rule order
            _, rule, term, tested = self._guide_terms[name]
            # the same term on the same answers to the fields it tests gives the same reasons and
            # `because` (and so the same JSON); goals read from own words add their words to it
            key = (name, classification, *(_hashable(answers.get(f)) for f in tested))
            if from_text and "goals" in tested:
                key += (tuple(sorted(from_text.items())),)
            item = self._chosen.get(key)
            if item is None:
                item = self._chosen[key] = Chosen(rule, reasons_of(term, answers, classification),
                                                  _because(term, answers, from_text))
            chosen.setdefault(rule.family, []).append(item)
        return chosen

    def _next_steps(self, fact: dict[str, Any], answers: dict[str, Any], classification: str,
                    from_text: dict[str, str] | None = None) -> "NextSteps":
        from .guidance import PLAN_LIMIT

        chosen = self._chosen_by("steps", fact, answers, classification, from_text)
        draft = partial(lambda: self._chosen_by("draft", fact, answers, classification, from_text).get("draft", []))
        return NextSteps(chosen.get("plan", [])[:PLAN_LIMIT], chosen.get("suggestion", []),
                         chosen.get("question", []), chosen.get("checklist", []), draft)

    def normalize(self, answers: object, source: str | None = None) -> dict[str, Any]:
        """Validated answers with defaults; raises InputError naming `source`."""
        try:
            normalized: dict[str, Any] = self._validate(answers)
            return normalized
        except InputError as error:
            raise InputError(where(source, str(error))) from None

    def advise(self, answers: object, source: str | None = None) -> Advice:
        """Advise on one answers object (a dict, as in the contract)."""
        answers = self.normalize(answers, source)
        text = answers.get("goal_text")
        phrases: list[PhraseMatch] = []
        declined: list[PhraseMatch] = []  # the words a rule read as a goal that the goal model did not count
        if text and self.rules.phrases:
            phrases, declined = read_goals_explained(text, self.rules.phrases, self._goal_order)
        chosen = set(answers["goals"]) | {p.goal for p in phrases}
        goals = [g for g in self._goal_order if g in chosen]
        answers["goals"] = goals
        advice: Advice = self._consult(answers, phrases, text is not None, text)
        if declined:
            not_counted = [m for m in declined if m.goal not in chosen]  # a goal ticked as well was not lost
            if not_counted:
                advice = replace(advice, goal_phrases_not_counted=not_counted)
        if text and not phrases and self.rules.phrases:  # say whose wish it is, if someone else's
            others = someone_elses_words(text, self.rules.phrases)
            if others:
                advice = replace(advice, others_words=others)
        return advice

    def _fact(self, answers):
        fact = {k: v for k, v in answers.items() if k != "goal_text" and v != []}
        for name in self._optional:
            fact.setdefault(name, ABSENT)
        return fact

    def decide(self, answers):
        """(classification, ids of the findings that fire, in report order) for answers
        that are already valid and complete, as an answer space gives them: the
        engine's decision without the report around it, for verify and diff."""
        return self.decide_encoded(json.dumps(self._fact(answers), ensure_ascii=False))

    def decide_encoded(self, body):
        """`decide` for the engine's fact already encoded (see Space.iterate_encoded)."""
        classification, found = None, []
        for name in self._engine.run_encoded(body):
            rule = self._terms[name][0]
            if name.startswith("c"):
                classification = rule.id
            else:
                found.append(rule.id)
        found.sort(key=self._rank.__getitem__)
        return classification, found

    def _consult(self, answers, phrases, has_goal_text, goal_text=None):
        fact = self._fact(answers)
        fired = self._engine.run(fact)
        classification = None
        found = []
        from_text = {p.goal: p.phrase for p in phrases}
        classification = next((self._terms[n][0].id for n in fired if n.startswith("c")), None)
        for name in fired:
            rule, term = self._terms[name]
            if name.startswith("c"):
                continue
            # the same term on the same answers to the fields it tests gives the same `because`:
            # the same (immutable) Finding, its JSON encoded once
            key = (name, classification, *(_hashable(answers.get(f)) for f in self._tested[name])) if not from_text else None
            finding = self._findings.get(key) if key else None
            if finding is None:
                because = _because(term, answers, from_text)
                finding = Finding(rule.id, rule.kind, rule.message, rule.quote, because, rule.cites, rule.quoted,
                                  reasons_of(term, answers, classification))
                if key:
                    self._findings[key] = finding
            found.append(finding)
        found.sort(key=lambda f: self._rank[f.id])
        aligned = not any(f.kind == "mismatch" for f in found)
        return Advice(classification, aligned, answers["goals"], found, phrases, has_goal_text, goal_text,
                      answers, partial(self._next_steps, fact, answers, classification, from_text))


def _because(term: Term, answers: dict[str, Any], from_text: dict[str, str] | None) -> dict[str, Any]:
    """A fired term's `because`, for a Finding or a Chosen item alike: the answers that made it
    hold (scalars by value, lists by the items tested) and, for goals read from the person's own
    words, "goal_phrases": goal -> those words."""
    because: dict[str, Any] = conditions.because(term, answers)
    if from_text:
        text_goals = {g: from_text[g] for g in because.get("goals", []) if g in from_text}
        if text_goals:
            because["goal_phrases"] = text_goals
    return because


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


_default = None


def advise(answers: object) -> Advice:
    """Advise on one answers object with the shipped rules."""
    global _default
    if _default is None:
        _default = Advisor()
    return _default.advise(answers)
