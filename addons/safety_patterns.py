"""Clear crisis phrases, recognised by patterns rather than by the model.

The patterns live in content/veiligheid.yml so that they can be read and extended
without touching code. Nothing here logs or keeps the text it looks at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from addons.content_files import CONTENT_DIR, load_yaml
from addons.plain_text import plain

DEFAULT_PATH = CONTENT_DIR / "veiligheid.yml"
# When several categories match, the most urgent wins. `twijfel` is a message that may be about a
# crisis but is not clearly so: it gets a check-in question (data/rules/veiligheid.yml), not the lines.
PRIORITY = ("nood", "zelfdoding", "geweld", "twijfel")
_NAME = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class SafetyPatterns:
    """Compiled patterns per category, in priority order."""

    categories: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    harmless: tuple[re.Pattern[str], ...] = ()
    negations: tuple[re.Pattern[str], ...] = ()
    help_requests: tuple[re.Pattern[str], ...] = ()
    distance: tuple[re.Pattern[str], ...] = ()
    returns: tuple[re.Pattern[str], ...] = ()
    past: tuple[re.Pattern[str], ...] = ()
    coming_back: tuple[re.Pattern[str], ...] = ()


def _expand(pattern: str, words: dict[str, str]) -> str:
    """Replace `{naam}` by its word list of `woorden`, so a list of kin or children is written once.

    Only names that `woorden` defines are replaced: a regex count such as `{0,25}` stays as it is.
    """
    return _NAME.sub(lambda m: f"(?:{words[m.group(1)]})" if m.group(1) in words else m.group(0), pattern)


@lru_cache(maxsize=4)
def load_patterns(path: Path = DEFAULT_PATH) -> SafetyPatterns:
    """Read and compile the patterns once."""
    content = load_yaml(path)
    words = {name: "|".join(alternatives) for name, alternatives in (content.get("woorden") or {}).items()}
    raw = content["categorieen"]
    unknown = set(raw) - set(PRIORITY)
    if unknown:
        raise ValueError(f"unknown safety categories in {path.name}: {sorted(unknown)}")

    def compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(_expand(p, words)) for p in patterns)

    return SafetyPatterns(
        tuple((name, compiled(raw.get(name, []))) for name in PRIORITY),
        compiled(content.get("onschuldig", [])),
        compiled(content.get("ontkenning", [])),
        compiled(content.get("hulpvraag", [])),
        compiled(content.get("afstand", [])),
        compiled(content.get("terug", [])),
        compiled((content.get("komt_terug") or {}).get("verleden", [])),
        compiled((content.get("komt_terug") or {}).get("terugkomst", [])),
    )


def detect(text: str, patterns: SafetyPatterns | None = None) -> str | None:
    """The crisis category of a message, or None when no pattern matches.

    Negated parts ("er wordt nooit geslagen", `ontkenning`) are taken out first.
    """
    patterns = patterns or load_patterns()
    normalised = plain(text)
    for negation in patterns.negations:
        normalised = negation.sub(" ", normalised)
    for name, compiled in patterns.categories:
        if any(p.search(normalised) for p in compiled):
            return name
    return None


# Words that deny what follows or precedes them in a clause; the crisis model marks the words after
# them, and after "zonder" (addons/crisis_model.py NEGATIONS).
DENIALS = frozenset({"niet", "ni", "nie", "nooit", "geen", "niemand", "niks", "niets", "nergens"})
_CLAUSE = re.compile(r"[^,.;:!?\n]+")


def says_otherwise(text: str, patterns: SafetyPatterns | None = None) -> bool:
    """True when the message itself says no to, or puts in the past, the crisis phrase it holds:
    a denial in the clause of the matched phrase but outside it ("ik heb geen plannen om mezelf
    iets aan te doen", "mijn dochter krast zichzelf niet"), or a past at a distance (`afstand`)
    even when the message goes on in the present ("... vroeger, maar dat is 8 jaar geleden en ik
    woon nu veilig"). A denial inside the phrase ("ik zie geen uitweg meer") or in another clause
    ("ik kan niet meer verder, echt niet") does not count. Only then may the crisis model doubt a
    pattern (addons/crisis_detector.py `doubts_pattern`)."""
    patterns = patterns or load_patterns()
    normalised = plain(text)
    if any(p.search(normalised) for p in patterns.distance):
        return True
    for clause in _CLAUSE.finditer(normalised):
        for _, compiled in patterns.categories:
            for pattern in compiled:
                found = pattern.search(clause.group())
                if found is None:
                    continue
                outside = clause.group()[: found.start()] + " " + clause.group()[found.end() :]
                if DENIALS & set(re.findall(r"\w+", outside)):
                    return True
    return False


def harmless(text: str, patterns: SafetyPatterns | None = None) -> bool:
    """True for an ordinary use of a crisis word ("ik schrok me dood"), see `onschuldig`."""
    return _any_matches(text, (patterns or load_patterns()).harmless)


def tells_a_past_that_comes_back(text: str, patterns: SafetyPatterns | None = None) -> bool:
    """True when a message names a past (`komt_terug.verleden`) and its return (`terugkomst`): "na
    mijn eerste bevalling wilde ik dood. nu ... voel ik datzelfde zwarte weer opkomen"."""
    patterns = patterns or load_patterns()
    return _any_matches(text, patterns.past) and _any_matches(text, patterns.coming_back)


def at_a_distance(text: str, patterns: SafetyPatterns | None = None) -> bool:
    """True for danger on the news, in a film or game, or in a past that is over (`afstand`),
    unless the message says it comes back (`terug`): then a pattern alone does not route."""
    patterns = patterns or load_patterns()
    return _any_matches(text, patterns.distance) and not _any_matches(text, patterns.returns)


def asks_for_help(text: str, patterns: SafetyPatterns | None = None) -> bool:
    """True when the message asks for a number or someone to talk to, see `hulpvraag`."""
    return _any_matches(text, (patterns or load_patterns()).help_requests)


def _any_matches(text: str, compiled: tuple[re.Pattern[str], ...]) -> bool:
    normalised = plain(text)
    return any(p.search(normalised) for p in compiled)
