"""The shape of every content file (content/*.yml), checked when the file is read.

A coordinator edits these files by hand. Three mistakes used to pass in silence: a key
written twice (YAML keeps the last one, so the first copy was ignored), a field with a typo
(`waarm:` instead of `waarom:` is simply never read), and a text without its source. Each now
stops the process that reads the file, with the file, the place in it and what is wrong,
and the tests read every file the same way (tests/test_content_schema.py).

The schema of a file is a small tree of the specs below. `Record` lists the fields an entry
must have and the ones it may have; any other field is an error. `Check` adds a rule over a
whole entry, such as "every fact has a source that backs it" (content/hulp.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

import yaml


class ContentError(ValueError):
    """A content file that does not have the shape its readers expect."""


# --------------------------------------------------------------------------- reading


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a key written twice in one mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ContentError(
                    f"{self.name}: line {line}: the key {key!r} is already on line {seen[key]}; YAML would keep only the last one"
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def parse(text: str, name: str) -> Any:
    """The YAML structure of `text`; a key written twice in one mapping raises ContentError."""
    loader = _UniqueKeyLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- specs


class Spec:
    def check(self, value: Any, where: str) -> None:  # pragma: no cover - every spec overrides it
        raise NotImplementedError


def _fail(where: str, message: str) -> None:
    raise ContentError(f"{where}: {message}")


@dataclass(frozen=True)
class Text(Spec):
    """A string that is not empty; `pattern` (a full match) when given."""

    pattern: str = ""

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, str) or not value.strip():
            _fail(where, f"expected text, found {value!r}")
        if self.pattern and not re.fullmatch(self.pattern, value):
            _fail(where, f"{value!r} does not match {self.pattern}")


@dataclass(frozen=True)
class Kind(Spec):
    """A value of one Python type (bool, int, float...)."""

    types: tuple[type, ...]

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, self.types) or (bool not in self.types and isinstance(value, bool)):
            _fail(where, f"expected {' or '.join(t.__name__ for t in self.types)}, found {value!r}")


@dataclass(frozen=True)
class OneOf(Spec):
    """One of a few fixed values."""

    values: tuple[Any, ...]

    def check(self, value: Any, where: str) -> None:
        if value not in self.values:
            _fail(where, f"{value!r} is not one of {list(self.values)}")


@dataclass(frozen=True)
class Either(Spec):
    """A value that fits one of several specs."""

    options: tuple[Spec, ...]

    def check(self, value: Any, where: str) -> None:
        errors = []
        for option in self.options:
            try:
                option.check(value, where)
                return
            except ContentError as error:
                errors.append(str(error))
        _fail(where, "fits none of its forms: " + " | ".join(errors))


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    minimum: int = 0

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list):
            _fail(where, f"expected a list, found {type(value).__name__}")
        if len(value) < self.minimum:
            _fail(where, f"expected at least {self.minimum} items, found {len(value)}")
        for i, item in enumerate(value):
            self.item.check(item, f"{where}[{i}]")


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping with free keys (each matching `key`) and values of one spec."""

    value: Spec
    key: str = r".+"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            _fail(where, f"expected a mapping, found {type(value).__name__}")
        for key, item in value.items():
            if not re.fullmatch(self.key, str(key)):
                _fail(where, f"key {key!r} does not match {self.key}")
            self.value.check(item, f"{where}.{key}")


@dataclass(frozen=True)
class Record(Spec):
    """A mapping with known fields: `required` must be there, `optional` may be; nothing else."""

    required: Mapping[str, Spec]
    optional: Mapping[str, Spec] = field(default_factory=dict)

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            _fail(where, f"expected a mapping, found {type(value).__name__}")
        name = f" ({value['id']})" if isinstance(value.get("id"), str) else ""
        missing = [k for k in self.required if k not in value]
        if missing:
            _fail(where + name, f"missing {', '.join(missing)}")
        unknown = [str(k) for k in value if k not in self.required and k not in self.optional]
        if unknown:
            known = sorted([*self.required, *self.optional])
            _fail(where + name, f"unknown field {', '.join(unknown)} (known: {', '.join(known)})")
        for key, item in value.items():
            spec = self.required.get(key) or self.optional[key]
            spec.check(item, f"{where}.{key}")


@dataclass(frozen=True)
class Check(Spec):
    """`spec`, and then a rule over the whole value: `rule` returns an error message or ''."""

    spec: Spec
    rule: Callable[[Any], str]

    def check(self, value: Any, where: str) -> None:
        self.spec.check(value, where)
        message = self.rule(value)
        if message:
            _fail(where + (f" ({value['id']})" if isinstance(value, dict) and "id" in value else ""), message)


ANY = Kind((object,))
BOOL = Kind((bool,))
NUMBER = Kind((int, float))
TEXT = Text()
TEXTS = ListOf(TEXT)
ID = Text(r"[a-z0-9_]+")
LINES = Text(r"\d+(-\d+)?")

# --------------------------------------------------------------------------- sources

# A place in the report: its section and its lines in the report's text file.
REPORT_SOURCE = Record({"sectie": Text(r"\d+(\.\d+)*"), "regels": LINES})
BUTTON = Record({"title": TEXT, "payload": TEXT})


def _web_or_report(source: dict[str, Any]) -> str:
    if str(source.get("url", "")).startswith(("http://", "https://")):
        return ""
    if source.get("sectie") and source.get("regels"):
        return ""
    return "a source needs a url (http...) or a report section with lines"


# A source of content/hulp.yml: a web page or a place in the report, and which facts it backs.
HULP_SOURCE = Check(
    Record(
        {"titel": TEXT},
        {"url": TEXT, "sectie": Text(r"\d+(\.\d+)*"), "regels": LINES, "staaft": TEXTS},
    ),
    _web_or_report,
)
# A data set taken from a package: where it comes from and under which licence.
DATA_SOURCE = Record({"titel": TEXT, "url": TEXT, "pakket": TEXT, "licentie": TEXT}, {"wijziging": TEXT})

# --------------------------------------------------------------------------- prompts.yml

SOORT = OneOf(("traag", "zwaar", "licht"))
PROMPT_VARIANTS: dict[str, Spec] = {
    "waarom": TEXT,
    # the text for a parent with no other parent at home, and for a parent after a separation
    "alleen": TEXT,
    "uit_elkaar": TEXT,
    # the same question in very simple words (A2), asked again after "ik begrijp de vraag niet"
    "eenvoudig": TEXT,
    # asks to describe what a long answer to the question before it already told: then skipped
    "beschrijft_vorige": BOOL,
    "andere_ouder": BOOL,
    "soort": SOORT,
}
FOLLOW_UP = Record({"id": ID, "tekst": TEXT, "bron": REPORT_SOURCE}, PROMPT_VARIANTS)
PROMPTS = Record(
    {
        "themas": ListOf(Record({"id": ID, "naam": TEXT, "intro": TEXT, "bron": REPORT_SOURCE}, {"waarom": TEXT}), minimum=1),
        "stellingen": ListOf(
            Record(
                {
                    "id": ID,
                    "tekst": TEXT,
                    "bron": REPORT_SOURCE,
                    "reacties": Record({a: ListOf(FOLLOW_UP, minimum=1) for a in ("eens", "oneens", "twijfel")}),
                    "verdieping": ListOf(FOLLOW_UP, minimum=1),
                },
                {"waarom": TEXT},
            ),
            minimum=1,
        ),
        "vragen": ListOf(
            Record({"id": ID, "thema": ID, "onderwerp": ID, "tekst": TEXT, "bron": REPORT_SOURCE}, PROMPT_VARIANTS),
            minimum=1,
        ),
        "bedankjes": ListOf(
            Record({"id": ID, "tekst": TEXT, "bron": REPORT_SOURCE, "soort": ListOf(SOORT, minimum=1)}, {"waarom": TEXT}),
            minimum=1,
        ),
    },
    {
        # `themas`: the themes a tip fits best (/kaart shows a fitting tip under a card)
        "tips_vrijwilliger": ListOf(
            Record({"id": ID, "tekst": TEXT, "bron": REPORT_SOURCE}, {"waarom": TEXT, "themas": ListOf(ID, minimum=1)})
        ),
    },
)

# --------------------------------------------------------------------------- hulp.yml

# Fields that state a checkable fact: each needs a source with `staaft: [field]`.
SOURCED_FACTS = ("telefoon", "tarief", "nummer", "website", "gratis", "gemeenten", "deelgebieden")


def _facts_backed(entry: dict[str, Any]) -> str:
    backed = {fact for source in entry["bron"] for fact in source.get("staaft", [])}
    unbacked = [f for f in SOURCED_FACTS if f in entry and f not in backed]
    if unbacked:
        return f"{', '.join(unbacked)} without a source that backs it (bron ... staaft: [{unbacked[0]}])"
    stale = sorted(backed - set(entry))
    if stale:
        return f"a source backs {', '.join(stale)}, which the entry does not have (remove it from staaft)"
    return ""


HULP_ENTRY = Check(
    Record(
        {"id": ID, "naam": TEXT, "bron": ListOf(HULP_SOURCE, minimum=1)},
        {
            "wat": TEXT,
            "namen": TEXTS,
            "voor_wie": TEXT,
            "hoe": TEXT,
            "vinden": TEXT,
            "website": Text(r"(https?://|www\.)\S+"),
            "telefoon": Text(r"\d[\d ]*\d"),
            "tarief": TEXT,
            "nummer": Text(r"\d+"),
            "gratis": BOOL,
            "gemeenten": ListOf(TEXT, minimum=1),
            "deelgebieden": ListOf(Record({"naam": TEXT, "postcodes": ListOf(Text(r"\d{4}"), minimum=1)}), minimum=1),
        },
    ),
    _facts_backed,
)
HULP = Record(
    {
        "organisaties": ListOf(HULP_ENTRY, minimum=1),
        "afdelingen": ListOf(HULP_ENTRY, minimum=1),
        "noodlijnen": ListOf(HULP_ENTRY, minimum=1),
    }
)

# --------------------------------------------------------------------------- the other files

POSTCODES = Record({"bron": DATA_SOURCE, "postcodes": MapOf(ListOf(TEXT, minimum=1), key=r"\d{4}")})

# [latitude, longitude] in degrees, inside Belgium give or take.
LOCATION = Check(
    ListOf(NUMBER, minimum=2),
    lambda v: "" if len(v) == 2 and 49 < v[0] < 52 and 2 < v[1] < 7 else f"{v} is no [lat, lon] in Belgium",
)
PLAATSEN = Record(
    {
        "bron": ListOf(DATA_SOURCE, minimum=1),
        "gemeenten": MapOf(LOCATION),
        "plaatsen": MapOf(LOCATION),
        # part of a municipality -> its postcode (the municipality follows from postcodes.yml)
        "deelgemeenten": MapOf(Text(r"\d{4}")),
    }
)

BERICHTEN = Record({"berichten": MapOf(Record({"text": TEXT}, {"buttons": ListOf(BUTTON)}), key=r"[a-z0-9_]+")})
BRIDGE = Record(
    {
        "commando_s": ListOf(Record({"commando": ID, "payload": Text(r"/\S+"), "uitleg": TEXT}), minimum=1),
        "berichten": MapOf(TEXT, key=r"[a-z0-9_]+"),
    }
)
EIGEN_WOORDEN = Record(
    {
        "emoji_verder": TEXTS,
        "verder_woorden": TEXTS,
        "thema_woorden": MapOf(TEXTS, key=r"[a-z_]+"),
        "onderwerp_woorden": MapOf(MapOf(TEXTS, key=r"[a-z_]+"), key=r"[a-z_]+"),
        "erkenning": ListOf(TEXT, minimum=1),
        "wens_woorden": TEXTS,
        "praat_woorden": TEXTS,
        "kaart_woorden": TEXTS,
        "samen_thuis": Record({"woorden": TEXTS, "niet": TEXTS}),
        "alleen_thuis": TEXTS,
        "geen_wens": TEXTS,
        "terug_wens_woorden": TEXTS,
        "afscheid": TEXTS,
        "afscheid_los": TEXTS,
        "geen_afscheid": TEXTS,
        "waarom_hulplijnen": TEXTS,
        "checkin_ja": TEXTS,
        "stelling_woorden": TEXTS,
        "vertel_wens": TEXTS,
        "vraag_aanloop": TEXTS,
        "vraag_staart": TEXTS,
        "samenvatting_wens": TEXTS,
        "ja_woorden": TEXTS,
        "vraag_woorden": TEXTS,
        "geen_gevaar_begin": TEXTS,
        "geen_gevaar": TEXTS,
        "correctie": Record({"woorden": TEXTS, "teksten": ListOf(TEXT, minimum=2)}),
    }
)
VEILIGHEID = Record(
    {"categorieen": MapOf(TEXTS, key=r"[a-z_]+")},
    {
        "woorden": MapOf(TEXTS, key=r"[a-z_]+"),
        "onschuldig": TEXTS,
        "ontkenning": TEXTS,
        "afstand": TEXTS,
        "terug": TEXTS,
        "komt_terug": Record({"verleden": TEXTS, "terugkomst": TEXTS}),
        "hulpvraag": TEXTS,
    },
)
TONES = ("moeilijk", "goed", "gewoon")
GEHOORD = Record(
    {
        "advies_woorden": TEXTS,
        "uitleg_woorden": TEXTS,
        "vraag_regels": ListOf(Record({"antwoord": TEXT, "alle": ListOf(TEXTS, minimum=1)}, {"niet": TEXTS}), minimum=1),
        "geen_vraag_woorden": TEXTS,
        "verteld_woorden": TEXTS,
        "dienst_vraag": TEXTS,
        "dienst_voor_wie": TEXTS,
        "kaart_belofte": TEXTS,
        "woord_vraag": TEXTS,
        "woordenlijst": Record({"bron": TEXT, "woorden": ListOf(Record({"woorden": TEXTS, "uitleg": TEXT}), minimum=1)}),
        "gevoel_regels": ListOf(Record({"gevoel": TEXT, "woorden": TEXTS}, {"emoji": TEXTS}), minimum=1),
        "antwoord_nodig": MapOf(Record({"woorden": TEXTS}, {"niet": TEXTS}), key=r"[a-z_]+"),
        "privacy": Record(
            {
                name: TEXTS
                for name in ("woorden", "handelingen", "geschreven", "diensten", "doorgeven", "kennen", "niets", "toestel")
            }
        ),
        "ontkend_gevoel": MapOf(TEXTS, key=r"gevoel_[a-z_]+"),
        "gevoel_nodig": MapOf(Record({"woorden": TEXTS}, {"emoji": TEXTS}), key=r"gevoel_[a-z_]+"),
        "verdriet_van_kind": Record({"kind": TEXTS, "aanloop": TEXTS, "plaats": TEXTS, "ik": TEXTS}),
        "schoonfamilie": TEXTS,
        "schoonfamilie_botsing": TEXTS,
        "antwoorden": MapOf(
            Record(
                {"bron": TEXT, "teksten": ListOf(TEXT, minimum=1)},
                {
                    "vraag_teksten": ListOf(TEXT, minimum=1),
                    "gemengd_teksten": ListOf(TEXT, minimum=1),
                    "goed_teksten": ListOf(TEXT, minimum=1),
                    "vervolg_teksten": ListOf(TEXT, minimum=1),
                    "hulp": TEXT,
                    "verder": TEXT,
                    "meteen": BOOL,
                    "gezin": OneOf(("alleen", "uit_elkaar")),
                    "situaties": ListOf(
                        Record(
                            {"naam": TEXT, "woorden": TEXTS, "bron": TEXT, "tekst": TEXT, "verder": TEXT},
                            {"gezin": OneOf(("alleen", "uit_elkaar")), "niet": TEXTS},
                        ),
                        minimum=1,
                    ),
                },
            ),
            key=r"[a-z_]+",
        ),
        "spiegels": Record(
            {
                "min_woorden": Kind((int,)),
                "geen_toon": TEXTS,
                "toon_woorden": Record({"moeilijk": TEXTS, "goed": TEXTS}),
                "hoop_woorden": TEXTS,
                "ontkenning": TEXTS,
                "maar_woorden": TEXTS,
                "themas": MapOf(
                    Record({"bron": TEXT, **{tone: TEXTS for tone in TONES}}, {f"{tone}_wie": TEXTS for tone in TONES}),
                    key=r"[a-z_]+",
                ),
                "personen": ListOf(Record({"woorden": TEXTS, "wie": TEXT}), minimum=1),
                "inzicht": Record({"bron": TEXT, "woorden": TEXTS, "teksten": ListOf(TEXT, minimum=2)}),
                "terugblik": Record({"bron": TEXT, "woorden": TEXTS, "teksten": ListOf(TEXT, minimum=2)}),
            }
        ),
    }
)
TALEN = Record(
    {
        "nederlands": Record({"kenwoorden": TEXTS}, {"gedeeld": TEXTS, "namen": TEXTS}),
        "schriften": MapOf(TEXT, key=r"[A-Z_]+"),
        "overal": TEXTS,
        "standaard": Record({"zeg": TEXT, "crisis": TEXT}),
        "talen": MapOf(
            Record(
                {"naam": TEXT, "zeg": TEXT, "crisis": TEXT, "woorden": TEXTS, "bron": TEXT},
                {"nederlands": TEXT, "kenwoorden": TEXTS, "tekens": TEXT, "chat_woorden": TEXTS},
            ),
            key=r"[a-z]{2,3}",
        ),
    }
)

SOURCED_TEXT = Record({"tekst": TEXT, "bron": REPORT_SOURCE}, {"waarom": TEXT})
PICTURE = {"titel": TEXT, "ondertitel": TEXT, "bijschrift": TEXT, "tekst_kop": TEXT, "bron": REPORT_SOURCE}
WIEDOETWAT = Record(
    {
        "intro": SOURCED_TEXT,
        "intro_geen_oordeel": SOURCED_TEXT,
        "taak_vraag": TEXT,
        "taken": ListOf(
            Record({"id": ID, "label": TEXT, "vraag": TEXT, "bron": REPORT_SOURCE}, {"waarom": TEXT, "alleen": TEXT}),
            minimum=1,
        ),
        "keuzes": ListOf(
            Record({"id": ID, "knop": TEXT, "label": TEXT, "kleur": Text(r"#[0-9A-Fa-f]{6}"), "woorden": TEXTS}),
            minimum=1,
        ),
        "onduidelijk": TEXT,
        "opvulwoorden": TEXTS,
        "stop_knop": BUTTON,
        "eind_knoppen": ListOf(BUTTON),
        "beeld": Record(
            {**PICTURE, "legenda": ListOf(Record({"keuze": ID, "tekst": TEXT}))},
            {"waarom": TEXT},
        ),
        "vragen_na_beeld": ListOf(Record({"id": ID, "tekst": TEXT, "bron": REPORT_SOURCE}, {"waarom": TEXT, "alleen": TEXT})),
        "groep": Record(
            {
                "intro": SOURCED_TEXT,
                "intro_wachten": SOURCED_TEXT,
                "wacht_eerste": TEXT,
                "wacht": TEXT,
                "derde": TEXT,
                "beeld": Record(
                    {
                        **PICTURE,
                        "kolommen": ListOf(TEXT, minimum=2),
                        "ouders": ListOf(Record({"label": TEXT, "kleur": Text(r"#[0-9A-Fa-f]{6}")}), minimum=2),
                        "legenda": ListOf(Record({"tekst": TEXT}, {"ouder": Kind((int,)), "teken": OneOf(("zelfde", "anders"))})),
                    },
                    {"waarom": TEXT},
                ),
                "vragen_na_beeld": ListOf(
                    Record({"id": ID, "tekst": TEXT, "bron": REPORT_SOURCE}, {"waarom": TEXT, "alles_zelfde": TEXT})
                ),
            }
        ),
    }
)

# The schema of each content file, by file name.
SCHEMAS: dict[str, Spec] = {
    "prompts.yml": PROMPTS,
    "hulp.yml": HULP,
    "postcodes.yml": POSTCODES,
    "plaatsen.yml": PLAATSEN,
    "berichten.yml": BERICHTEN,
    "bridge.yml": BRIDGE,
    "eigen_woorden.yml": EIGEN_WOORDEN,
    "veiligheid.yml": VEILIGHEID,
    "wiedoetwat.yml": WIEDOETWAT,
    "gehoord.yml": GEHOORD,
    "talen.yml": TALEN,
}


def check(name: str, data: Any) -> None:
    """Check `data`, read from the content file `name`, against its schema (ContentError if it does not fit).

    In prompts.yml and hulp.yml an id is also used only once in the whole file: the actions
    and the conversation find a text by it.
    """
    schema = SCHEMAS.get(name)
    if schema is None:
        return
    schema.check(data, name)
    if name in ("prompts.yml", "hulp.yml"):
        ids = [node["id"] for node in _mappings(data) if isinstance(node.get("id"), str)]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ContentError(f"{name}: ids used more than once: {doubles}")


def _mappings(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in a YAML structure."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)
