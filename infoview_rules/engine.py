"""The only module that touches durable-rules.

durable-rules is unmaintained; everything it needs from us is kept here. We
drive its C extension (`durable_rules_engine`) directly rather than through
`durable.engine.Host`, because:
- `Host()` starts two timer threads that dispatch actions in the background and
  crash together with `delete_state`; here nothing ever runs off the caller's
  thread, since there is no Host at all.
- Its Python layer costs more than the matching itself: per action it builds a
  Closure, JSON-encodes the whole state, JSON-decodes the next message and
  reads the clock. Our actions only record which rule fired (and, for a
  classification, assert the derived fact), so none of that is needed.
The engine still decides: it matches every rule, joins the answers with the
derived classification, and hands us each fired rule in turn.

Rule sets are freed. Each compiled rule set holds about 395 KB of C memory
until `delete_ruleset`: without it 36,000 Advisors reached 14 GB, and the
extension's table of 131,071 handles would run out. `Engine.close()` frees it
(Advisor.close(), `with Advisor() as a:`), and `__del__` does when the Engine
is dropped without being closed.

What is known about `create_ruleset` (durable-rules 2.0.28, src/rules/rete.c):
- Valgrind reports "Conditional jump or move depends on uninitialised
  value(s)" in createAlpha <- createAlpha <- createBeta <- createTree <-
  createRuleset (valgrind names no origin for the value). To see
  it (takes a few minutes; reproduced here on 2026-11-29):

      PYTHONMALLOC=malloc INFOVIEW_CACHE_DIR= valgrind --track-origins=yes \
          --num-callers=12 python -c "from infoview_rules import Advisor
      for _ in range(20): Advisor(cache=False).close()"

- Its cause, found by reading rete.c (2.0.28, unchanged upstream since):
  for an `$or`, createAlpha makes a "forward" node (createForwardAlpha) that
  never sets `right.type`, and hands it back as the node the `$or` ends on.
  After an `$iany`/`$iall` it reads `right.type` of the node its inner test
  ends on. So an `$or` that is the whole inner test, which is how
  conditions.literal_json wrote "has any of these goals", makes it read
  whatever byte was left there; when that byte equals one of two type codes,
  the rules are rejected with error 102 ("unexpected type").
- How often depends on the heap, so on the process's environment, not on the
  rules: 35 of 3,729 creations while rule sets were kept alive, 0 of 314,253
  when each was deleted after use, and then, after unrelated changes, every
  `infoview advise` run with one particular environment (that of a browser
  test) failed, three tries each.
- The fix, on our side: literal_json ends such an inner test on one more,
  always true, comparison (`{"$and": [{"$or": ...}, {"$neq": {"$i": ""}}]}`),
  so the node read is one createAlpha has set in full. That environment now
  passes every time, and valgrind (the command above, with the next steps'
  networks built too) reports nothing in createAlpha any more, where the old
  patterns gave four reports there in the same run (2026-11-30). Creation is still retried a few times under a fresh
  name, and every new network is still checked (below): defences against
  whatever else the unmaintained C code may do.
- On a failed creation the binding has already taken a handle (CREATE_HANDLE
  runs before createTree) and does not return it, so the tree and its handle
  leak and cannot be freed from Python. At most CREATE_TRIES leak per failed
  Advisor; with rule sets freed, failures have not been seen at all.
- An uninitialised read could in principle build a wrong network without any
  error. So every new rule set is checked before use (Advisor._check_engine,
  and Advisor._check_guidance_engine for the next steps' rule set):
  on one answers object per compiled term (a witness on which that term holds),
  the rules the engine fires must be exactly those the pure evaluator of
  conditions.py says hold. Every engine rule is thereby seen to fire where it
  should, and no other where it should not; a difference is an EngineError
  naming the answers, never a wrong result.

A limit found the hard way: durable-rules walks a fact's alpha network on a
stack of 64 nodes (events.c, handleAlpha, MAX_STACK_SIZE) and fails the fact
with error 303 past it. How deep it gets depends on how many alpha nodes match
at once, so a wide network (many rules on one fact) can fail on some answers
only. One network of all the next steps was near it: an edit to draft.toml
that added a branch to 14 paragraphs made 608 of the 98,304 answers objects
fail (another, 32,160). So the draft's paragraphs have a network of their own
(advisor.py), and tests/test_next_steps_engine.py runs the shipped rules on
every answers object; an adviser's edit that goes past the limit shows the
error on the answers it fails, never a wrong result.

Other pitfalls handled here:
- A ruleset holds at most 1,024 live sessions: each consultation takes a sid
  from a recycled pool and deletes its state right after.
- Facts of several sids are never asserted in one batch.
- A fact that no rule handles is rejected without a session state, and
  deleting that sid's state then aborts the process now and then. So built-in
  rules consume every answers fact and every derived fact: each session has
  state to delete, and "no classification" shows up as a count, not a crash.
"""

import itertools
import json
import os
import sys

from .errors import EngineError


def _load_durable_rules_engine():
    """durable-rules' C extension, or (None, why it cannot load).

    Its callbacks call PyEval_CallObject, which CPython 3.13 removed; infoview
    registers no callbacks, so on 3.13+ the extension is loaded with lazy symbol
    binding and that call is never resolved. Where the loader binds eagerly
    anyway (LD_BIND_NOW, an extension linked with -z now) this says how to
    rebuild it instead of failing with a traceback. See README, "Python 3.13".
    """
    lazy = sys.version_info >= (3, 13) and hasattr(sys, "setdlopenflags")
    if lazy:
        flags = sys.getdlopenflags()
        sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
    try:
        import durable_rules_engine
    except ImportError as error:
        if "PyEval_CallObject" not in str(error):
            raise
        return None, (
            "durable-rules' C extension cannot load: it calls PyEval_CallObject, which Python 3.13"
            " removed, and symbols are bound eagerly here (LD_BIND_NOW, or linked with -z now);"
            " rebuild it with: CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject"
            f" {sys.executable} -m pip install --force-reinstall --no-deps --no-cache-dir"
            " durable-rules==2.0.28"
        )
    finally:
        if lazy:
            sys.setdlopenflags(flags)
    return durable_rules_engine, None


_dre, _UNLOADABLE = _load_durable_rules_engine()

ANSWERS = "answers"
DERIVED = "classification"
CLASSIFIED = "$classified"
RECEIVED = "$received"
MAX_LIVE_SESSIONS = 1024
CREATE_TRIES = 3
_NOT_HANDLED, _OBSERVED = 1, 2  # durable-rules' result codes

_names = itertools.count(1)


class _SessionPool:
    """Recycled session ids: never more than MAX_LIVE_SESSIONS at once."""

    def __init__(self):
        self._free = []
        self._issued = 0

    def acquire(self):
        if self._free:
            return self._free.pop()
        if self._issued >= MAX_LIVE_SESSIONS:
            raise EngineError(f"more than {MAX_LIVE_SESSIONS} live consultations in one rule set")
        self._issued += 1
        return str(self._issued)

    def release(self, sid):
        self._free.append(sid)


class Engine:
    """A compiled rule set: answers fact in, names of the fired rules out.

    `rules` is a list of (name, patterns, derives): patterns are (alias, JSON
    pattern) pairs joined within one session; a rule with `derives` asserts the
    derived fact {"t": "classification", "classification": derives}. A built-in
    rule consumes that fact, so a derived fact is never lost unhandled.
    Rule names must not contain double quotes. With `classifies` (the default)
    exactly one classification must be derived per consultation; without it
    the rules only test the answers fact (the classification, when they need
    it, is a field of that fact).
    """

    def __init__(self, rules, classifies=True):
        if _dre is None:
            raise EngineError(_UNLOADABLE)
        self._pool = _SessionPool()
        self._derives = {}
        definition = {}
        for name, patterns, derives in rules:
            if '"' in name:
                raise EngineError(f"rule name {name!r} has a double quote")
            definition[name] = {"all": [{alias: p} for alias, p in patterns]}
            if derives is not None:
                self._derives[name] = derives
        self._classifies = classifies
        if classifies:
            definition[CLASSIFIED] = {"all": [{"k": {"t": DERIVED}}]}
        definition[RECEIVED] = {"all": [{"a": {"t": ANSWERS}}]}
        text = json.dumps(definition, ensure_ascii=False)
        self._handle = None
        for attempt in range(CREATE_TRIES):
            # ruleset names are global in the extension and cannot be unregistered
            self._name = f"infoview_{next(_names)}"
            try:
                self._handle = _dre.create_ruleset(self._name, text)
                break
            except Exception as error:  # durable_rules_engine.error
                if attempt == CREATE_TRIES - 1:
                    raise EngineError(f"the rule engine rejected the compiled rules: {error}") from None
        self._derived_json = {}  # (sid, derives) -> fact JSON, built once

    def close(self):
        """Free the compiled rule set (its C memory and its handle). Idempotent."""
        handle, self._handle = self._handle, None
        if handle is not None and _dre is not None:  # at interpreter exit the module may be gone
            _dre.delete_ruleset(handle)

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass

    @property
    def closed(self):
        return self._handle is None

    def _derived(self, sid, derives):
        key = (sid, derives)
        text = self._derived_json.get(key)
        if text is None:
            try:
                text = json.dumps({"sid": sid, "t": DERIVED, DERIVED: derives}, ensure_ascii=False)
            except (TypeError, ValueError) as error:
                raise EngineError(f"cannot derive {derives!r}: {error!r}") from None
            self._derived_json[key] = text
        return text

    def _assert(self, text):
        try:
            code, state = _dre.assert_fact(self._handle, text)
        except _dre.error as error:  # e.g. 303: its matching stack overflowed
            raise EngineError(f"the rule engine failed on a fact: {error}") from None
        if code == _NOT_HANDLED:  # cannot happen while the built-in rules consume every fact
            raise EngineError("the engine took no rule for a fact")
        if code == _OBSERVED:
            raise EngineError("the same fact was asserted twice in one consultation")
        return state

    def run(self, fact):
        """Assert one answers fact; return the fired rule names in firing order."""
        return self.run_encoded(json.dumps(fact, ensure_ascii=False))

    def run_encoded(self, body):
        """`run` for a fact already encoded as a JSON object without sid and t
        (verify and diff encode the whole answer space from pieces)."""
        if self._handle is None:
            raise EngineError("this rule set has been closed")
        sid = self._pool.acquire()
        fired = []
        try:
            head = f'{{"sid": "{sid}", "t": "{ANSWERS}"'
            state = self._assert(head + "}" if body.strip() == "{}" else head + ", " + body.lstrip()[1:])
            result = _dre.start_action_for_state(self._handle, state)
            message = result[1] if result else None
            while message:
                # the message is {"<rule name>": {...matched facts...}}
                name = message[2:message.index('"', 2)]
                fired.append(name)
                derives = self._derives.get(name)
                if derives is not None:
                    try:
                        self._assert(self._derived(sid, derives))
                    except EngineError as error:
                        _dre.abandon_action(self._handle, state)
                        raise EngineError(f"rule {name}: {error}") from None
                message = _dre.complete_and_start_action(self._handle, state)
        finally:
            _dre.delete_state(self._handle, sid)
            self._pool.release(sid)
        if fired.count(RECEIVED) != 1:
            raise EngineError("the engine did not take the answers")
        fired.remove(RECEIVED)
        if not self._classifies:
            return fired
        count = fired.count(CLASSIFIED)
        if count == 0:
            raise EngineError("no classification applies to these answers")
        if count > 1:
            raise EngineError(f"{count} classifications derived, expected exactly one")
        fired.remove(CLASSIFIED)
        return fired
