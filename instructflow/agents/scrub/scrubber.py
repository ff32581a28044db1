"""The scrub agent's pure core: find PII in English and Korean text and replace it with typed,
numbered placeholders (``<PERSON_1>``, ``<PHONE_NUMBER_2>``), consistently across a conversation.

Detection uses presidio-analyzer's recognizers (all predefined pattern recognizers, presidio's
Korean id recognizers) plus our own Korean and English name/address recognizers, but not
presidio's ``AnalyzerEngine``: the engine asks an NLP engine for tokens and lemmas on every call
(which here would mean spaCy with no model), runs every recognizer on every text, and scores
context by lemma. We instead

* gate each recognizer on cheap text features (a credit card needs 12+ digits, an e-mail an
  "@", a Korean name a Hangul syllable), so most chat turns touch only a few recognizers;
* apply context words by substring search in a window before/after the match, which works for
  Korean (where "주민번호는" is one whitespace token) and needs no lemmatiser, with presidio's
  own constants (+0.35, floor 0.4);
* resolve overlaps once (highest score, then longest span wins) and merge adjacent address
  fragments ("Rua X 12" + "Apt. 3") into one address.

Replacement is done here rather than by presidio-anonymizer: its operators see one value at a
time, while our placeholders are numbered per distinct value across all texts of a conversation
(see placeholders.py). Raw values live only inside one call; results carry counts only, and
errors and logs never contain text.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import regex
import tldextract
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IpRecognizer,
    KrPassportRecognizer,
    PhoneRecognizer,
    UrlRecognizer,
    UsLicenseRecognizer,
    UsPassportRecognizer,
)

from instructflow.agents.scrub.addresses import (
    EnglishAddressRecognizer,
    KoreanAddressRecognizer,
    PostcodeRecognizer,
    address_start,
    has_digit,
    locality_end,
)
from instructflow.agents.scrub.allowlist import Allowlist
from instructflow.agents.scrub.emails import ObfuscatedEmailRecognizer
from instructflow.agents.scrub.emails import may_hold as may_hold_obfuscated_email
from instructflow.agents.scrub.fields import FieldNameRecognizer
from instructflow.agents.scrub.identifiers import (
    Ipv4Recognizer,
    Ipv6Recognizer,
    KoreanDriverLicenceRecognizer,
    PassportShapeRecognizer,
    UsLicenceRecognizer,
    compile_ascii,
    fold_for_matching,
    identifier_recognizers,
    whole_url,
)
from instructflow.agents.scrub.korean import (
    HANGUL_RE,
    KoreanMorphology,
    korean_id_recognizers,
)
from instructflow.agents.scrub.lines import line_bounds
from instructflow.agents.scrub.names_en import LatinNameRecognizer
from instructflow.agents.scrub.names_ko import KoreanNameRecognizer
from instructflow.agents.scrub.phones import FastPhoneRecognizer
from instructflow.agents.scrub.placeholders import PLACEHOLDER_RE, PlaceholderBook
from instructflow.schemas.copying import copy_with

if TYPE_CHECKING:
    from instructflow.schemas import Instance

log = logging.getLogger(__name__)

# presidio's LemmaContextAwareEnhancer defaults, so scores mean the same as in presidio.
CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
CONTEXT_BEFORE = 48  # characters before a match searched for context words
# A finding at least this sure may replace better-scored ones it wholly contains (see
# _resolve_overlaps); a bare phonenumbers guess (0.4) may not.
CONFIDENT_CONTAINER = 0.5
CONTEXT_AFTER = 32  # English names the value after it too: "Is M123 still the passport number?"

# DATE_TIME is detectable (presidio's DateRecognizer) but off by default: instruction data is
# full of dates that identify no one ("What happened in 1945?"), and scrubbing them ruins tasks.
DEFAULT_EXCLUDED = frozenset({"DATE_TIME"})


def use_bundled_public_suffix_list() -> None:
    """Make tldextract (presidio's e-mail validator) use its bundled suffix-list snapshot.

    By default tldextract fetches the public suffix list over HTTP on first use and caches it on
    disk. ``suffix_list_urls=()`` disables the fetch, ``cache_dir=None`` the disk cache; the
    module-level ``tldextract.extract`` that presidio calls reads ``TLD_EXTRACTOR`` at call time.
    """
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    tldextract.tldextract.TLD_EXTRACTOR = extractor
    extractor("warm.example.com")  # load the snapshot now, not inside the first scrub


# Necessary conditions for a URL (a dot between a word character and two letters) and for an IP
# address (digit.digit for v4, two colons for v6), far cheaper than presidio's full patterns.
_DOMAINISH = regex.compile(r"\w\.[A-Za-z]{2}")
_IPISH = regex.compile(r"\d\.\d|:[0-9A-Fa-f]*:")
_DIGIT = regex.compile(r"\d")
# No gate asks for more digits than this; clipping keeps the feature space small enough that
# the detectors a text needs are looked up, not re-derived, per text (see Scrubber._open).
_DIGITS_CAP = 16


class _Features(NamedTuple):
    """What the gates look at; computed once per text in one pass. A named tuple, not a frozen
    dataclass: made for every text and used as a dict key (Scrubber._open), it costs a third to
    build and hash."""

    digits: int
    at: bool
    dot: bool
    colon: bool
    dash: bool
    hangul: bool
    domain: bool
    ip: bool
    pipe: bool
    equals: bool
    obfuscated_at: bool
    grid: bool  # lines with commas, semicolons or tabs: what a CSV/TSV paste looks like

    @classmethod
    def of(cls, text: str) -> _Features:
        dot, colon = "." in text, ":" in text
        return cls(
            digits=min(len(_DIGIT.findall(text)), _DIGITS_CAP),
            at="@" in text,
            dot=dot,
            colon=colon,
            dash="-" in text,
            hangul=HANGUL_RE.search(text) is not None,
            domain=dot and _DOMAINISH.search(text) is not None,
            ip=(dot or colon) and _IPISH.search(text) is not None,
            pipe="|" in text,
            equals="=" in text,
            obfuscated_at=may_hold_obfuscated_email(text),
            grid="\n" in text and ("," in text or ";" in text or "\t" in text),
        )


# Why each gate is safe: it only rejects texts in which the recognizer's patterns cannot match.
_GATES: dict[str, Callable[[_Features], bool]] = {
    "CREDIT_CARD": lambda f: f.digits >= 12,
    "PHONE_NUMBER": lambda f: f.digits >= 6,
    "US_SSN": lambda f: f.digits >= 9,
    "US_ITIN": lambda f: f.digits >= 9,
    "US_BANK_NUMBER": lambda f: f.digits >= 8,
    "US_PASSPORT": lambda f: f.digits >= 8,
    "US_DRIVER_LICENSE": lambda f: f.digits >= 1,
    "UK_NHS": lambda f: f.digits >= 10,
    "IBAN_CODE": lambda f: f.digits >= 2,  # presidio matches IBANs case-insensitively
    "IP_ADDRESS": lambda f: f.dot or f.colon,
    "MAC_ADDRESS": lambda f: f.digits >= 1 and (f.colon or f.dash or f.dot),
    "UUID": lambda f: f.digits >= 1,
    "EMAIL_ADDRESS": lambda f: f.at,
    "URL": lambda f: f.dot,
    "CRYPTO": lambda f: f.digits >= 1,
    "MEDICAL_LICENSE": lambda f: f.digits >= 6,
    "KR_RRN": lambda f: f.digits >= 13,
    "KR_FRN": lambda f: f.digits >= 13,
    "KR_BRN": lambda f: f.digits >= 10,
    "KR_DRIVER_LICENSE": lambda f: f.digits >= 12,
    "KR_PASSPORT": lambda f: f.digits >= 7,
    "KR_BANK_ACCOUNT": lambda f: f.digits >= 10,
}


# Recognizers whose own trigger is narrower than their entity type's.
_RECOGNIZER_GATES: dict[type, Callable[[_Features], bool]] = {
    KoreanNameRecognizer: lambda f: f.hangul,
    KoreanDriverLicenceRecognizer: lambda f: f.hangul and f.digits >= 10,
    Ipv6Recognizer: lambda f: f.colon,
    KoreanAddressRecognizer: lambda f: f.hangul,
    EnglishAddressRecognizer: lambda f: f.digits >= 1,
    PostcodeRecognizer: lambda f: f.digits >= 5,
    FieldNameRecognizer: lambda f: f.colon or f.pipe or f.equals or f.grid or f.dash,
    UrlRecognizer: lambda f: f.domain,
    Ipv4Recognizer: lambda f: f.ip,
    PassportShapeRecognizer: lambda f: f.digits >= 6,
    ObfuscatedEmailRecognizer: lambda f: f.obfuscated_at,
}


@dataclass(frozen=True, slots=True)
class _Hit:
    entity_type: str
    start: int
    end: int
    score: float


class _LeanPatterns:
    """Runs a presidio PatternRecognizer's own patterns and validators without its per-match
    bookkeeping (timestamps, debug logging, explanation objects), which cost more than the
    regexes themselves on chat-sized texts. Same regex module, scores and validation rules as
    ``PatternRecognizer.analyze``; the flags add ASCII, so that ``\\b`` and ``\\w`` end at
    Hangul (see identifiers.py)."""

    __slots__ = ("_compiled", "_entity", "_narrow", "_recognizer")

    def __init__(self, recognizer: PatternRecognizer) -> None:
        self._recognizer = recognizer
        self._entity = recognizer.supported_entities[0]
        flags = recognizer.global_regex_flags
        self._compiled = [(compile_ascii(p.regex, flags), p.score) for p in recognizer.patterns]
        # A recognizer may narrow a match to its real extent, or reject it, where a regex cannot
        # say what a word is (addresses.KoreanAddressRecognizer.narrow, a dictionary lookup).
        self._narrow = getattr(recognizer, "narrow", None)

    def __call__(self, text: str) -> list[_Hit]:
        hits: list[_Hit] = []
        recognizer = self._recognizer
        for compiled, score in self._compiled:
            for match in compiled.finditer(text):
                start, end = match.span()
                if self._narrow is not None:
                    span = self._narrow(compiled, text, start, end)
                    if span is None:
                        continue
                    start, end = span
                if start == end:
                    continue
                value = text[start:end]
                valid = recognizer.validate_result(value)
                hit_score = score if valid is None else (1.0 if valid else 0.0)
                if recognizer.invalidate_result(value):
                    hit_score = 0.0
                if hit_score > 0:
                    hits.append(_Hit(self._entity, start, end, hit_score))
        return hits


def _runner(recognizer: EntityRecognizer) -> Callable[[str], list]:
    # Subclasses that override analyze() keep it; plain pattern recognizers run lean.
    if (
        isinstance(recognizer, PatternRecognizer)
        and (type(recognizer).analyze is PatternRecognizer.analyze)
        and not recognizer.deny_list
    ):
        return _LeanPatterns(recognizer)
    entities = list(recognizer.supported_entities)
    return lambda text: recognizer.analyze(text, entities, None)


@dataclass(frozen=True, slots=True)
class _Detector:
    recognizer: EntityRecognizer
    run: Callable[[str], list]
    entities: frozenset[str]
    gate: Callable[[_Features], bool]
    context: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected span. Internal: it points into the text but never copies the value."""

    entity_type: str
    start: int
    end: int
    score: float


class ScrubError(RuntimeError):
    """A recognizer failed. The message names the recognizer and error type, never the text."""


@dataclass(frozen=True, slots=True)
class ScrubResult:
    """Scrubbed text(s) and entity-type counts. Holds no detected value, by construction."""

    texts: list[str]
    pii: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.texts[0] if self.texts else ""


class Scrubber:
    """Build once (loads kiwi, the name gazetteer, presidio recognizers), then call per message.

    ``languages`` selects the name/address recognizers ("en", "ko"); pattern recognizers for ids,
    cards, phones, e-mails etc. run on every text, since a Korean chat quotes English e-mails
    and an English one quotes Korean phone numbers.
    """

    def __init__(
        self,
        languages: Sequence[str] = ("en", "ko"),
        score_threshold: float = 0.4,
        entities: Iterable[str] | None = None,
    ) -> None:
        use_bundled_public_suffix_list()
        # presidio logs at DEBUG/INFO with text fragments in places; keep its loggers quiet.
        for name in ("presidio-analyzer", "presidio-anonymizer"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.score_threshold = score_threshold
        self.languages = tuple(languages)
        recognizers = self._recognizers()
        wanted = set(entities) if entities is not None else None
        self._detectors: list[_Detector] = []
        for recognizer in recognizers:
            supported = [
                e
                for e in recognizer.supported_entities
                if (e in wanted if wanted is not None else e not in DEFAULT_EXCLUDED)
            ]
            if not supported:
                continue
            gates = [_RECOGNIZER_GATES.get(type(recognizer)) or _GATES.get(e) for e in supported]
            gate: Callable[[_Features], bool] = (
                (lambda f, gs=tuple(gates): any(g(f) for g in gs))  # type: ignore[misc]
                if all(gates)
                else (lambda f: True)
            )
            context = tuple(w.lower() for w in (recognizer.context or []))
            self._detectors.append(_Detector(recognizer, _runner(recognizer), frozenset(supported), gate, context))
        self.entities = sorted({e for d in self._detectors for e in d.entities})
        self._open_by_features: dict[_Features, tuple[_Detector, ...]] = {}

    def _recognizers(self) -> list[EntityRecognizer]:
        registry = RecognizerRegistry()
        registry.load_predefined_recognizers(languages=["en"])
        # Replaced by identifiers.py's one-pass phones, Luhn cards over 12-19 digits and the
        # passport pattern with Korean context.
        replaced = (PhoneRecognizer, CreditCardRecognizer, UsPassportRecognizer)
        # Swapped in place (ties between equal findings go to the earlier recognizer): the licence
        # patterns with Korean context and no 2-3 character values, IPv4 with IPv6 left to
        # Ipv6Recognizer.
        swapped: dict[type, Callable[[], EntityRecognizer]] = {
            UsLicenseRecognizer: UsLicenceRecognizer, IpRecognizer: Ipv4Recognizer}
        recognizers: list[EntityRecognizer] = [
            swapped[type(r)]() if type(r) in swapped else r
            for r in registry.recognizers
            # NLP-engine recognizers (SpacyRecognizer) need a model we cannot have.
            if type(r).__name__ != "SpacyRecognizer" and not isinstance(r, replaced)
        ]
        recognizers.append(FastPhoneRecognizer())
        recognizers.append(ObfuscatedEmailRecognizer())  # "kim(at)example.com", "hong 골뱅이 naver.com"
        recognizers.append(PostcodeRecognizer())  # "우편번호 06236", "zip 90210": either language
        recognizers.extend(identifier_recognizers())
        # identifiers.py brings its own KrPassportRecognizer (the 2021 form scored on its own).
        recognizers.extend(r for r in korean_id_recognizers() if not isinstance(r, KrPassportRecognizer))
        if "ko" in self.languages:
            self._morphology = KoreanMorphology()
            recognizers.append(KoreanNameRecognizer(self._morphology))
            recognizers.append(KoreanAddressRecognizer())
        recognizers.append(FieldNameRecognizer())  # {"name": "이민수"}, "| 성함 |" columns: any language
        if "en" in self.languages:
            # Latin-script names are written in Korean chats too ("Kang Yu-na", "John").
            recognizers.append(LatinNameRecognizer())
            recognizers.append(EnglishAddressRecognizer())
        return recognizers

    # -- detection ------------------------------------------------------------------------------

    def analyze(self, text: str) -> list[Finding]:
        """Non-overlapping findings above the threshold, sorted by position."""
        if not text:
            return []
        # Matching runs on full-width forms folded to ASCII; same length, so offsets hold.
        text = fold_for_matching(text)
        lowered: str | None = None
        candidates: list[Finding] = []
        weak: list[Finding] = []  # identifier shapes without context: see _record_fields
        for detector in self._open(_Features.of(text)):
            recognizer = detector.recognizer
            try:
                raw = detector.run(text)
            except Exception as exc:  # name the failure, never the text that caused it
                raise ScrubError(f"recognizer {recognizer.name} failed with {type(exc).__name__}") from None
            for r in raw:
                if r.entity_type not in detector.entities or r.end <= r.start:
                    continue
                score = r.score
                if score < self.score_threshold and detector.context and score > 0:
                    if lowered is None:
                        lowered = text.lower()
                    window = (
                        lowered[max(0, r.start - CONTEXT_BEFORE) : r.start]
                        + " "
                        + lowered[r.end : r.end + CONTEXT_AFTER]
                    )
                    if any(word in window for word in detector.context):
                        score = max(min(1.0, score + CONTEXT_BOOST), MIN_SCORE_WITH_CONTEXT)
                if score >= self.score_threshold:
                    end = r.end if r.entity_type != "URL" else whole_url(text, r.start, r.end)
                    if end is not None:
                        candidates.append(Finding(r.entity_type, r.start, end, score))
                elif score > 0 and r.entity_type in RECORD_FIELD_TYPES:
                    weak.append(Finding(r.entity_type, r.start, r.end, self.score_threshold))
        if not candidates:
            return []
        findings = _merge_addresses(_resolve_overlaps(candidates, _placeholder_spans(text)), text)
        return _record_fields(findings, weak, text) if weak else findings

    def _open(self, features: _Features) -> tuple[_Detector, ...]:
        """The detectors whose gate lets a text with these features through."""
        detectors = self._open_by_features.get(features)
        if detectors is None:
            detectors = tuple(d for d in self._detectors if d.gate(features))
            self._open_by_features[features] = detectors
        return detectors

    # -- replacement ----------------------------------------------------------------------------

    def scrub(self, text: str, allowlist: Allowlist | None = None) -> ScrubResult:
        return self.scrub_many([text], allowlist)

    def scrub_many(self, texts: Sequence[str], allowlist: Allowlist | None = None) -> ScrubResult:
        """Scrub the texts of one conversation with one placeholder numbering; names and places
        wholly inside an ``allowlist`` entry (public figures, countries) are left in place."""
        book = PlaceholderBook(texts)
        out = [self._replace(text, book, allowlist) for text in texts]
        return ScrubResult(texts=out, pii=dict(book.counts))

    def _replace(self, text: str, book: PlaceholderBook, allowlist: Allowlist | None) -> str:
        findings = self.analyze(text)
        if findings and allowlist is not None:
            kept = allowlist.keeps(text, [(f.entity_type, f.start, f.end) for f in findings])
            findings = [f for f, keep in zip(findings, kept, strict=True) if not keep]
        if not findings:
            return text
        return book.rewrite(text, ((f.entity_type, f.start, f.end) for f in findings))

    def scrub_instance(self, instance: Instance, allowlist: Allowlist | None = None) -> Instance:
        """A copy with instruction/input/output/messages scrubbed under one numbering and
        ``pii`` = existing counts + this scrub's counts."""
        fields = [instance.instruction, instance.input, instance.output]
        result = self.scrub_many([*fields, *(m.content for m in instance.messages)], allowlist)
        instruction, input_, output = result.texts[:3]
        messages = [
            copy_with(m, {"content": content})
            for m, content in zip(instance.messages, result.texts[3:], strict=True)
        ]
        pii = Counter(instance.pii)
        pii.update(result.pii)
        return copy_with(
            instance,
            {
                "instruction": instruction,
                "input": input_,
                "output": output,
                "messages": messages,
                "pii": dict(pii),
            }
        )


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    if "<" not in text:
        return []
    return [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]


def _resolve_overlaps(candidates: list[Finding], reserved: list[tuple[int, int]]) -> list[Finding]:
    """Keep the best of overlapping findings: higher score, then longer span, then earlier.

    Two exceptions: a confident finding (score >= CONFIDENT_CONTAINER) that wholly contains the
    better ones it overlaps replaces them.
    A phone number with its extension contains a UK NHS-shaped "908-463-6945", an address its
    street named after a person ("413 Jones Ports, ..."): the longer reading covers the value
    whole, while the better-scored fragment would leave the rest of it in the text.
    And overlapping address readings are one address ("Magasinsgatan 7" and "7 St."): their
    union is kept, so neither leaves the other's part behind.
    """
    candidates.sort(key=lambda f: (-f.score, f.start - f.end, f.start))
    kept: list[Finding] = []
    for f in candidates:
        if any(f.start < e and s < f.end for s, e in reserved):  # our own placeholders are never PII
            continue
        clashes = [k for k in kept if f.start < k.end and k.start < f.end]
        if clashes and f.entity_type == "LOCATION" and all(k.entity_type == "LOCATION" for k in clashes):
            start, end = min(f.start, *(k.start for k in clashes)), max(f.end, *(k.end for k in clashes))
            kept = [k for k in kept if k not in clashes]
            kept.append(Finding("LOCATION", start, end, max(f.score, *(k.score for k in clashes))))
            continue
        if clashes and not (f.score >= CONFIDENT_CONTAINER and all(
                f.start <= k.start and k.end <= f.end and f.end - f.start > k.end - k.start for k in clashes)):
            continue
        if clashes:
            kept = [k for k in kept if k not in clashes]
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


# A record pasted as one line of fields ("고재호 | 02-6393-8509 | a@b.com | 77706066855352",
# "Lim Min-hwan|Q36407854|3617-...|119.96.77.197"): where two other fields of the line are PII found
# on their own, a field that is wholly an account's or a passport's shape is that identifier though
# no label names it. The bare shapes (10-14 digits, a letter and eight digits) are too common in
# other text to take anywhere else: order numbers, codes, counts.
# In this order where two read one field (14 digits: a Korean or a US account).
RECORD_FIELD_TYPES = ("KR_PASSPORT", "US_PASSPORT", "KR_BANK_ACCOUNT", "US_BANK_NUMBER")
_RECORD_SEPARATORS = frozenset("|\t;,")
_RECORD_PII_FIELDS = 2


def _whole_field(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """``text[start:end]`` fills a field of its line: a separator or the line's edge on each side,
    and a separator on at least one."""
    before = text[line_start:start].rstrip(" ")  # a tab is a separator itself
    after = text[end:line_end].lstrip(" ")
    if not before and not after:
        return False
    return (not before or before[-1] in _RECORD_SEPARATORS) and (not after or after[0] in _RECORD_SEPARATORS)


def _record_fields(findings: list[Finding], weak: list[Finding], text: str) -> list[Finding]:
    taken: list[Finding] = []
    for w in sorted(weak, key=lambda f: (f.start, f.start - f.end, RECORD_FIELD_TYPES.index(f.entity_type))):
        if any(w.start < f.end and f.start < w.end for f in (*findings, *taken)):
            continue
        if _tagged_to_person(w, findings, text):
            taken.append(w)
            continue
        line_start, line_end = line_bounds(text, w.start, w.end)
        if not _whole_field(text, w.start, w.end, line_start, line_end):
            continue
        fields = sum(1 for f in findings if line_start <= f.start and f.end <= line_end
                     and _whole_field(text, f.start, f.end, line_start, line_end))
        if fields >= _RECORD_PII_FIELDS:
            taken.append(w)
    return sorted((*findings, *taken), key=lambda f: f.start) if taken else findings


# A found person, maybe quoted, then the shape alone in brackets: "The guest 'Raymond Curtis'
# [W70385499] checked in", "홍길동 (M12345678)": the person's own number, as a record's field is.
_PERSON_THEN_BRACKET = regex.compile(r"""['"’”]?[ \t]{0,2}[(\[]""")


def _tagged_to_person(w: Finding, findings: list[Finding], text: str) -> bool:
    if text[w.end : w.end + 1] not in (")", "]"):
        return False
    return any(f.entity_type == "PERSON" and 0 < w.start - f.end <= 4
               and _PERSON_THEN_BRACKET.fullmatch(text, f.end, w.start) is not None for f in findings)


_ADDRESS_JOINERS = frozenset(" \t\n,;>?")


def _merge_addresses(findings: list[Finding], text: str) -> list[Finding]:
    """Join address fragments separated only by spaces, commas or line breaks into one span,
    so "Rua X 12\\nApt. 3" becomes one ``<LOCATION_1>`` rather than two placeholders; then
    widen a street address over the city, region, postcode and country lines after it (the
    parts that, left behind, still narrow a person down)."""
    merged: list[Finding] = []
    for f in findings:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.entity_type == f.entity_type == "LOCATION"
            and f.start - prev.end <= 8
            and all(ch in _ADDRESS_JOINERS for ch in text[prev.end : f.start])
        ):
            merged[-1] = Finding("LOCATION", prev.start, max(prev.end, f.end), max(prev.score, f.score))
        else:
            merged.append(f)
    out: list[Finding] = []
    for f in merged:
        prev = out[-1] if out else None
        if prev is not None and f.start < prev.end:
            # inside a widened address: a town read as a name, "Uruguay 64677" found on its own
            out[-1] = Finding(prev.entity_type, prev.start, max(prev.end, f.end), prev.score)
            continue
        if f.entity_type == "LOCATION" and f.score >= CONFIDENT_CONTAINER and has_digit(text, f.start, f.end):
            start = address_start(text, f.start)
            # The parts before it that other recognizers took (a district read as a name: "Beija
            # Flor") are the address's; anything else bounds it.
            while out and out[-1].end > start and out[-1].entity_type in ("PERSON", "LOCATION"):
                start = min(start, out.pop().start)
            if out and out[-1].end > start:
                start = f.start
            f = Finding("LOCATION", start, locality_end(text, f.start, f.end), f.score)
        out.append(f)
    return out

