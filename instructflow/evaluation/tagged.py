"""Your own labelled text for ``instructflow eval pii --labelled FILE``: one text per line with the
values tagged inline, ``<김민수:PS>님께 <010-1234-5678:PHONE_NUMBER>로 연락``, the annotation
style of KLUE-NER and of KMOU's Korean NER corpus (github.com/kmounlp/NER; of its files only the
``$`` lines, the tagged sentences, are read).

Why: the shipped sets are ours or public; what a team must know is how the scrubber does on *its*
text. A type tagged anywhere in a file is taken as labelled everywhere in it, so the file's
precision is scored for those types only; the texts with no person tagged are scored again as a
set of their own (``FILE/no-person``), whose share of texts with any placeholder is the damage
the scrubber does to text that holds no name.

Types: presidio's (PERSON, PHONE_NUMBER, EMAIL_ADDRESS, CREDIT_CARD, ...) and KLUE's (PS, LC, OG,
DT, TI, QT); PER, LOC, ORG and DATE are read as PS, LC, OG and DT. Places, organisations and dates
are not personal data: a PERSON on one is counted as damage ("as person").
"""

from __future__ import annotations

import re
from pathlib import Path

from instructflow.agents.scrub.korean import HANGUL_RE
from instructflow.evaluation.pii import GOLD_TO_PREDICTED, NOT_PII_TYPES, Sample, SetInfo

# The type is the last ":NAME" before ">", so a value may hold colons ("<10:30:TI>").
TAG = re.compile(r"<([^<>\n]+?):([A-Z][A-Z_]*)>")
ALIASES = {"PER": "PS", "LOC": "LC", "ORG": "OG", "DATE": "DT"}
PERSON_TYPES = frozenset({"PS", "PERSON"})


class LabelledFileError(ValueError):
    """A labelled file that cannot be read; the message names the file (and line)."""


def parse_line(line: str) -> Sample:
    text, spans, position = [], [], 0
    length = 0
    for tag in TAG.finditer(line):
        before = line[position : tag.start()]
        text.append(before)
        length += len(before)
        value, kind = tag.group(1), ALIASES.get(tag.group(2), tag.group(2))
        spans.append((kind, length, length + len(value)))
        text.append(value)
        length += len(value)
        position = tag.end()
    text.append(line[position:])
    joined = "".join(text)
    return Sample(joined, tuple(spans), lang="ko" if HANGUL_RE.search(joined) else "en")


def read_tagged(path: Path) -> list[Sample]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelledFileError(f"{path}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    kmou = any(line.startswith("$") for line in lines)
    samples = []
    for number, line in enumerate(lines, start=1):
        if kmou:
            if not line.startswith("$"):
                continue
            line = line[1:]
        if not line.strip() or line.startswith("#"):
            continue
        sample = parse_line(line)
        if "<" in sample.text and re.search(r"<[^<>\n]*:[A-Z][A-Z_]*(?!\w)", sample.text):
            raise LabelledFileError(f"{path}:{number}: a tag is not closed with '>': {line.strip()[:80]!r}")
        samples.append(sample)
    if not samples:
        raise LabelledFileError(f"{path}: no text in it (one text per line, values tagged as <value:TYPE>)")
    return samples


def labelled_sets(path: Path) -> list[tuple[SetInfo, list[Sample]]]:
    """The file as a set, and its texts with no person as a second one."""
    samples = read_tagged(path)
    tagged = {kind for s in samples for kind, _, _ in s.spans}
    scored = tuple(sorted({GOLD_TO_PREDICTED[k] for k in tagged if k in GOLD_TO_PREDICTED}))
    unknown = sorted(tagged - set(GOLD_TO_PREDICTED) - NOT_PII_TYPES)
    description = f"your labelled file {path} (types {', '.join(sorted(tagged)) or 'none'}"
    description += f"; not scored: {', '.join(unknown)})" if unknown else ")"
    whole = SetInfo(path.name, lambda: samples, description, scored)
    clean = [Sample(s.text, (), s.lang) for s in samples if not PERSON_TYPES & {k for k, _, _ in s.spans}]
    out = [(whole, samples)]
    if clean and len(clean) < len(samples):
        out.append((SetInfo(f"{path.name}/no-person", lambda: clean, f"texts of {path} with no person tagged"), clean))
    return out
