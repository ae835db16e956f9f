"""Reading goals out of `goal_text` with the phrase rules of phrases.toml.

How a text is read (every list of words below is data in phrases.toml):

1. Normalised: lower case, straight quotes, one space between words, and each
   word that looks like a typo of a word the rules use is corrected ("lern" ->
   "learn", "compnay" -> "company"; see `Speller`).
2. Split into sentences at . ! ? and line breaks (a ";" ends a scope, not a sentence;
   the full stop of an abbreviation of [reading] `abbreviations`, "jr.", ends nothing).
3. In each sentence every rule's patterns are tried, left to right. A match
   gives the rule's goal unless one of the rule's `unless` patterns overlaps
   it, or it lies in the scope of a cue that blocks that goal: a negation
   ("not", "never", "rather than"), someone else's goal ("my flatmate hopes"),
   or a doubt ("whether", "not sure"). A scope runs from its cue to the end of
   the sentence or to the first `scope_ends` match (", but", ", I", "and I'd"),
   so a comma list stays negated ("not a job, an internship or a referral")
   while a new clause starts afresh. A pattern may name the words that must be
   outside every scope with a group `(?P<key>...)`; otherwise the whole match
   must be. A scope may add its own `ends` ("whether I'd fit, and ideally ..."),
   or reach back over its whole clause (`whole_clause`: "hand my CV to the
   hiring manager for the job they posted" is about that role), and a rule may say with `after` what must have been named earlier in the
   text for its match to count ("... a strong candidate for that role").

Each goal read comes with the words of the text that gave it (`PhraseMatch`),
ending where a phrase ends (`shown_end`).
The reading is deterministic and offline; symspellpy (for the spelling) is
imported only when a text is read, so `advise` without `goal_text` does not
pay for it.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .errors import RulesError, did_you_mean

if TYPE_CHECKING:
    from .goal_model import GoalModel
from .tables import check_keys, unknown_keys

UNREAD = "I could not tell from your words what you want from this meeting"
"""What to tell a person when no goal could be read from their text."""

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^\s.!?][^.!?\n]*[.!?]*")  # a ";" joins clauses: see [reading] scope_ends
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class PhraseMatch:
    goal: str
    rule: str
    phrase: str  # the words in the text that gave the goal

    def to_dict(self) -> dict:
        return {"goal": self.goal, "phrase": self.phrase, "rule": self.rule}


@functools.lru_cache(maxsize=None)
def _re(source: str) -> re.Pattern:
    """A rule's pattern, compiled on first use.

    The rules cache keeps patterns as text (unpickling a compiled pattern
    compiles it again), so `advise` without goal_text never compiles them; `re`
    keeps the compiled form for the rest of the process.
    """
    return re.compile(source, re.IGNORECASE)


@dataclass
class PhraseRule:
    id: str
    goal: str
    patterns: tuple  # regular expressions, {word lists} expanded (see _re)
    unless: tuple
    examples: tuple
    counter_examples: tuple
    # regular expressions one of which must match earlier in the text (an earlier
    # sentence, or before the match): what "that role", "it" or "one" refer back to
    after: tuple = ()
    # per pattern, groups of strings, each of its matches holding one of every group, in one
    # string (see _needles)
    needles: tuple = ()
    # the same per `unless` pattern: one is tried on nearly every sentence a learning rule reads
    unless_needles: tuple = ()


@dataclass
class Scope:
    id: str
    cues: tuple  # regular expressions (see _re)
    blocks: frozenset  # the goals a cue's scope blocks
    ends: tuple = ()  # regular expressions ending this scope, besides [reading] scope_ends
    # the scope also covers its clause before the cue, back to the last clause end: "hand my CV to
    # the hiring manager for the job they posted" (the open role named last decides the wish)
    whole_clause: bool = False
    needles: tuple = ()  # per cue, the groups of strings each of its matches holds one of (see _needles)
    # what this scope blocks is someone else's wish ("my husband wants to ..."): when nothing is read,
    # the person is told so, rather than only that their words could not be read
    others: bool = False


@dataclass
class PhraseBook:
    """The phrase rules of a rules folder, with what the reader needs besides them.

    Iterating over it gives the phrase rules, in file order.
    """

    rules: list
    scopes: list
    scope_ends: tuple  # regular expressions (see _re)
    vocabulary: tuple  # words the spelling is corrected towards
    fixed: dict = field(default_factory=dict)  # [spelling] fixed: word -> its correction
    spelled: tuple = ()  # the words the patterns spell out: never corrected, common or not ("vouch")
    # words whose full stop ends no sentence ("the Jr. Accountant posting")
    abbreviations: tuple = ()
    model_file: str = ""  # [model] file: the goal model's weights, beside phrases.toml ("": no model)
    thresholds: dict = field(default_factory=dict)  # [model] threshold: goal -> the chance it needs
    exclusive: tuple = ()  # [model] exclusive: groups of goals the model gives at most one of (the first listed)
    stated_weight: dict = field(default_factory=dict)  # [model] stated_weight: goal -> what a sentence stating it counts in training
    # [model] corpus: the adviser's own corpus files (paths relative to the rules folder) that
    # --train learns every time, beside the shipped parts, so that no run forgets them
    corpus: tuple = ()
    # [reading] refusals: a sentence made of these alone ("No thanks.") refuses the question
    # before it ("A job there? No thanks."): nothing in that question is a goal
    refusals: tuple = ()  # regular expressions (see _re)
    # the rules folder the model file is in: set by load_rules on every load, since one cache
    # entry serves every folder holding the same rule files
    folder: str = field(default="", compare=False)  # where the rules are, not what they are

    def __post_init__(self) -> None:
        self._speller = None  # built on first reading; not a field, so never cached
        self._model = None  # read on first use, so that a start without goal_text never reads it

    @property
    def model(self) -> "GoalModel | None":
        """The goal model named by [model] file, or None; RulesError if it cannot be read."""
        if not self.model_file:
            return None
        if self._model is None:
            from .goal_model import load_goal_model

            self._model = load_goal_model(Path(self.folder or ".") / self.model_file, tuple(self.thresholds))
        return self._model

    def __iter__(self) -> Iterator[PhraseRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def speller(self) -> "Speller":
        if self._speller is None:
            self._speller = Speller(self.vocabulary, self.fixed, self.spelled)
        return self._speller


# -- spelling ----------------------------------------------------------------------

# A word is corrected only if it is not a common English word: one that
# symspellpy's frequency list counts at least this often (about 15,500 words) is
# taken as meant; a rarer one near a rule word ("abut", "lear") is taken as a typo.
COMMON = 2_000_000


class Speller:
    """Corrects typos towards the rules' own words, with symspellpy.

    The dictionary is small: the common English words of the phrase rules
    (their patterns and examples), and `fixed` corrections of [spelling] in
    phrases.toml ("dont" -> "don't"). Common English words are left alone, so
    "went" is not turned into "want". One edit is allowed for words of 3 to 7
    letters, two from 8, and two for words of 5 to 7 letters when they are
    only letters left out ("rember"); shorter words are never changed.
    """

    def __init__(self, vocabulary: Iterable[str], fixed: dict | None = None, spelled: Iterable[str] = ()):
        self.counts = counts = common_english()
        self.fixed = dict(fixed or {})
        # only real words: not fragments of patterns ("compan"), nor the typos of examples
        self.vocabulary = frozenset(w for w in vocabulary if w in counts)
        # a rarer word the patterns spell out ("vouch") is meant as typed, though never a correction
        self.known = self.vocabulary | frozenset(spelled)
        self._symspell = None  # built for the first word that needs looking up: most texts have none
        self.cache: dict = {}

    @property
    def symspell(self):
        if self._symspell is None:
            from symspellpy import SymSpell

            # a prefix of 5, not symspellpy's 7: half the deletes to build (about 10 ms of a cold
            # reading with a typo), and the same correction for each of the 7,427 corpus words
            symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=5)
            for word in sorted(self.vocabulary):
                symspell.create_dictionary_entry(word, self.counts[word])
            self._symspell = symspell
        return self._symspell

    def correct(self, word: str) -> str:
        """`word` (lower case) as the rules would spell it, or unchanged."""
        if word in self.fixed:
            return self.fixed[word]
        if len(word) < 3 or word in self.known or word in self.counts or not word.isascii() or "'" in word:
            return word
        if word in self.cache:
            return self.cache[word]
        from symspellpy import Verbosity

        best = word
        distance = 1 if len(word) < 8 else 2
        found = self.symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=distance)
        if found:
            # of equally near words, prefer the same first letter ("lear" -> "learn", not "year"),
            # the same last letter ("rememberd" -> "remembered"), the same letters ("wnat" ->
            # "want"), then the more common
            best = min(found, key=lambda s: (s.term[0] != word[0], s.term[-1] != word[-1], sorted(s.term) != sorted(word),
                                             -s.count, s.term)).term
        if distance == 1 and len(word) >= 5 and best[0] != word[0]:
            # two letters left out of a shorter word ("rember" -> "remember", "intrview"): the commonest
            # typo is an omission, so two are allowed when that is all the difference is
            omitted = [s for s in self.symspell.lookup(word, Verbosity.ALL, max_edit_distance=2)
                       if s.term[0] == word[0] and len(s.term) == len(word) + s.distance and _subsequence(word, s.term)]
            if omitted:
                best = min(omitted, key=lambda s: (-s.count, s.term)).term
        self.cache[word] = best
        return best


def _subsequence(short: str, long: str) -> bool:
    """True if `short` is `long` with some letters left out."""
    letters = iter(long)
    return all(ch in letters for ch in short)


def common_english() -> dict:
    """The common words of symspellpy's English frequency list, with their counts.

    Parsing its 82,765 lines takes longer than the rest of a reading, so the
    common part is kept as JSON in the rules cache's folder (see
    rules_cache.cache_folder; plain data, checked on load, a bad file is a miss).
    """
    import importlib.util
    import json

    from .rules_cache import cache_folder

    # found without importing symspellpy: a text with no word to look up never needs it
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'symspellpy'", name="symspellpy")
    listing = Path(spec.origin).with_name("frequency_dictionary_en_82_765.txt")
    stat = listing.stat()
    folder = cache_folder()
    cached = folder / f"words-{COMMON}-{stat.st_size}-{stat.st_mtime_ns}.json" if folder else None
    if cached is not None:
        try:
            counts = json.loads(cached.read_text(encoding="utf-8"))
            if isinstance(counts, dict) and all(type(c) is int for c in counts.values()):
                return counts
        except (OSError, ValueError):
            pass  # absent or damaged: parse the list again
    parts = listing.read_text(encoding="utf-8").split()
    counts = {w: c for w, c in zip(parts[::2], map(int, parts[1::2])) if c >= COMMON}
    if cached is not None:
        from .files import write_atomically

        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(cached, json.dumps(counts, separators=(",", ":")))
        except OSError:
            pass  # a read-only home is no reason to fail
    return counts


# -- loading -----------------------------------------------------------------------


def _strings(table: dict, key: str, context: str, required: bool = False) -> tuple:
    if key not in table:
        if required:
            raise RulesError(f"{context}: missing key '{key}'")
        return ()
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{context}: '{key}' must be a list of strings")
    return tuple(value)


def _string(table: dict, key: str, context: str) -> str:
    value = table.get(key)
    if value is None:
        raise RulesError(f"{context}: missing key '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{context}: '{key}' must be a non-empty string")
    return value


def _keys(table: object, allowed: Sequence[str], context: str) -> dict:
    check_keys(table, (), allowed, context)
    return table


def shown_pattern(pattern: str) -> str:
    """A pattern in an error, as the rule file spells it (a TOML literal string):
    its backslashes single, not doubled as Python's repr() writes them."""
    return f"'''{pattern}'''" if "'" in pattern else f"'{pattern}'"


def _compile(pattern: str, words: dict, context: str) -> str:
    """`pattern` with its {word lists} expanded, checked to compile and not to backtrack catastrophically."""
    pieces = []
    expansions = []  # (start, end) in the expanded text, (start, end) in `pattern`: for errors
    done = 0
    length = 0
    for found in _PLACEHOLDER.finditer(pattern):
        name = found.group(1)
        if name not in words:
            raise RulesError(f"{context}: pattern {shown_pattern(pattern_excerpt(pattern, found.start()))} "
                             f"uses unknown word list {{{name}}} (defined in [words]: {', '.join(words) or 'none'})"
                             + did_you_mean(name, list(words)))
        before = pattern[done:found.start()]
        expansion = _word_list(words, name)
        pieces += [before, expansion]
        length += len(before)
        expansions.append((length, length + len(expansion), found.start(), found.end()))
        length += len(expansion)
        done = found.end()
    pieces.append(pattern[done:])
    source = "".join(pieces)
    try:
        re.compile(source, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError) as error:
        position = _written_position(error, expansions)
        if position is None and "look-behind" in str(error):
            position = _fixed_width_fault(pattern, words)
        raise RulesError(f"{context}: {compile_error(pattern, error, position)}") from None
    if _nested_unbounded_repeat(source):
        place = _nested_repeat_place(pattern, words)
        at = f" at {EXCERPT_MARK}" if place is not None else ""
        raise RulesError(f"{context}: pattern {shown_pattern(pattern_excerpt(pattern, place))} repeats a repeat{at}: "
                         "an unbounded repeat (*, +, {n,}) "
                         "inside another can take exponential time on some texts (catastrophic backtracking); "
                         "bound one of them (e.g. {1,3}) or drop the outer one")
    return source


def _written_position(error: Exception, expansions: list) -> int | None:
    """Where in the pattern as written (its {word lists} not expanded) `error` was met, or None:
    a place inside an expanded list is the list's {reference}."""
    position = getattr(error, "pos", None)
    if position is None:
        return None
    shift = 0
    for start, end, written_start, written_end in expansions:
        if position < start:
            break
        if position < end:
            return written_start
        shift += (end - start) - (written_end - written_start)
    return position - shift


def _group_spans(pattern: str) -> list:
    """(start, end) of each parenthesised group and {word list} of a pattern as written, in order
    of their starts (a character set's brackets and parentheses are characters, not groups)."""
    spans, opened = [], []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1
        elif char == "[":
            close = pattern.find("]", index + 2 if pattern[index + 1:index + 2] in ("]", "^") else index + 1)
            if close < 0:
                break
            index = close
        elif char == "(":
            opened.append(index)
        elif char == ")" and opened:
            spans.append((opened.pop(), index + 1))
        elif char == "{" and (found := _PLACEHOLDER.match(pattern, index)):
            spans.append((index, found.end()))
            index = found.end() - 1
        index += 1
    return sorted(spans)


def _word_list(words: dict, name: str) -> str:
    """What a {name} reference in a pattern stands for: its word list, as one group."""
    return "(?:" + words.get(name, "") + ")"


def _expanded(text: str, words: dict) -> str:
    """`text` with its {word lists} expanded as `_compile` expands them (without the positions it
    records for error messages): to locate a mistake in a part of a pattern."""
    return _PLACEHOLDER.sub(lambda m: _word_list(words, m.group(1)), text)


def _fixed_width_fault(pattern: str, words: dict) -> int | None:
    """Where the look-behind that cannot match a fixed width starts in `pattern`
    (Python does not say), or None if none is found alone."""
    for start, end in _group_spans(pattern):
        if pattern.startswith(("(?<=", "(?<!"), start):
            try:
                re.compile(_expanded(pattern[start:end], words), re.IGNORECASE)
            except re.error:
                return start
    return None


_OPEN_REPEAT = re.compile(r"(?:\*|\+|\{\d*,\})[?+]?")


def _nested_repeat_place(pattern: str, words: dict) -> int | None:
    """Where the outer of two nested unbounded repeats starts in `pattern`: the smallest
    repeated group that holds another unbounded repeat; None if none is found alone."""
    found = []
    for start, end in _group_spans(pattern):
        repeat = _OPEN_REPEAT.match(pattern, end)
        if repeat:
            try:
                if _nested_unbounded_repeat(_expanded(pattern[start:repeat.end()], words)):
                    found.append((repeat.end() - start, start))
            except re.error:  # pragma: no cover - the whole pattern compiled
                continue
    return min(found)[1] if found else None


EXCERPT_MARK = ">>>"
"""Marks the place of a mistake in an excerpt of a pattern."""

_EXCERPT_SIDE = 30  # characters shown on each side of the place


def pattern_excerpt(pattern: str, position: int | None) -> str:
    """A short piece of `pattern` around `position`, marked there with EXCERPT_MARK and
    cut with "..." where it is cut: a ~500-character pattern is not shown whole."""
    if position is None:
        position = 0
        marked = pattern[:2 * _EXCERPT_SIDE]
        return marked + ("..." if len(pattern) > len(marked) else "")
    start = max(0, position - _EXCERPT_SIDE)
    end = min(len(pattern), position + _EXCERPT_SIDE)
    return ("..." if start else "") + pattern[start:position] + EXCERPT_MARK + pattern[position:end] \
        + ("..." if end < len(pattern) else "")


# Python's words for a pattern that does not compile, in words an adviser can act on ({at}: where EXCERPT_MARK is)
_PLAIN_ERRORS = (
    (r"missing \), unterminated subpattern", "a '('{at} is never closed: add its ')' where that group ends"),
    (r"missing \), unterminated comment", "a comment '(?#'{at} is never closed with ')'"),
    (r"unbalanced parenthesis", "a ')'{at} closes no '(': drop it, or add the '(' it should close"),
    (r"unterminated character set", "a '['{at} is never closed with ']'"),
    (r"nothing to repeat", "a repeat (*, +, ? or {{n}}){at} follows nothing it can repeat; write \\* or \\+ for the character itself"),
    (r"multiple repeat", "two repeats in a row{at} (such as '+*'); drop one, or put the first in a group"),
    (r"bad escape \(end of pattern\)", "the pattern ends with a lone '\\'; write '\\\\' for a backslash"),
    (r"bad escape (\\.)", "'{0}'{at} is not an escape regular expressions know; write the character alone"),
    (r"bad character range (\S+)", "the range '{0}'{at} runs backwards: put the lower character first, or write '-' last in its [...]"),
    (r"unknown extension (\S+)", "'({0}'{at} is not a kind of group regular expressions know; a plain group is '(?:...)'"),
    (r"look-behind requires fixed-width pattern",
     "a look-behind{at}, (?<=...) or (?<!...), must match a fixed number of characters; split it into one look-behind per length"),
    (r"global flags not at the start of the expression", "a flag such as '(?i)'{at} may only begin the whole pattern"),
    (r"min repeat greater than max repeat", "in the repeat '{{m,n}}'{at} the first number is larger than the second"),
    (r"the repetition number is too large", "a repeat count{at} is too large"),
    (r"unexpected end of pattern", "the pattern ends in the middle of a group"),
    (r"missing -, : or \)", "a group '(?'{at} is not finished: a plain group is '(?:...)'"),
)


def compile_error(pattern: str, error: Exception, position: int | None) -> str:
    """The message for `pattern` (as written) that does not compile: what is wrong in plain words,
    and a short excerpt of the pattern marked where it is wrong (`position`, in the written text)."""
    said = getattr(error, "msg", None) or str(error)
    at = f" at {EXCERPT_MARK}" if position is not None else ""
    if isinstance(error, RecursionError):
        plain = "its groups are nested too deeply"
    else:
        plain = next((wording.format(*found.groups(), at=at) for python, wording in _PLAIN_ERRORS
                      if (found := re.fullmatch(python, said))), f"{said}{at}")
    return f"pattern {shown_pattern(pattern_excerpt(pattern, position))} does not compile: {plain}"


def _regex_parts() -> tuple:
    """(constants, parser, repeat ops) of Python's own regular-expression parser."""
    try:
        from re import _constants as constants, _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants as constants  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    repeats = {constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)} - {None}
    return constants, parser, repeats


@functools.lru_cache(maxsize=1024)
def _parsed(source: str) -> object:
    """A pattern as Python's parser reads it, once per pattern while the rules load
    (the backtracking check and the needles both read it; neither changes it)."""
    return _regex_parts()[1].parse(source, re.IGNORECASE)


def _needles(source: str) -> str:
    """Groups of strings, in lower case: every match of `source` holds one string of each group;
    "" if no group is sure. In one string (see needle_groups), because the rules cache decodes a
    string at no cost and a tuple as an object: tuples of them made every start 3 ms slower.

    The reader looks for these in a sentence before it compiles the pattern: most
    patterns cannot match most sentences, and compiling every pattern on the first
    reading in a process (`re` cannot keep them between processes) cost more than
    the rest of a cold `advise`. Every group a match needs is kept, not only the most
    telling one: "{pitch verbs} ... {open_role}" needs a verb AND an open-role word, and
    a learner's sentence holding only a "for" of the second (a needle of one of its
    branches) no longer compiles its 4 KB. Worked out from Python's own parse of the
    pattern, once, when the rules are loaded; the rules cache keeps them.
    """
    constants, _, repeats = _regex_parts()
    commonest = _commonest_words()

    def telling(needle: str) -> int:
        # a string of only the commonest words ("for", " about", "would like") is in most
        # sentences: as weak as one letter. A guess that only picks among groups that are
        # all sure, so a bad one costs time, never a reading.
        words = _WORD.findall(needle)
        return 1 if words and all(word in commonest for word in words) else len(needle)

    def best(groups: list) -> frozenset:
        # the most telling group: its least telling string the most telling, then its shortest
        # string the longest, then the fewest strings
        return max(groups, key=lambda strings: (min(map(telling, strings)), min(map(len, strings)), -len(strings)))

    def required(pattern: object) -> list:
        """Sets of strings, every match of `pattern` (a parsed sequence) holding one of each set."""
        groups: list = []
        run: list = []

        def flush() -> None:
            if run:
                groups.append(frozenset(["".join(run)]))
                run.clear()

        for op, args in pattern.data:
            if op is constants.LITERAL:
                run.append(chr(args).lower())
                continue
            flush()
            if op is constants.SUBPATTERN:
                groups += required(args[-1])
            elif op is getattr(constants, "ATOMIC_GROUP", None):
                groups += required(args)
            elif op is constants.BRANCH:
                # one string of some branch's group: a set for the whole only when every branch has one
                branches = [required(branch) for branch in args[1]]
                if all(branches):
                    groups.append(frozenset().union(*(best(b) for b in branches)))
            elif op in repeats and args[0] >= 1:
                groups += required(args[2])
        flush()
        return groups

    # a group with a one-letter string is in nearly every sentence: checking it only costs time;
    # a string holding a separator cannot be kept (no real pattern has one)
    sure = {group for group in required(_parsed(source))
            if min(map(len, group)) >= 2 and not any(_GROUP_END in n or _STRING_END in n for n in group)}
    return _GROUP_END.join(_STRING_END.join(sorted(group)) for group in sorted(sure, key=sorted))


_GROUP_END, _STRING_END = "\x1e", "\x1f"  # ASCII's record and unit separators


@functools.lru_cache(maxsize=None)
def needle_groups(needles: str) -> tuple:
    """The groups of strings of a pattern's needles (as _needles makes them), once per process."""
    return tuple(tuple(group.split(_STRING_END)) for group in needles.split(_GROUP_END)) if needles else ()


COMMONEST = 300  # words as frequent as these are in most sentences: poor needles


@functools.lru_cache(maxsize=1)
def _commonest_words() -> frozenset:
    """The COMMONEST most frequent English words (of common_english), read once while the rules load."""
    counts = common_english()
    return frozenset(sorted(counts, key=lambda word: (-counts[word], word))[:COMMONEST])


def _may_match(needles: str, sentence: str) -> bool:
    """False only where the pattern with these needles surely cannot match `sentence`.
    Only for ASCII text: ignoring case, `re` matches a few other letters to ASCII ones."""
    return not sentence.isascii() or all(any(needle in sentence for needle in group) for group in needle_groups(needles))


def _may_match_in(patterns: tuple, needles: tuple, sentence: str) -> list:
    """The `patterns` that may match `sentence`, in order: all of them when no needles were worked out
    (`needles` empty), else those whose needles (one string per pattern) are all there."""
    return [p for k, p in enumerate(patterns) if not needles or _may_match(needles[k], sentence)]


def _nested_unbounded_repeat(source: str) -> bool:
    """Whether an unbounded repeat (*, +, {n,}) holds another in its body, as in
    `(a+)+` or `(?:x|\\w*)*`: the shape that makes a backtracking engine take
    exponential time. Read from Python's own parse of the pattern, not its text.

    An inner repeat of one character class that must be followed by a character
    it cannot match (`(?:[\\w'-]+\\s)*`: a word, then a space) is not counted:
    where it stops is then fixed, so the outer repeat has one way to split a text.
    """
    constants, parser, repeats = _regex_parts()
    one_char = {constants.LITERAL, constants.NOT_LITERAL, constants.IN, constants.ANY}

    def unbounded(op: object, args: object) -> bool:
        return op in repeats and args[1] == constants.MAXREPEAT

    def items(node: object):
        """The (op, args) items anywhere below `node` (a parsed pattern or an op's arguments)."""
        if isinstance(node, parser.SubPattern):
            for op, args in node.data:
                yield op, args
                yield from items(args)
        elif isinstance(node, (list, tuple)):
            for part in node:
                yield from items(part)

    def single(item: object) -> object:
        """The one-character item `item` starts with for sure (itself, or a repeat of it at least once), else None."""
        if item is None:
            return None
        op, args = item
        if op in one_char:
            return item
        if op in repeats and args[0] >= 1 and len(args[2].data) == 1 and args[2].data[0][0] in one_char:
            return args[2].data[0]
        return None

    def matches(item: object, char: str) -> bool:
        op, args = item
        if op is constants.LITERAL:
            return char.lower() == chr(args).lower()
        if op is constants.NOT_LITERAL:  # ignoring case, as the patterns are compiled
            return char.lower() != chr(args).lower()
        if op is constants.ANY:
            return char != "\n"
        negate, found = False, False
        for kind, value in args:  # IN: a set of literals, ranges and categories
            if kind is constants.NEGATE:
                negate = True
            elif kind is constants.LITERAL:
                found |= char.lower() == chr(value).lower()
            elif kind is constants.RANGE:
                found |= any(len(c) == 1 and value[0] <= ord(c) <= value[1] for c in (char, char.lower(), char.upper()))
            elif kind is constants.CATEGORY:
                name = str(value).upper()
                test = (str.isdigit if "DIGIT" in name else str.isspace if "SPACE" in name
                        else (lambda c: c.isalnum() or c == "_"))
                found |= test(char) != ("NOT" in name)
            else:
                found = True  # something this reading does not know: assume it overlaps
        return found != negate

    sample = [chr(c) for c in range(0x250)] + ["\u2019", "\u00a0", "\u2003", "\u0660", "\u4e00"]

    def guarded(body: object, follower: object) -> bool:
        """Whether a repeat of `body` stops at a fixed place: it is one character class and
        the next character (`follower`) is one it cannot match."""
        follow = single(follower)
        if follow is None or len(body.data) != 1 or body.data[0][0] not in one_char:
            return False
        return not any(matches(body.data[0], c) and matches(follow, c) for c in sample)

    def nested(sequence: list, follower: object) -> bool:
        """Whether `sequence` (inside an unbounded repeat) holds an unguarded unbounded repeat."""
        for index, (op, args) in enumerate(sequence):
            after = sequence[index + 1] if index + 1 < len(sequence) else follower
            if unbounded(op, args):
                if not guarded(args[2], after) or nested(args[2].data, None):
                    return True
            elif op in repeats:
                if nested(args[2].data, None):
                    return True
            elif op is constants.SUBPATTERN:
                if nested(args[3].data, after):
                    return True
            elif op is constants.BRANCH:
                if any(nested(branch.data, after) for branch in args[1]):
                    return True
            elif any(unbounded(*inner) for inner in items(args)):  # lookarounds, conditionals: no guard read
                return True
        return False

    parsed = _parsed(source)
    return any(unbounded(op, args) and nested(args[2].data, None) for op, args in items(parsed))


def _literal_words(pattern: str) -> set:
    """The plain words a regular expression spells out, for the speller's dictionary."""
    text = re.sub(r"\\[a-zA-Z]|\[[^\]]*\]|\(\?P?<?[a-z]*>?|\{[^}]*\}", " ", pattern.lower())
    return {w for w in re.findall(r"[a-z]+", text) if len(w) >= 3}


def _whole_words(pattern: str) -> set:
    """The words a pattern spells out whole: not a stem it extends ("compan" of "compan(?:y|ies)")."""
    text = re.sub(r"\\[a-zA-Z]", " ", pattern.lower())
    return {w for w in re.findall(r"(?<![\w)\]])[a-z]{3,}(?![\w(\[?{])", text)}


Where = Callable[[str, int, str], "str | None"]
"""(section, index from 1, label) -> the context errors name (rules.py adds the line), or None to leave the item out."""


def load_phrase_book(path: Path, data: dict, goals: Sequence[str], where: Where | None = None) -> PhraseBook:
    """Validate and compile phrases.toml (already parsed into `data`).

    `where` names each item in errors; sections are "words", "reading",
    "spelling" (index 0, label: the key) and "scope", "phrase" (the n-th table).
    """
    if where is None:
        def where(section: str, index: int, label: str) -> str | None:
            return f"{path}: [{section}] {label}".rstrip() if not index else f"{path}: {section} {label}"
    _keys(data, ("words", "spelling", "reading", "model", "scope", "phrase"), str(path))
    model_settings = _model_settings(path, data.get("model"), goals, where)
    spelling = _keys(data.get("spelling", {}), ("fixed", "shorthand"), str(where("spelling", 0, "")))
    fixed = {}
    for key in ("fixed", "shorthand"):  # the same thing, kept apart for the reader: typos, texting
        table = spelling.get(key, {})
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            raise RulesError(f"{where('spelling', 0, key)}: a table of word = \"correction\"")
        fixed.update({k.lower(): v.lower() for k, v in table.items()})
    words = data.get("words", {})
    _keys(words, list(words), str(where("words", 0, "")))
    for name, value in words.items():
        if not re.fullmatch(r"[a-z_]+", name) or not isinstance(value, str):
            raise RulesError(f"{where('words', 0, name)}: a word list is a name (a-z, _) and a pattern string")
    # a word list may use lists defined above it
    expanded = {}
    for name, value in words.items():
        expanded[name] = _compile(value, expanded, str(where("words", 0, name)))
    vocabulary = set()
    spelled: set = set()
    for value in words.values():
        vocabulary |= _literal_words(value)

    reading = _keys(data.get("reading", {}), ("scope_ends", "abbreviations", "refusals"), str(where("reading", 0, "")))
    abbreviations = _strings(reading, "abbreviations", str(where("reading", 0, "abbreviations")))
    for word in abbreviations:
        if not isinstance(word, str) or not re.fullmatch(r"\w+(?:\.\w+)*", word):
            raise RulesError(f"{where('reading', 0, 'abbreviations')}: abbreviation '{word}' must be a word, without its full stop")
    scope_ends = tuple(_compile(p, expanded, str(where("reading", 0, "scope_ends")))
                       for p in _strings(reading, "scope_ends", str(where("reading", 0, ""))))
    refusals = tuple(_compile(p, expanded, str(where("reading", 0, "refusals")))
                     for p in _strings(reading, "refusals", str(where("reading", 0, ""))))

    scopes = []
    for i, item in enumerate(data.get("scope", []), 1):
        context = where("scope", i, str(item.get("id", i) if isinstance(item, dict) else i))
        if context is None:
            continue
        _keys(item, ("id", "cues", "blocks", "ends", "whole_clause", "others"), context)
        whole_clause = item.get("whole_clause", False)
        if not isinstance(whole_clause, bool):
            raise RulesError(f"{context}: 'whole_clause' must be true or false")
        others = item.get("others", False)
        if not isinstance(others, bool):
            raise RulesError(f"{context}: 'others' must be true or false")
        blocks = _strings(item, "blocks", context) or tuple(goals)
        for goal in blocks:
            if goal not in goals:
                raise RulesError(_unknown_goal(context, goal, goals))
        cue_patterns, end_patterns = _strings(item, "cues", context, required=True), _strings(item, "ends", context)
        cues = tuple(_compile(p, expanded, context) for p in cue_patterns)
        ends = tuple(_compile(p, expanded, context) for p in end_patterns)
        # a rarer word a cue spells out is meant as typed: "interned" is no typo of "intern"
        for pattern in (*cue_patterns, *end_patterns):
            spelled |= _whole_words(pattern)
        scopes.append(Scope(_string(item, "id", context), cues, frozenset(blocks), ends, whole_clause,
                            tuple(_needles(c) for c in cues), others))

    items = data.get("phrase")
    if not isinstance(items, list) or not items:
        raise RulesError(f"{path}: 'phrase' must be a non-empty array of tables ([[phrase]])")
    rules = []
    contexts = []
    for i, item in enumerate(items, 1):
        context = where("phrase", i, str(item.get("id", i) if isinstance(item, dict) else i))
        if context is None:
            continue
        contexts.append(context)
        # every mistake of this rule, not only its first (a misspelt key is not also "missing")
        problems: list[str] = []

        def attempt(check: Callable[..., object], *args: object, **kwargs: object) -> object:
            try:
                return check(*args, **kwargs)
            except RulesError as error:
                problems.append(str(error))
                return None

        if not isinstance(item, dict):
            raise RulesError(f"{context}: expected a table")
        allowed = ("id", "goal", "patterns", "unless", "after", "examples", "counter_examples")
        unknown = [key for key in item if key not in allowed]
        problems += unknown_keys(item, allowed, context)[0]

        def given(key: str) -> bool:  # absent because misspelt: the unknown key says so already
            return key in item or not any(did_you_mean(k, [key]) for k in unknown)

        rule_id = attempt(_string, item, "id", context) if given("id") else None
        goal = attempt(_string, item, "goal", context) if given("goal") else None
        if isinstance(goal, str) and goal not in goals:
            problems.append(_unknown_goal(context, goal, goals))
        patterns = attempt(_strings, item, "patterns", context, required=True) if given("patterns") else None
        if patterns == ():
            problems.append(f"{context}: 'patterns' is empty")
        compiled = tuple(attempt(_compile, p, expanded, context) for p in patterns or ())
        unless = tuple(attempt(_compile, p, expanded, context) for p in attempt(_strings, item, "unless", context) or ())
        after = tuple(attempt(_compile, p, expanded, context) for p in attempt(_strings, item, "after", context) or ())
        examples = attempt(_strings, item, "examples", context) or ()
        counter_examples = attempt(_strings, item, "counter_examples", context) or ()
        if problems:
            raise RulesError("\n".join(problems))
        assert isinstance(rule_id, str) and isinstance(goal, str) and isinstance(patterns, tuple)
        assert isinstance(examples, tuple) and isinstance(counter_examples, tuple)
        for text in (*patterns, *(words[n] for p in patterns for n in _PLACEHOLDER.findall(p) if n in words)):
            vocabulary |= _literal_words(text)
            spelled |= _whole_words(text)
        for text in examples:
            vocabulary |= {w.lower() for w in _WORD.findall(text.translate(_QUOTES)) if len(w) >= 3}
        rules.append(PhraseRule(rule_id, goal, compiled, unless, examples, counter_examples, after,
                                tuple(_needles(p) for p in compiled), tuple(_needles(p) for p in unless)))
    seen = set()
    for rule, context in zip(rules, contexts):
        if rule.id in seen:
            raise RulesError(f"{context}: duplicate phrase id '{rule.id}'")
        seen.add(rule.id)
    return PhraseBook(rules, scopes, scope_ends, tuple(sorted(vocabulary)), fixed, tuple(sorted(spelled)),
                      tuple(w.lower() for w in abbreviations), *model_settings, refusals=refusals)


def _unknown_goal(context: object, goal: object, goals: Sequence[str]) -> str:
    """The message for a goal that is not one of the schema's, with a near one if there is."""
    return f"{context}: unknown goal '{goal}' (allowed values: {', '.join(goals)})" + did_you_mean(str(goal), goals)


def _model_settings(path: Path, table: object, goals: Sequence[str], where: Where) -> tuple:
    """[model]: the goal model's file (beside phrases.toml), each goal's threshold, the goals that
    exclude each other, what a sentence stating each goal counts in training, and the adviser's
    corpus files --train always learns; ("", {}, (), {}, ()) without it."""
    if table is None:
        return "", {}, (), {}, ()
    context = str(where("model", 0, ""))
    settings = _keys(table, ("file", "threshold", "exclusive", "stated_weight", "corpus"), context)
    name = _string(settings, "file", context)
    if not name or Path(name).name != name:
        raise RulesError(f"{where('model', 0, 'file')}: the model file must be a file name in the rules folder, like \"goal-model.json\"")
    if not (path.parent / name).is_file():
        from .program import command  # as the person can run it (a trial: no `infoview` on PATH)

        train = command("phrases", "--train", "--rules", str(path.parent))
        raise RulesError(f"{where('model', 0, 'file')}: {path.parent / name} does not exist (write it with: {train})")
    threshold = settings.get("threshold")
    context = str(where("model", 0, "threshold"))
    if not isinstance(threshold, dict):
        raise RulesError(f"{context}: a table of goal = the chance (0-1) the model needs to give it")
    for goal in threshold:
        if goal not in goals:
            raise RulesError(_unknown_goal(context, goal, goals))
    for goal in goals:
        value = threshold.get(goal)
        if value is None:
            raise RulesError(f"{context}: no threshold for '{goal}' (1 keeps the model from giving it)")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise RulesError(f"{context}: the threshold for '{goal}' must be a number above 0 and at most 1, not {value!r}")
    exclusive = settings.get("exclusive", [])
    context = str(where("model", 0, "exclusive"))
    if not isinstance(exclusive, list) or not all(isinstance(g, list) and len(g) >= 2 for g in exclusive):
        raise RulesError(f"{context}: a list of groups of goals, like [[\"get_job\", \"pitch_for_open_role\"]]")
    for goal in (g for group in exclusive for g in group):
        if goal not in goals:
            raise RulesError(_unknown_goal(context, goal, goals))
    stated_weight = settings.get("stated_weight", {})
    context = str(where("model", 0, "stated_weight"))
    if not isinstance(stated_weight, dict):
        raise RulesError(f"{context}: a table of goal = how many times a sentence stating it counts in training (1 or more)")
    for goal, value in stated_weight.items():
        if goal not in goals:
            raise RulesError(_unknown_goal(context, goal, goals))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 100:
            raise RulesError(f"{context}: the weight for '{goal}' must be a number from 1 to 100, not {value!r}")
    corpus = settings.get("corpus", [])
    context = str(where("model", 0, "corpus"))
    if not isinstance(corpus, list) or not all(isinstance(c, str) and c.strip() for c in corpus):
        raise RulesError(f"{context}: a list of your corpus files, relative to the rules folder, "
                         "like [\"my-sentences.toml\"]")
    # whether each exists is checked by --train (an error) and by check and verify (a warning):
    # a missing training file must not stop a job seeker's reading
    return (name, {goal: float(threshold[goal]) for goal in goals}, tuple(tuple(group) for group in exclusive),
            {goal: float(stated_weight.get(goal, 1)) for goal in goals}, tuple(corpus))


def check_book(book: object, goals: Sequence[str]) -> None:
    """Check the shape of a PhraseBook read back from the rules cache; ValueError if wrong."""

    def expect(ok: bool, what: str) -> None:
        if not ok:
            raise ValueError(f"phrase book: {what}")

    def texts(value: object) -> bool:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)

    expect(type(book) is PhraseBook, "not a phrase book")
    expect(isinstance(book.rules, list) and book.rules and all(type(r) is PhraseRule for r in book.rules), "rules")
    for rule in book.rules:
        expect(isinstance(rule.id, str) and rule.goal in goals, "rule goal")
        expect(texts(rule.patterns) and rule.patterns and texts(rule.unless), "rule patterns")
        expect(texts(rule.examples) and texts(rule.counter_examples) and texts(rule.after), "rule examples")
        for needles, sources in ((rule.needles, rule.patterns), (rule.unless_needles, rule.unless)):
            expect(needles == () or (texts(needles) and len(needles) == len(sources)), "rule needles")
    expect(isinstance(book.scopes, list) and all(type(s) is Scope for s in book.scopes), "scopes")
    for scope in book.scopes:
        expect(isinstance(scope.id, str) and texts(scope.cues), "scope cues")
        expect(scope.needles == () or (texts(scope.needles) and len(scope.needles) == len(scope.cues)), "scope needles")
        expect(type(scope.blocks) is frozenset and scope.blocks <= set(goals), "scope goals")
        expect(texts(scope.ends) and type(scope.whole_clause) is bool and type(scope.others) is bool, "scope ends")
    expect(texts(book.scope_ends) and texts(book.vocabulary) and texts(book.spelled) and texts(book.abbreviations)
           and texts(book.refusals),
           "scope ends, vocabulary")
    expect(isinstance(book.fixed, dict) and all(isinstance(v, str) for v in book.fixed.values()), "spelling")
    expect(isinstance(book.model_file, str) and isinstance(book.thresholds, dict) and isinstance(book.folder, str), "model")
    expect(isinstance(book.exclusive, tuple) and all(texts(g) and set(g) <= set(goals) for g in book.exclusive), "model exclusive")
    expect(not book.model_file or (set(book.thresholds) == set(goals) and all(
        isinstance(v, float) and 0 < v <= 1 for v in book.thresholds.values())), "model thresholds")
    expect(isinstance(book.stated_weight, dict) and set(book.stated_weight) <= set(goals) and all(
        isinstance(v, float) for v in book.stated_weight.values()), "model stated weights")
    expect(texts(book.corpus), "model corpus")


# -- reading -----------------------------------------------------------------------


@dataclass
class Normalised:
    """A text as the rules see it, with the way back to the person's own words."""

    text: str
    source: str  # the person's text (quotes straightened)
    starts: list  # starts[i]: where in `source` the i-th character comes from
    ends: list

    def original(self, start: int, end: int) -> str:
        """The person's own words behind text[start:end]."""
        return self.source[self.starts[start]:self.ends[end - 1]].strip()


def as_typed(text: str) -> str:
    """The text the shown phrases are quoted from: the person's, in NFC with straight quotes."""
    return unicodedata.normalize("NFC", text).translate(_QUOTES)


def normalise(text: str, speller: Speller | None) -> Normalised:
    out: list = []
    starts: list = []
    ends: list = []

    def put(chars: str, start: int, end: int) -> None:
        for ch in chars:
            out.append(ch)
            starts.append(start)
            ends.append(end)

    source = as_typed(text)
    pos = 0
    for found in _WORD.finditer(source):
        _gap(source, pos, found.start(), put)
        word = found.group(0).lower()
        put(speller.correct(word) if speller else word, found.start(), found.end())
        pos = found.end()
    _gap(source, pos, len(source), put)
    return Normalised("".join(out), source, starts, ends)


def _gap(source: str, start: int, end: int, put) -> None:
    """Copy what lies between two words: spaces collapse to one (or a line break)."""
    i = start
    while i < end:
        space = _SPACE.match(source, i, end)
        if space:
            put("\n" if "\n" in space.group(0) else " ", i, space.end())
            i = space.end()
        else:
            put(source[i].lower()[:1] or " ", i, i + 1)
            i += 1


def _refuses(sentence: str, book: PhraseBook) -> bool:
    """Whether `sentence` is only a refusal ("No thanks.", "Nope, not for me!"): each of its
    comma-separated parts one of [reading] refusals."""
    parts = [part.strip() for part in sentence.strip().rstrip(".!? ").split(",")]
    return bool(book.refusals) and all(any(_re(p).fullmatch(part) for p in book.refusals) for part in parts)


def _scopes(sentence: str, book: PhraseBook, others: bool = True) -> list:
    """(start, end, blocked goals) for every cue in the sentence; without `others`, not for the
    scopes of someone else's wishes (Scope.others)."""
    stop_hits = [hit.span() for stop in book.scope_ends for hit in _re(stop).finditer(sentence)]
    stops = sorted({start for start, _ in stop_hits})
    found = []
    for scope in book.scopes:
        if scope.others and not others:
            continue
        cues = _may_match_in(scope.cues, scope.needles, sentence)
        if not cues:
            continue  # no cue of this scope can be in the sentence: none compiled for nothing
        # a scope's own ends ("whether I'd fit, and ideally ...": a doubt ends at a comma) join the common ones
        own_hits = [hit.span() for stop in scope.ends for hit in _re(stop).finditer(sentence)]
        own = sorted({*stops, *(start for start, _ in own_hits)}) if scope.ends else stops
        for cue in cues:
            for hit in _re(cue).finditer(sentence):
                after = bisect.bisect_left(own, hit.end())
                start = hit.start()
                if scope.whole_clause:  # back to where the cue's clause begins
                    start = max((end for _, end in (*stop_hits, *own_hits) if end <= hit.start()), default=0)
                found.append((start, own[after] if after < len(own) else len(sentence), scope.blocks))
    return found


def _without_abbreviation_stops(norm: "Normalised", book: PhraseBook) -> "Normalised":
    """`norm` without the full stops of abbreviations ("the jr. accountant posting" reads as one sentence,
    "jr accountant"); every character left keeps its way back to the person's words."""
    if not book.abbreviations:
        return norm
    dotted = "|".join(re.escape(w) for w in sorted(book.abbreviations, key=len, reverse=True))
    drop = {m.start() + k for m in re.finditer(rf"(?<![\w.])(?:{dotted})\.(?=\s*\w)", norm.text)
            for k, ch in enumerate(m.group(0)) if ch == "."}
    if not drop:
        return norm
    keep = [i for i in range(len(norm.text)) if i not in drop]
    return Normalised("".join(norm.text[i] for i in keep), norm.source,
                      [norm.starts[i] for i in keep], [norm.ends[i] for i in keep])


def _read_as(text: str, book: PhraseBook) -> "Normalised":
    """The text as the rules read it: normalised, abbreviations' full stops dropped."""
    return _without_abbreviation_stops(normalise(text, book.speller), book)


def _key_span(hit: re.Match) -> tuple:
    if "key" in hit.re.groupindex and hit.start("key") >= 0:
        return hit.span("key")
    return hit.span()


# -- the words shown for a goal --------------------------------------------------------

# A pattern's match can stop mid-phrase: a rule takes "up to three words" after its verb
# ("understand what a product"), or ends on its cue ("find out if", "comparing two
# agencies and"). The words shown for a goal are what the person reads as the reason,
# so they should end where a phrase ends. These lists are about showing, not reading:
# they never change which goals are read.
_DANGLING = frozenset("""a an the my your his her their our its some any no every what how why who whom which
    where when whether if of to for in on at with from about into onto by as than and or but nor so because
    very really more most quite""".split())
_WH = frozenset("what how why who which where when whether if".split())
# the question words of an embedded question ("learn how ..."; not "if" or "when", as often a condition)
_ASKING = _WH - {"if", "when"}
_CLAUSE_WORDS = frozenset("""and but or nor because so since while though although then before after
    until unless i i'd i'm i've i'll""".split())
_SUBJECTS = frozenset("i i'd i'm i've i'll".split())
_PUNCTUATION = frozenset(",;:.!?()[]\"\n\u2013\u2014+/")
_SHOWN_WORD = re.compile(r"[\w'&-]+")
SHOWN_EXTRA_WORDS = 8  # how far a cut-off phrase is carried on towards the end of its clause


# a wish with nothing after it ("... and I want") says what is wished only further on
_OPEN_VERBS = frozenset("want wanna like love hope hoping need wish".split())
# words that hedge what follows them: after a joining word they start a new part ("and maybe")
_HEDGES = frozenset("maybe perhaps possibly ideally hopefully also even just then".split())


def _unfinished(words: list) -> bool:
    """True if the shown words stop mid-phrase: on a small word, an open wish, a possessive, or just after a
    question word."""
    if words[-1] in _DANGLING or words[-1] in _OPEN_VERBS or words[-1].endswith("'s"):
        return True  # "... about the firm's"
    # "understand what a product": a question word with fewer than three words after it
    return any(word in _WH for word in words[-3:-1])


def _asks(words: list) -> bool:
    """True if the shown words hold an embedded question ("find out what a data analyst", "learn how
    they do UX"): its words run on to the end of the clause, where the question ends."""
    return any(word in _ASKING for word in words)


def _clause_rest(body: str, end: int) -> tuple:
    """(the words from `end` on in its clause, as (word, end) pairs; whether a punctuation mark or the
    end of the text ends them): up to a mark or a word that begins a new clause ("and", "because",
    "I ..."), at most SHOWN_EXTRA_WORDS."""
    pos = end
    rest: list = []
    for word in _SHOWN_WORD.finditer(body, end):
        if set(body[pos:word.start()]) & _PUNCTUATION:
            return rest, True
        if word.group(0) in _CLAUSE_WORDS or len(rest) == SHOWN_EXTRA_WORDS:
            return rest, False
        rest.append((word.group(0), word.end()))
        pos = word.end()
    return rest, True


def shown_end(body: str, start: int, end: int) -> int:
    """Where the words shown for a match of body[start:end] should end.

    A match that ends well is shown as it is, unless its clause runs on: one
    holding an embedded question ("see how a real design", "learn how they do
    UX") is carried on to the end of its clause as below. One that stops on a
    joining word
    ("comparing two agencies and"), or on one and the hedges after it ("learn
    the ropes and maybe"), loses them; one that stops mid-phrase ("understand
    what a product", "find out if", "... and I want") is carried on to the end
    of its clause (a punctuation mark, "and", "because", "I ..."), at most
    SHOWN_EXTRA_WORDS words further, and then loses any small word it would
    end on.
    """
    words = [(w.group(0), w.end()) for w in _SHOWN_WORD.finditer(body, start, end)]
    if not words:
        return end
    hedged = len(words)
    while hedged > 1 and words[hedged - 1][0] in _HEDGES:
        hedged -= 1
    if hedged < len(words) and words[hedged - 1][0] in _CLAUSE_WORDS:
        words = words[:hedged]  # "learn the ropes and maybe": the joining word goes too, below
    elif not _unfinished([w for w, _ in words]):
        if not _asks([w for w, _ in words]):
            return end
        # an embedded question ends with its clause ("see how a real design || studio runs")
        rest, closed = _clause_rest(body, end)
        while not closed and rest and rest[-1][0] in _DANGLING:
            rest.pop()  # not on a small word, unless a mark ends it there ("what the team is working on.")
        return rest[-1][1] if rest else end
    if words[-1][0] in _CLAUSE_WORDS and not (words[-1][0] in _SUBJECTS and len(words) > 1 and words[-2][0] in _WH):
        # (not "whether I'd": "I'd" is that question's subject, carried on below)
        while len(words) > 1 and (words[-1][0] in _DANGLING or words[-1][0] in _CLAUSE_WORDS):
            words.pop()
        return words[-1][1]
    pos = end
    extension = []
    for word in _SHOWN_WORD.finditer(body, end):
        if set(body[pos:word.start()]) & _PUNCTUATION:
            break  # the clause ends here
        if word.group(0) in _CLAUSE_WORDS and (extension or word.group(0) not in _SUBJECTS):
            break  # a new clause begins ("... whether I'd fit" goes on: "I'd" is that question's subject)
        if len(extension) == SHOWN_EXTRA_WORDS:
            while extension and extension[-1][0] in _DANGLING:
                extension.pop()  # cut short: not on a small word
            break
        extension.append((word.group(0), word.end()))
        pos = word.end()
    return extension[-1][1] if extension else end


def _first_match(rule: PhraseRule, sentence: str, scopes: list, before: str = "") -> re.Match | None:
    """The first match of `rule` in `sentence` that counts; `before`: the text before the sentence."""
    unless = None  # the rule's `unless` patterns that may match here: worked out for its first match
    for source in _may_match_in(rule.patterns, rule.needles, sentence):  # the others cannot: not compiled for nothing
        pattern = _re(source)
        pos = 0
        while (hit := pattern.search(sentence, pos)) is not None:
            # a blocked match may hide a good one that starts inside it: look again one further on
            pos = hit.start() + 1
            if not hit.group(0).strip():
                continue
            start, end = _key_span(hit)
            if any(start < s_end and s_start < end and rule.goal in blocked for s_start, s_end, blocked in scopes):
                continue
            if unless is None:
                unless = _may_match_in(rule.unless, rule.unless_needles, sentence)
            if any(u.start() < hit.end() and hit.start() < u.end() for p in unless for u in _re(p).finditer(sentence)):
                continue
            if rule.after and not any(_re(p).search(before + "\n" + sentence[:hit.start()]) for p in rule.after):
                continue
            return hit
    return None


def read_goals(text: str, book: PhraseBook, goal_order: Sequence[str]) -> list:
    """The goals read from `text`, in goal order: for each, the rule and the words that gave it."""
    return read_goals_explained(text, book, goal_order)[0]


def read_goals_explained(text: str, book: PhraseBook, goal_order: Sequence[str]) -> tuple:
    """(the goals read, as read_goals gives them; the rules' matches the goal model weighed against).

    Without a goal model the rules decide: the first phrase of each goal. With one, the model
    decides every goal: the rules' readings are among its evidence, beside the words themselves.
    A rule's match for a goal the model left out only because another goal of its [model]
    exclusive group was read is not among those weighed against: the words were read (words
    read as an open role are not also "not read" as a plain job wish).
    """
    if not text or not text.strip():
        return [], []
    norm = _read_as(text, book)
    model = book.model
    by_rules, features = _rules_reading(norm, book, with_features=model is not None)
    if model is None:
        return [by_rules[g] for g in goal_order if g in by_rules], []
    read = _model_reading(model, by_rules, features, book, norm, goal_order)
    excluded = {g for group in book.exclusive if set(group) & set(read) for g in group}
    return ([read[g] for g in goal_order if g in read],
            [by_rules[g] for g in goal_order if g in by_rules and g not in read and g not in excluded])


def _rules_reading(norm: Normalised, book: PhraseBook, with_features: bool) -> tuple:
    """({goal: the first phrase of a rule that gives it}, the goal model's word features if asked for)."""
    first: dict = {}
    features: list = []
    sentences = [s for s in _SENTENCE.finditer(norm.text) if s.group(0).strip()]
    for sentence, after in zip(sentences, sentences[1:] + [None]):
        body = sentence.group(0)
        scopes = _scopes(body, book)
        if after is not None and body.rstrip().endswith("?") and _refuses(after.group(0), book):
            # "A job there? No thanks.": the whole question is refused, as if negated
            scopes.append((0, len(body), frozenset(rule.goal for rule in book)))
        if with_features:
            from .goal_model import sentence_features

            features += sentence_features(body, sentence.start(), scopes)
        for rule in book:
            if rule.goal in first:
                continue
            hit = _first_match(rule, body, scopes, norm.text[:sentence.start()])
            if hit:
                start = sentence.start() + hit.start()
                end = sentence.start() + shown_end(body, hit.start(), hit.end())
                first[rule.goal] = PhraseMatch(rule.goal, rule.id, norm.original(start, end))
    return first, features


MODEL_RULE = "model"  # the rule named for a goal the goal model gave from the words alone


def _model_reading(model: "GoalModel", by_rules: dict, features: list, book: PhraseBook, norm: Normalised,
                   goal_order: Sequence[str]) -> dict:
    """The goals whose chance under the model reaches their threshold, most likely first; of goals
    that exclude each other ([model] exclusive), the likeliest only. A goal a rule gave is shown
    with that rule's words; one the model gave from the words alone, with the words that weighed most."""
    from .goal_model import rule_feature

    names = [f.name for f in features] + [rule_feature(g) for g in by_rules]
    chances = {g: model.chance(g, names) for g in goal_order}
    reached = {g for g in goal_order if chances[g] >= book.thresholds[g]}
    read: dict = {}
    for goal in sorted(reached, key=lambda g: -chances[g]):
        # of goals that exclude each other, the first listed that reached its threshold: the
        # labelling guide's precedence (a specific open role, then not a plain job wish too)
        if any(goal in group and next(g for g in group if g in reached) != goal for group in book.exclusive):
            continue
        read[goal] = by_rules.get(goal) or PhraseMatch(goal, MODEL_RULE,
                                                       _weighed_words(norm, model.reasons(goal, features, norm.text)))
    return read


def _weighed_words(norm: Normalised, span: tuple) -> str:
    """The person's own words where the model's weightiest words are, carried on to a phrase's end."""
    start, end = span
    return norm.original(start, shown_end(norm.text, start, end)) if end > start else ""


def text_features(text: str, book: PhraseBook) -> list:
    """The goal model's features of `text` as read_goals gives them to it (for training):
    its words and word pairs, and the goals the rules read."""
    from .goal_model import Feature, rule_feature

    by_rules, features = _rules_reading(_read_as(text, book), book, with_features=True)
    return features + [Feature(rule_feature(g), 0, 0, -1) for g in by_rules]


def rule_reads(book: PhraseBook, rule: PhraseRule, text: str) -> bool:
    """True if `rule` itself gives its goal somewhere in `text` (for examples)."""
    norm = _read_as(text, book)
    for sentence in _SENTENCE.finditer(norm.text):
        body = sentence.group(0)
        if _first_match(rule, body, _scopes(body, book), norm.text[:sentence.start()]):
            return True
    return False


def quoted_sentence(text: str, limit: int = 120) -> str:
    """A person's words in curly quotes, ended as a sentence: a full stop after the
    quote unless the words end one themselves (“Coffee”. but “Coffee on Tuesday.”),
    so the next sentence does not run on from it. Long words are cut at `limit`."""
    shown = " ".join(text.split())
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f"\u201c{shown}\u201d" + ("" if shown.endswith((".", "!", "?", "\u2026")) else ".")


def unread_message(text: str, others: str | None = None) -> str:
    """The honest sentence for a text no goal could be read from, quoting it; `others`: the words
    that read as someone else's wish (someone_elses_words), if any."""
    return f"{unread_sentence(text, others)} You wrote: {quoted_sentence(text)} Pick your goals from the list instead."


def someone_elses_words(text: str, book: PhraseBook) -> str | None:
    """For a text no goal was read from: the words of the first rule match that only a scope of
    someone else's wish (Scope.others: "my husband wants to learn about the company") kept from
    counting, as the person wrote them; None if there is none."""
    if not text or not text.strip() or not any(scope.others for scope in book.scopes):
        return None
    norm = _read_as(text, book)
    for sentence in _SENTENCE.finditer(norm.text):
        body = sentence.group(0)
        if not body.strip():
            continue
        kept = _scopes(body, book, others=False)
        every = None  # every scope of the sentence, found once a rule matches without someone else's
        for rule in book:
            hit = _first_match(rule, body, kept, norm.text[:sentence.start()])
            if hit and every is None:
                every = _scopes(body, book)
            if hit and not _first_match(rule, body, every, norm.text[:sentence.start()]):
                start = sentence.start() + hit.start()
                return norm.original(start, sentence.start() + shown_end(body, hit.start(), hit.end()))
    return None


ENGLISH_ONLY = "I read English only"
"""Said after UNREAD when the words look like another language than English."""

# Short words that are common in other languages written in Latin letters and are not English words
# (French, Spanish, Italian, Portuguese, German, Dutch): "quiero aprender como trabaja el equipo"
# has no letter outside English, but "quiero" and "el" say it is not English.
_OTHER_LANGUAGE_WORDS = frozenset("""je veux voudrais suis les des une pour avec dans est et du au aux nous vous
    quiero quisiera aprender saber el los las una para con por y del cómo qué
    voglio vorrei imparare sapere il gli che di della per non sono
    quero gostaria eu não com uma como
    ich möchte will und der die das nicht mit wie ein eine ist zu lernen wissen
    ik wil het een van hoe niet graag leren weten""".split())


def looks_english(text: str) -> bool:
    """False if `text` looks written in another language than English: mostly letters of another
    script ("Хочу узнать, как работает команда"), or, of three words or more, fewer than half
    common English words with a word of another language among them ("je veux apprendre comment
    l'équipe travaille"). Deterministic and offline; slang or a typo ("lol idk tbh") is English."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    if sum(not unicodedata.name(ch, "").startswith("LATIN") for ch in letters) * 2 > len(letters):
        return False
    words = [w.group(0) for w in _WORD.finditer(text.translate(_QUOTES).lower())]
    if len(words) < 3:
        return True
    try:
        english = common_english()
    except ModuleNotFoundError:  # symspellpy is a dependency; without it, tell by the other words alone
        english = {}
    if sum(w in english for w in words) * 2 >= len(words):
        return True
    return not any(w in _OTHER_LANGUAGE_WORDS or w.split("'")[-1] in _OTHER_LANGUAGE_WORDS or not w.isascii()
                   for w in words)


def unread_sentence(text: str, others: str | None = None) -> str:
    """UNREAD as a sentence: saying that `others` (words of the text) read as someone else's wish,
    or that only English is read when `text` looks like another language."""
    if others:
        return (f"{UNREAD}: \u201c{others}\u201d reads as someone else's wish, not yours. If you are filling "
                "this in for them, write what they want as they would say it (\u201cI want to ...\u201d).")
    return f"{UNREAD}." if looks_english(text) else f"{UNREAD}; {ENGLISH_ONLY}."
