"""The only module that touches durable-rules.

durable-rules is unmaintained; everything it needs from us is kept here:
- `Host()` starts timer threads that dispatch actions in the background and
  crash together with `delete_state`; `_QuietHost` never starts them, so every
  action runs synchronously inside `assert_fact` on the caller's thread.
- A ruleset holds at most 1,024 live sessions: each consultation takes a sid
  from a recycled pool and deletes its state right after.
- Facts of several sids are never asserted in one batch.
- Exceptions raised in actions are swallowed by the engine; ours are recorded
  and raised again after the consultation.
"""

import itertools
import logging

from durable import engine as _durable

from .errors import EngineError

ANSWERS = "answers"
DERIVED = "classification"
MAX_LIVE_SESSIONS = 1024

# durable-rules logs (and then swallows) errors of its own; we surface ours.
logging.getLogger("durable").setLevel(logging.CRITICAL)


class _QuietHost(_durable.Host):
    def _run(self):
        """No background dispatch threads: all work happens in assert_fact."""


_host = None
_names = itertools.count(1)


def _shared_host():
    # One host per process; each Engine registers a ruleset under a fresh name
    # because names are global per host and cannot be unregistered.
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


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
    """

    def __init__(self, rules):
        self._name = f"infoview_{next(_names)}"
        self._fired = []
        self._errors = []
        self._pool = _SessionPool()
        definition = {}
        for name, patterns, derives in rules:
            action = self._deriving(name, derives) if derives else self._recording(name)
            definition[name] = {"all": [{alias: p} for alias, p in patterns], "run": action}
        definition["$classified"] = {"all": [{"k": {"t": DERIVED}}], "run": self._recording("$classified")}
        self._host = _shared_host()
        try:
            self._host.register_rulesets({self._name: definition})
        except Exception as error:  # durable_rules_engine.error has no public class to name
            raise EngineError(f"the rule engine rejected the compiled rules: {error}") from None

    def _deriving(self, name, derives):
        def action(c):
            try:
                self._fired.append(name)
                c.assert_fact({"t": DERIVED, DERIVED: derives})
            except Exception as error:  # noqa: BLE001 - the engine would swallow it
                self._errors.append(f"rule {name}: {error!r}")

        return action

    def _recording(self, name):
        def action(c):
            self._fired.append(name)

        return action

    def run(self, fact):
        """Assert one answers fact; return the fired rule names in firing order."""
        sid = self._pool.acquire()
        self._fired = []
        self._errors = []
        try:
            self._host.assert_fact(self._name, dict(fact, sid=sid, t=ANSWERS))
        except _durable.MessageNotHandledException:
            raise EngineError("no rule handles these answers (no classification applies)") from None
        except _durable.MessageObservedException:
            raise EngineError("the same fact was asserted twice in one consultation") from None
        finally:
            self._host.delete_state(self._name, sid)
            self._pool.release(sid)
        if self._errors:
            raise EngineError("; ".join(self._errors))
        fired = self._fired
        if fired.count("$classified") != 1:
            raise EngineError(f"{fired.count('$classified')} classifications derived, expected exactly one")
        fired.remove("$classified")
        return fired


