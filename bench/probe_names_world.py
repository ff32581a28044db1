"""Person names of many countries, and romanized Korean names as a romanizer prints them, in chat.

    .venv/bin/python bench/probe_names_world.py [--per 60] [--seed 11] [--misses 3] [--json out.json]

Two probes of "English names in any case" and "romanized Korean" that use no generator of the
project (evaluation/names.py):

* locales: a given name and a surname from Faker's providers of 27 locales (en_US ... pl_PL, tr_TR,
  yo_NG, zu_ZA), in title case, lower case and upper case, put into chat templates written here;
* romanized: Faker ko_KR surnames and two-syllable given names through ``korean_romanizer`` (the
  official Revised Romanization: 이 is "I", 노 is "No", 우 is "U"), in seven writing styles
  (surname first or last, hyphenated or joined given names, split syllables, lower, upper).

Per row: recall (no part of the name is left in the text) and full coverage (one finding covers
every letter). The scrubber's English gazetteer is built partly from Faker's name lists, so title
case overstates what a name no list knows gets; lower and upper case, where only the shape of the
text around a name is left, are the harder reading.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from faker import Faker
from korean_romanizer.romanizer import Romanizer

from instructflow.agents.scrub.scrubber import Scrubber

LOCALES = (
    "en_US en_GB en_IN en_AU en_NZ en_IE en_PH en_CA es_ES es_MX fr_FR de_DE it_IT pt_BR nl_NL pl_PL "
    "tr_TR sv_SE fi_FI cs_CZ ro_RO hu_HU id_ID fil_PH yo_NG zu_ZA sw"
).split()
TEMPLATES = (
    "Can you write a short bio for {n}? She joined our team last spring.",
    "please draft an email to {n} about the invoice",
    "My manager {n} asked me to summarize this report.",
    "Translate this note from {n} into Spanish.",
    "{n} will present the quarterly results on Friday.",
    "I had a meeting with {n} yesterday and it went badly.",
    "Reply to {n}'s comment politely.",
    "Who is better at tennis, me or {n}?",
    "안녕하세요, {n} 님에게 보낼 메일 써줘",
)
CASES: dict[str, Callable[[str], str]] = {"title": lambda n: n, "lower": str.lower, "upper": str.upper}


def _rom(hangul: str) -> str:
    return str(Romanizer(hangul).romanize())


STYLES: dict[str, Callable[[str, str], str]] = {
    "Surname Gi-ven": lambda s, g: f"{_rom(s).capitalize()} {_rom(g[0]).capitalize()}-{_rom(g[1:]).lower()}",
    "Gi-ven Surname": lambda s, g: f"{_rom(g[0]).capitalize()}-{_rom(g[1:]).lower()} {_rom(s).capitalize()}",
    "Given Surname": lambda s, g: f"{_rom(g).capitalize()} {_rom(s).capitalize()}",
    "Surname Given": lambda s, g: f"{_rom(s).capitalize()} {_rom(g).capitalize()}",
    "Surname Gi Ven": lambda s, g: f"{_rom(s).capitalize()} {_rom(g[0]).capitalize()} {_rom(g[1:]).capitalize()}",
    "surname given": lambda s, g: f"{_rom(s).lower()} {_rom(g).lower()}",
    "SURNAME GIVEN": lambda s, g: f"{_rom(s).upper()} {_rom(g).upper()}",
}


class Row:
    def __init__(self) -> None:
        self.n = self.gone = self.full = 0
        self.misses: list[str] = []

    def score(self, scrubber: Scrubber, text: str, name: str, keep: int) -> None:
        start = text.index(name)
        spans = [(f.start, f.end) for f in scrubber.analyze(text)]
        out = scrubber.scrub(text).text
        parts = [p for p in name.replace("-", " ").split() if len(p) > 1]
        gone = not any(re.search(rf"(?<![^\W\d_]){re.escape(p)}(?![^\W\d_])", out) for p in parts)
        full = any(s <= start and start + len(name) <= e for s, e in spans)
        self.n += 1
        self.gone += gone
        self.full += full
        if not gone and len(self.misses) < keep:
            self.misses.append(out)

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "recall": round(self.gone / self.n, 4),
            "full": round(self.full / self.n, 4),
            "misses": self.misses,
        }


def locale_rows(scrubber: Scrubber, per: int, seed: int, keep: int) -> dict[str, Row]:
    rng = random.Random(seed)
    rows: dict[str, Row] = {}
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _ in range(per):
            name = f"{fake.first_name()} {fake.last_name()}"
            if not name.replace(" ", "").replace("-", "").replace("'", "").isalpha():
                continue  # Faker's few names with digits or dots
            for case, spell in CASES.items():
                written = spell(name)
                rows.setdefault(f"{locale}/{case}", Row()).score(
                    scrubber, rng.choice(TEMPLATES).format(n=written), written, keep
                )
    return rows


def romanized_rows(scrubber: Scrubber, per: int, seed: int, keep: int) -> dict[str, Row]:
    rng = random.Random(seed)
    fake = Faker("ko_KR")
    fake.seed_instance(seed)
    rows: dict[str, Row] = {}
    done = 0
    while done < per:
        surname, given = fake.last_name(), fake.first_name()
        if len(surname) != 1 or len(given) != 2:
            continue  # the common shape: one-syllable surname, two-syllable given name
        done += 1
        for style, write in STYLES.items():
            written = write(surname, given)
            rows.setdefault(style, Row()).score(scrubber, rng.choice(TEMPLATES).format(n=written), written, keep)
    return rows


def _print(title: str, rows: dict[str, Row]) -> None:
    print(f"== {title}")
    print(f"{'row':24} {'n':>4} {'recall':>7} {'full':>6}  first misses")
    for key, row in rows.items():
        misses = " || ".join(row.misses)[:160]
        print(f"{key:24} {row.n:4d} {row.gone / row.n:7.3f} {row.full / row.n:6.3f}  {misses}")
    n, gone, full = (sum(getattr(r, a) for r in rows.values()) for a in ("n", "gone", "full"))
    print(f"{'all':24} {n:4d} {gone / n:7.3f} {full / n:6.3f}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per", type=int, default=60, help="names per locale, and romanized names")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--misses", type=int, default=3, help="misses shown per row")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)
    scrubber = Scrubber()
    locales = locale_rows(scrubber, args.per, args.seed, args.misses)
    romanized = romanized_rows(scrubber, args.per, args.seed, args.misses)
    _print("Faker names of 27 locales in chat, by case", locales)
    _print("romanized Korean names (korean_romanizer) in chat, by style", romanized)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "locales": {k: r.as_dict() for k, r in locales.items()},
                    "romanized": {k: r.as_dict() for k, r in romanized.items()},
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
