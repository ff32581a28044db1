"""The labelled sets ``instructflow eval pii`` scores, each from a source we did not write.

* ``presidio``: presidio-research's synthetic corpus (../shared/data), 1,500 English texts,
  every PII type it labels;
* ``klue``: KLUE-NER v1.1 dev, held-out sentences 2500-4999 (0-2499 train the Korean name
  model); persons must be found, places/organisations/dates must not become PERSON;
* ``names``: generated Korean + English names in every written form, held-out templates only
  (evaluation/names.py);
* ``clean``: PII-free real text; any finding is a false positive. English: the prose
  sentences of Python's own reference manual (``pydoc_data.topics``, shipped with CPython) and
  spaCy's English example sentences (companies, cities); Korean: the questions and answers of
  songys/Chatbot_data (../shared/data, people's chit-chat) and spaCy's Korean examples;
* ``clean-news``: held-out KLUE sentences that hold no person: Korean news and movie reviews
  dense with places, organisations and titles (the hardest negatives we have).

Another module adds a set with ``@register_set(...)`` on a function returning Samples.
"""

from __future__ import annotations

import csv
import importlib
import re
from pathlib import Path

from instructflow.evaluation.klue import HELD_OUT, KLUE_FILE, klue_spans
from instructflow.evaluation.names import generate_names
from instructflow.evaluation.pii import PRESIDIO_FILE, Sample, load_presidio, register_set, shared_data_dir

CHATBOT_FILE = "ko_chatbot_data.csv"


class MissingData(FileNotFoundError):
    """A set's source file is not there; the message names the file and the variable."""


def _shared(name: str) -> Path:
    path = shared_data_dir() / name
    if not path.is_file():
        raise MissingData(f"{path}: not found (set INSTRUCTFLOW_SHARED_DATA to the shared data folder)")
    return path


@register_set("presidio", "presidio-research synthetic PII corpus (1,500 English texts)")
def presidio_set() -> list[Sample]:
    return load_presidio(_shared(PRESIDIO_FILE))


def klue_held_out() -> list[Sample]:
    return [Sample(text, tuple(spans), lang="ko") for text, spans in klue_spans(_shared(KLUE_FILE), HELD_OUT)]


@register_set("klue", "KLUE-NER v1.1 dev, held-out sentences 2500-4999 (persons; places/orgs/dates)", ("PERSON",))
def klue_set() -> list[Sample]:
    return klue_held_out()


@register_set("names", "generated Korean + English names, every form, held-out templates (seed 2024)")
def names_set() -> list[Sample]:
    return generate_names(seed=2024, per_form=60, held_out=True)


# Python reference prose: sentences of plain words (no code, no markup), 40-300 characters.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CODE = re.compile(r"[=<>{}\[\]()_*`|#:\\]")


def python_reference_sentences() -> list[str]:
    from pydoc_data.topics import topics

    text = re.sub(r"\s+", " ", " ".join(topics[k] for k in sorted(topics)))
    return [
        s
        for s in _SENTENCE_END.split(text)
        if 40 <= len(s) <= 300 and not _CODE.search(s) and sum(c.isalpha() or c.isspace() for c in s) > 0.93 * len(s)
    ]


def spacy_examples(lang: str) -> list[str]:
    return list(importlib.import_module(f"spacy.lang.{lang}.examples").sentences)


def chatbot_lines(every: int = 10) -> list[str]:
    """Questions and answers of the Korean chit-chat set (every ``every``-th row)."""
    with _shared(CHATBOT_FILE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [text for row in rows[::every] for text in (row["Q"], row["A"]) if text]


@register_set("clean", "PII-free real text: Python reference prose + spaCy examples (en); chit-chat Q/A + spaCy (ko)")
def clean_set() -> list[Sample]:
    english = python_reference_sentences() + spacy_examples("en")
    korean = chatbot_lines() + spacy_examples("ko")
    return [Sample(t, (), lang="en") for t in english] + [Sample(t, (), lang="ko") for t in korean]


@register_set("clean-news", "KLUE-NER held-out sentences with no person: news and reviews full of places and orgs")
def clean_news_set() -> list[Sample]:
    return [Sample(s.text, (), lang="ko") for s in klue_held_out() if not any(t == "PS" for t, _, _ in s.spans)]


@register_set("chat-ko", "Korean chat prompts (paraKQC, Chatbot_data; untuned lines), labelled persons", ("PERSON",))
def chat_ko_set() -> list[Sample]:
    from instructflow.evaluation.chat_persons import PARAKQC_FILE, chat_persons_set

    _shared(CHATBOT_FILE)
    return chat_persons_set(_shared(PARAKQC_FILE).parent)
