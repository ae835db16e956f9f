"""The advisor: answers in, classification and cited findings out."""

import json
from dataclasses import dataclass, field
from functools import cached_property, partial

from . import conditions
from .engine import Engine
from .errors import EngineError, InputError, where
from .guidance import reasons_of
from .phrases import read_goals
from .rules import KINDS, load_rules
from .schema import ABSENT


@dataclass(frozen=True)
class Finding:
    id: str
    kind: str
    message: str
    quote: str
    because: dict
    cites: tuple
    quoted: str = ""
    reasons: tuple = field(default=(), repr=False, compare=False)  # guidance.Reason: words the `because`

    def to_dict(self):
        return {
            "id": self.id,
            "kind": self.kind,
            "message": self.message,
            "quote": self.quote,
            "because": self.because,
            "cites": list(self.cites),
            "quoted": self.quoted,
            "source": "article",
        }


@dataclass(frozen=True)
class Chosen:
    """One item of guidance (plan action, suggestion, question to ask, ...) chosen by the rules."""

    rule: object  # guidance.GuidanceRule
    reasons: tuple = ()

    @property
    def id(self):
        return self.rule.id

    def to_dict(self):
        rule = self.rule
        item = {"id": rule.id, "text": rule.text, "source": rule.source}
        if rule.source == "article":
            item.update(cites=list(rule.cites), quoted=rule.quoted, quote=rule.quote)
        if rule.serves:
            item["serves"] = list(rule.serves)
        return item


@dataclass(frozen=True)
class NextSteps:
    """What to do next, chosen by the rules for one consultation."""

    plan: list = field(default_factory=list)  # at most guidance.PLAN_LIMIT actions, in priority order
    suggestions: list = field(default_factory=list)
    questions_to_ask: list = field(default_factory=list)
    checklist: list = field(default_factory=list)
    draft: list = field(default_factory=list)  # paragraphs: message and notes

    def to_dict(self):
        return {
            "plan": [c.to_dict() for c in self.plan],
            "suggestions": [c.to_dict() for c in self.suggestions],
            "questions_to_ask": [c.to_dict() for c in self.questions_to_ask],
            "checklist": [c.to_dict() for c in self.checklist],
        }


@dataclass(frozen=True)
class Advice:
    classification: str
    aligned: bool
    goals: list
    findings: list
    goal_phrases: list = field(default_factory=list)
    has_goal_text: bool = False
    goal_text: str | None = None  # the person's own words, when given

    @property
    def goal_text_unread(self) -> bool:
        """True when own words were given but no goal could be read from them."""
        return bool(self.goal_text and self.goal_text.strip()) and not self.goal_phrases
    answers: dict = field(default_factory=dict, repr=False, compare=False)  # normalized
    guide: object = field(default=None, repr=False, compare=False)  # computes next_steps on first use

    @cached_property
    def next_steps(self) -> NextSteps:
        """The plan, suggestions, questions to ask, checklist and draft (decided on first use)."""
        return self.guide() if self.guide is not None else NextSteps()

    def __getstate__(self):
        state = dict(self.__dict__, next_steps=self.next_steps)
        state["guide"] = None
        return state

    def to_dict(self):
        result = {
            "classification": self.classification,
            "aligned": self.aligned,
            "goals": list(self.goals),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.has_goal_text:
            result["goal_phrases"] = [p.to_dict() for p in self.goal_phrases]
        if self.goal_text_unread:  # said honestly, with the words, for the caller to show
            from .report import unread_note

            result["goal_text_unread"] = unread_note(self.goal_text, picked=bool(self.goals))
        result.update(self.next_steps.to_dict())
        return result

    def to_json(self):
        """The contract's JSON result: same answers and rules, same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def finding_ids(self):
        return [f.id for f in self.findings]


class Advisor:
    """One loaded rule set, for many consultations.

    Not thread-safe: use one Advisor per thread (or process).
    """

    def __init__(self, rules_dir=None, cache=True):
        self.rules = load_rules(rules_dir, cache=cache)
        self._terms = {}  # engine rule name -> (rule, term)
        engine_rules = []
        for i, rule in enumerate(self.rules.classifications):
            for k, term in enumerate(rule.terms):
                name = f"c{i}.{k}"
                self._terms[name] = (rule, term)
                engine_rules.append((name, self._patterns(term), rule.id))
        for i, rule in enumerate(self.rules.findings):
            for k, term in enumerate(rule.terms):
                name = f"f{i}.{k}"
                self._terms[name] = (rule, term)
                engine_rules.append((name, self._patterns(term), None))
        self._engine = Engine(engine_rules)
        try:
            self._check_engine()
        except BaseException:
            self._engine.close()
            raise
        self._rank = {f.id: (KINDS.index(f.kind), i) for i, f in enumerate(self.rules.findings)}
        self._guide_engine = None  # built on first use: verify, diff and mutate never need it
        self._guide_terms = {}
        self._goal_order = self.rules.schema.fields["goals"].values
        # optional choice questions left unanswered: the engine sees them as ABSENT
        self._optional = [f.name for f in self.rules.schema.choice_fields() if f.type == "choice" and not f.required]

    def close(self):
        """Free the compiled rule set now (also done when the Advisor is dropped)."""
        self._engine.close()

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

    def _guidance_engine(self):
        if self._guide_engine is None:
            engine_rules = []
            for i, rule in enumerate(self.rules.classifications):
                for k, term in enumerate(rule.terms):
                    engine_rules.append((f"c{i}.{k}", self._patterns(term), rule.id))
            guidance = self.rules.guidance
            for i, rule in enumerate(guidance.rules() if guidance else []):
                for k, term in enumerate(rule.terms):
                    name = f"g{i}.{k}"
                    self._guide_terms[name] = (i, rule, term)
                    engine_rules.append((name, self._patterns(term), None))
            self._guide_engine = Engine(engine_rules)
        return self._guide_engine

    def _next_steps(self, fact, answers, classification):
        from .guidance import PLAN_LIMIT

        fired = sorted((self._guide_terms[n] for n in self._guidance_engine().run(fact) if n.startswith("g")),
                       key=lambda hit: hit[0])
        chosen = {}
        for _, rule, term in fired:
            chosen.setdefault(rule.family, []).append(Chosen(rule, reasons_of(term, answers, classification)))
        return NextSteps(chosen.get("plan", [])[:PLAN_LIMIT], chosen.get("suggestion", []),
                         chosen.get("question", []), chosen.get("checklist", []), chosen.get("draft", []))

    def normalize(self, answers, source=None):
        """Validated answers with defaults; raises InputError naming `source`."""
        try:
            return self.rules.schema.validate(answers)
        except InputError as error:
            raise InputError(where(source, str(error))) from None

    def advise(self, answers, source=None):
        """Advise on one answers object (a dict, as in the contract)."""
        answers = self.normalize(answers, source)
        text = answers.get("goal_text")
        phrases = read_goals(text, self.rules.phrases, self._goal_order) if text else []
        chosen = set(answers["goals"]) | {p.goal for p in phrases}
        goals = [g for g in self._goal_order if g in chosen]
        answers["goals"] = goals
        return self._consult(answers, phrases, text is not None, text)

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
            because = conditions.because(term, answers)
            text_goals = {g: from_text[g] for g in because.get("goals", []) if g in from_text}
            if text_goals:
                because["goal_phrases"] = text_goals
            found.append(Finding(rule.id, rule.kind, rule.message, rule.quote, because, rule.cites, rule.quoted,
                                 reasons_of(term, answers, classification)))
        found.sort(key=lambda f: self._rank[f.id])
        aligned = not any(f.kind == "mismatch" for f in found)
        return Advice(classification, aligned, answers["goals"], found, phrases, has_goal_text, goal_text,
                      answers, partial(self._next_steps, fact, answers, classification))


_default = None


def advise(answers):
    """Advise on one answers object with the shipped rules."""
    global _default
    if _default is None:
        _default = Advisor()
    return _default.advise(answers)
