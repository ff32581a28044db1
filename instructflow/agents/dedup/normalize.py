"""Text normalization for dedup, and the exact-duplicate content hash.

Two texts are *exact* duplicates when their normalized forms are equal. The normal form is
chosen so that edits a person would not call "different content" disappear, for Korean and
English alike:

1. Unicode NFKC: full-width Latin/digits (ＡＢＣ１２３) become ASCII, compatibility characters
   (ligatures, circled numbers, half-width katakana, compatibility jamo) get their canonical
   form, and decomposed Hangul (conjoining jamo sequences) is composed into syllables, so a
   macOS-decomposed "한국어" equals the precomposed one.
2. casefold (stronger than lower(): "Straße" == "STRASSE"), then NFKC again because case
   folding can produce sequences that are not NFKC-normal.
3. Invisible characters are removed: C0/C1 controls other than whitespace, soft hyphen,
   zero-width space/joiners, bidi marks, word joiner, BOM. Copy-paste inserts these freely.
4. Every run of Unicode whitespace (space, tab, newline, NBSP, ideographic space...) becomes
   one ASCII space; leading and trailing whitespace goes.
5. Punctuation and symbols (Unicode categories P* and S*: ``?!.,…~^`` emoji...) are stripped
   at both ends of the text only, so "What is X?" == "what is x" and "배고파~~" == "배고파",
   while punctuation inside the text still counts. If a text is *only* punctuation/symbols it
   is kept as is, so "👍" and "😊" do not collapse into the same empty string.

Hangul needs nothing else: it has no case and NFKC already unifies its encodings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# C0/C1 controls except \t \n \r (handled as whitespace), soft hyphen, Mongolian vowel
# separator, zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings and isolates, word
# joiner and invisible operators, BOM/ZWNBSP.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

# Bumped whenever normalize() changes: a persisted content hash is only comparable with
# hashes of the same normalization version.
NORMALIZATION_VERSION = 1


def _is_edge_junk(ch: str) -> bool:
    # P* = punctuation, S* = symbols (math, currency, modifier, other incl. emoji).
    return unicodedata.category(ch)[0] in "PS" or ch.isspace()


# The ASCII characters _is_edge_junk accepts (and that are not alphanumeric), derived from it: the
# usual edges ("?", ".", "!") are stripped by one str.strip before the per-character scan.
_ASCII_EDGE_JUNK = "".join(c for c in map(chr, range(128)) if not c.isalnum() and _is_edge_junk(c))


def _strip_edges(text: str) -> str:
    if not text or (text[0].isalnum() and text[-1].isalnum()):
        return text  # the common case, without a category lookup per character
    # The ASCII junk at both ends first (a prefix and a suffix of what the scans below would
    # strip, so the result is the same), then the scans go on from there.
    end = len(text.rstrip(_ASCII_EDGE_JUNK))
    if not end:
        return text  # nothing but punctuation/symbols (below)
    start = len(text) - len(text.lstrip(_ASCII_EDGE_JUNK))
    # Letters and digits are never edge junk: most scans end at one without a category lookup.
    while start < end and not text[start].isalnum() and _is_edge_junk(text[start]):
        start += 1
    while end > start and not text[end - 1].isalnum() and _is_edge_junk(text[end - 1]):
        end -= 1
    if start == end:
        # Nothing but punctuation/symbols: keep it rather than map every such text to "".
        return text
    return text[start:end]


def normalize(text: str) -> str:
    """The dedup normal form of ``text`` (see the module docstring for each step)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    if folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " ":
        # The common case, in one C scan: every invisible character is a control or format
        # character and every whitespace but " " a control or separator, none of them printable
        # (tests/unit/test_dedup.py checks both), so steps 3 and 4 would change nothing.
        return _strip_edges(folded)
    visible = _INVISIBLE.sub("", folded)
    collapsed = " ".join(visible.split())
    return _strip_edges(collapsed)


# An empty BLAKE2b-128 hasher, copied per digest: a copy cost ~0.3 µs less than the constructor,
# whose keyword arguments are parsed on every call (dedup digests every text).
_BLAKE2B_128 = hashlib.blake2b(digest_size=16)


def content_digest(normalized: str) -> bytes:
    """16-byte BLAKE2b digest of an already-normalized text.

    BLAKE2b from the standard library: stable across platforms and library versions (a
    replay years later must give the same hashes) and collision-resistant, so equal digests
    can be trusted to mean equal text without keeping the text around.
    """
    digest = _BLAKE2B_128.copy()
    digest.update(normalized.encode("utf-8"))
    return digest.digest()


def content_hash(text: str) -> str:
    """Hex content hash of ``text`` after normalization: what ``Instance.content_hash`` holds."""
    return content_digest(normalize(text)).hex()
