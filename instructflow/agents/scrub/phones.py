"""Phone numbers of any supported region, found in one pass instead of one pass per region.

presidio's PhoneRecognizer runs ``phonenumbers.PhoneNumberMatcher`` once per region (8 by
default, 9 with Korea), which made it ~45% of all scrubbing time. Here one region-free regex
finds digit groups that could be a phone number, and only those few candidates are parsed with
phonenumbers, region by region, until one region calls the number valid. Same validity test
(``is_valid_number``), one scan.
"""

from __future__ import annotations

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

PHONE_NUMBER = "PHONE_NUMBER"
REGIONS = (*PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS, "KR")

# A run of digits with the separators people use in phone numbers, on one line, optionally
# with an extension ("x769", "ext. 12"). Starts with +, ( or a digit; ends with a digit.
_CANDIDATE = regex.compile(
    r"(?<![\w+/.\-])(?:\+[ \t]?\d|\(\d|\d)[\d \t().\-/]{4,20}\d"
    r"(?:[ \t]?(?:x|ext\.?)[ \t]?\d{1,5})?(?![\w/]|[.\-:]\d)",
    flags=regex.ASCII,  # \w stops at Hangul: "01012345678로" is a number glued to a particle
)
# Dates and times that parse as valid numbers in some region ("2024-01-31", "12/05/2023"), an
# 8-digit date ("20140919") and a season of years ("2014-2015", "2015~2016") as news writes them.
_NOT_A_PHONE = regex.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$"
    r"|^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$|^(?:19|20)\d\d[ \t]?[-/~][ \t]?(?:19|20)\d\d$"
)


class FastPhoneRecognizer(EntityRecognizer):
    """PHONE_NUMBER valid in any of ``regions`` (presidio's defaults + KR), score 0.4 as presidio."""

    SCORE = PhoneRecognizer.SCORE

    def __init__(self, regions: tuple[str, ...] = REGIONS, supported_language: str = "en") -> None:
        self.regions = regions
        super().__init__(
            supported_entities=[PHONE_NUMBER],
            supported_language=supported_language,
            context=list(PhoneRecognizer.CONTEXT),
            name="FastPhoneRecognizer",
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for match in _CANDIDATE.finditer(text):
            candidate = match.group()
            digits = sum(ch.isdigit() for ch in candidate)
            if digits < 7 or _NOT_A_PHONE.match(candidate):
                continue
            # 12+ digits with no separator and no "+" are cards/accounts, not dialled numbers.
            if digits == len(candidate) and digits > 11:
                continue
            if self._valid(candidate):
                results.append(RecognizerResult(PHONE_NUMBER, match.start(), match.end(), self.SCORE))
        return results

    def _valid(self, candidate: str) -> bool:
        for region in self.regions:
            try:
                number = phonenumbers.parse(candidate, region)
            except phonenumbers.NumberParseException:
                return False  # unparseable in one region means unparseable in all
            if phonenumbers.is_valid_number(number):
                return True
            if candidate.startswith("+"):
                return False  # an international number's region is fixed by its prefix
        return False
