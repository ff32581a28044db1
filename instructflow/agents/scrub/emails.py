"""E-mail addresses written so that harvesters miss them, which people still read as addresses.

"lbalhar(at)redhat.com", "kim [at] example [dot] com", "jo {at} mail.co.uk", "john at gmail dot
com", "hong 골뱅이 naver.com" (골뱅이, "whelk", is what Koreans call "@"). presidio's e-mail pattern
needs "@", so the URL recognizer took the domain and the user part stayed ("lbalhar(at)<URL_1>",
found in a real package description). The whole address is one EMAIL_ADDRESS here.

An "at" in brackets or 골뱅이 is an address marker by itself. A bare spaced " at " is everyday
English ("look at example.com" names a site, not a mailbox), so it counts only when the dots are
written as words too ("john at gmail dot com"). The address must end in a known public suffix
(tldextract's bundled list), so "meet (at) noon.tomorrow" stays text.
"""

from __future__ import annotations

import re

import regex
import tldextract
from presidio_analyzer import EntityRecognizer, RecognizerResult

EMAIL_ADDRESS = "EMAIL_ADDRESS"

_LOCAL = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9])?"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# "(at)", "[at]", "{at}", "<at>", "(@)", with or without spaces inside and around; 골뱅이 spaced or not.
_BRACKET_AT = r"\s*(?:[(\[{<]\s*(?:at|@)\s*[)\]}>]|골뱅이)\s*"
_WORD_AT = r"\s+at\s+"
_BRACKET_DOT = r"\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*"
_WORD_DOT = r"\s+dot\s+"
_ANY_DOT = rf"(?:\.|{_BRACKET_DOT}|{_WORD_DOT})"

# The part after the "at" is the group ``domain`` in either form (``regex`` lets two alternatives
# share a group name).
_OBFUSCATED = regex.compile(
    rf"{_LOCAL}(?:{_BRACKET_AT}(?P<domain>{_LABEL}(?:{_ANY_DOT}{_LABEL})+)"
    rf"|{_WORD_AT}(?P<domain>{_LABEL}(?:(?:{_BRACKET_DOT}|{_WORD_DOT}){_LABEL})+))(?![A-Za-z0-9-])",
    regex.IGNORECASE | regex.ASCII,
)
_DOT_WORDS = regex.compile(rf"{_BRACKET_DOT}|{_WORD_DOT}", regex.IGNORECASE | regex.ASCII)
_BRACKET_AT_ANYWHERE = re.compile(r"[(\[{<]\s*(?:[aA][tT]|@)\s*[)\]}>]")


def may_hold(text: str) -> bool:
    """Whether ``text`` can hold one (the scrubber's gate for this recognizer): 골뱅이, "dot" in any
    case (the pattern ignores case, so its gate must: "dOt"), or an "at" in brackets. ~2 µs a chat
    prompt; one regex for all three is ~3.5."""
    return "골뱅이" in text or "dot" in text.lower() or _BRACKET_AT_ANYWHERE.search(text) is not None


class ObfuscatedEmailRecognizer(EntityRecognizer):
    SCORE = 0.9  # above the URL recognizer's reading of the domain, which it contains

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=[EMAIL_ADDRESS], supported_language=supported_language,
                         name="ObfuscatedEmailRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = []
        for m in _OBFUSCATED.finditer(text):
            domain = _DOT_WORDS.sub(".", m.group("domain")).lower()  # "gmail dot com" -> "gmail.com"
            parts = tldextract.extract(domain)
            if not parts.domain or not parts.suffix or not parts.suffix.replace(".", "").isalpha():
                continue  # "(at) noon.tomorrow": no public suffix ends it
            results.append(RecognizerResult(EMAIL_ADDRESS, m.start(), m.end(), self.SCORE))
        return results
