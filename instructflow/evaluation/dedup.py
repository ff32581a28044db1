"""Dedup recall and false duplicates on perturbed copies of real text (bench/eval_quality.py, tests).

Base texts are real sentences and prompts that other people wrote (../shared/data: Korean
chatbot questions, paraKQC questions, GSM8K, Self-Instruct, KLUE-NLI, KorSTS), grouped by
length class of the normalized text: ``short`` (< 60 chars), ``sentence`` (60-199),
``paragraph`` (200+). Each base gets one perturbed copy, one of:

* ``one_word``  - one word replaced by a word of another base text (not a synonym: the
  edit a person makes when re-asking with another object, or a tool's template filling);
* ``typo2``     - two letters changed (a substitution and an adjacent swap, at random places);
* ``greeting``  - a greeting or politeness phrase added in front or at the end;
* ``reorder``   - two clauses swapped (at a comma or sentence end, else at the middle word);
* ``exact``     - a copy equal after normalization (case, spacing, end punctuation).

True non-duplicates that are topically close come in pairs: KorSTS sentence pairs the
annotators scored <= 2 of 5 (same scene, different meaning), and for every source the
nearest other base text by word overlap (same topic or template, different question).

Everything is decided in one shuffled stream, as the agent sees it; a perturbed pair is
*found* when one of the two is rejected pointing at the other (or both point at the same
third text), a non-duplicate pair is a *false duplicate* when one is rejected pointing at
the other.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.normalize import normalize
from instructflow.schemas import Instance, Message, Source

PERTURBATIONS = ("one_word", "typo2", "greeting", "reorder", "exact")
LENGTH_CLASSES = ("short", "sentence", "paragraph")
_GREETINGS_EN = ("Hi, ", "Hello! ", "Hey there, ", "Good morning. ", "Quick question: ")
_GREETINGS_EN_END = (" Thanks!", " Thank you.", " Please.", " thx")
_GREETINGS_KO = ("안녕하세요. ", "안녕! ", "저기요, ", "질문이 있어요. ")
_GREETINGS_KO_END = (" 감사합니다!", " 고마워요~", " 부탁해요.")
_WORD = re.compile(r"\S+")
_HANGUL = re.compile(r"[가-힣]")


def length_class(text: str) -> str:
    n = len(normalize(text))
    return "short" if n < 60 else "sentence" if n < 200 else "paragraph"


def read_bases(data: Path) -> dict[str, list[str]]:
    """Real texts by source (missing files are skipped)."""
    out: dict[str, list[str]] = defaultdict(list)
    if (p := data / "ko_chatbot_data.csv").exists():
        with p.open(encoding="utf-8") as f:
            out["ko_chatbot"] = [r["Q"] for r in csv.DictReader(f)]
    if (p := data / "ko_paraKQC_v1.txt").exists():
        seen: set[str] = set()
        for line in p.read_text("utf-8").splitlines():
            parts = line.split("\t")
            # One question per paraphrase group: the other nine are natural near-duplicates.
            if len(parts) >= 3 and parts[0] not in seen:
                seen.add(parts[0])
                out["ko_parakqc"].append(parts[2])
    if (p := data / "gsm8k_test.jsonl").exists():
        for line in p.read_text("utf-8").splitlines():
            q = json.loads(line)["question"]
            out["en_gsm8k"].append(q)
            out["en_gsm8k_sentence"].append(re.split(r"(?<=[.?!])\s", q)[-1])  # the question itself
    for name in ("seed_tasks.jsonl", "self_instruct_user_oriented_instructions.jsonl"):
        if (p := data / name).exists():
            for line in p.read_text("utf-8").splitlines():
                out["en_selfinstruct"].append(json.loads(line)["instruction"])
    if (p := data / "klue_nli_v1.1_dev.json").exists():
        out["ko_klue_nli"] = sorted({r["premise"] for r in json.loads(p.read_text("utf-8"))})
    return {k: [t for t in v if t.strip()] for k, v in out.items()}


def chatbot_answers(data: Path) -> dict[str, set[str]]:
    """Question -> the answers the Korean chatbot data gives it. Its authors wrote one answer per
    intent and reused it for the rewordings of a question ("꽃다발 선물 어때?" / "꽃다발 선물
    괜찮지?": "센스있는 선물이에요."), so two questions sharing an answer are the same request by
    the source's own labelling, not a topically close non-duplicate."""
    p = data / "ko_chatbot_data.csv"
    out: dict[str, set[str]] = defaultdict(set)
    if p.exists():
        with p.open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                out[r["Q"]].add(normalize(r["A"]))
    return out


def answered_alike(a: set[str] | None, b: set[str] | None) -> bool:
    return bool(a and b and a & b)


def sts_non_duplicates(data: Path, max_score: float = 2.0) -> list[tuple[str, str]]:
    """KorSTS pairs scored <= max_score: topically close, not the same request."""
    p = data / "korsts_dev.tsv"
    if not p.exists():
        return []
    with p.open(encoding="utf-8") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["sentence1"], r["sentence2"]) for r in rows if float(r["score"]) <= max_score]


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def perturb(text: str, kind: str, rng: random.Random, vocabulary: list[str]) -> str:
    ws = _words(text)
    korean = bool(_HANGUL.search(text))
    if kind == "exact":
        t = text.upper() if rng.random() < 0.5 else text.lower()
        t = "  ".join(t.split()) if rng.random() < 0.5 else t
        return t.rstrip("?.!") + rng.choice(("", "?", "!", " ."))
    if kind == "one_word":
        i = rng.randrange(len(ws))
        choices = [w for w in vocabulary if normalize(w) != normalize(ws[i])]
        ws[i] = rng.choice(choices)
        return " ".join(ws)
    if kind == "typo2":
        chars = list(text)
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        i = rng.choice(letters)
        pool = "가나다라마바사아자차카타파하" if _HANGUL.match(chars[i]) else "abcdefghijklmnopqrstuvwxyz"
        chars[i] = rng.choice([c for c in pool if c != chars[i]])
        j = rng.choice(letters[:-1]) if len(letters) > 1 else i
        if j + 1 < len(chars):
            chars[j], chars[j + 1] = chars[j + 1], chars[j]
        return "".join(chars)
    if kind == "greeting":
        if rng.random() < 0.6:
            return rng.choice(_GREETINGS_KO if korean else _GREETINGS_EN) + text
        return text.rstrip() + rng.choice(_GREETINGS_KO_END if korean else _GREETINGS_EN_END)
    if kind == "reorder":
        parts = re.split(r"(?<=[,.?!;])\s+", text.strip())
        if len(parts) >= 2:
            k = rng.randrange(1, len(parts))
            return " ".join(parts[k:] + parts[:k])
        mid = max(1, len(ws) // 2)
        return " ".join(ws[mid:] + ws[:mid])
    raise ValueError(kind)


def _nearest_by_words(texts: list[str], rng: random.Random, limit: int) -> list[tuple[str, str]]:
    """For up to ``limit`` texts, the other text sharing the most words (different normal form)."""
    bags = [set(normalize(t).split()) for t in texts]
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, bag in enumerate(bags):
        for w in sorted(bag):
            by_word[w].append(i)
    pairs = []
    for i in rng.sample(range(len(texts)), min(limit, len(texts))):
        overlap: Counter[int] = Counter()
        for w in sorted(bags[i]):  # sorted: the same pairs whatever PYTHONHASHSEED is
            if len(by_word[w]) < 200:  # skip stop words: they say nothing about topic
                overlap.update(by_word[w])
        overlap.pop(i, None)
        best = [j for j, _ in overlap.most_common(3) if normalize(texts[j]) != normalize(texts[i])]
        if best:
            pairs.append((texts[i], texts[best[0]]))
    return pairs


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    duplicate: bool
    kind: str  # a perturbation, or "sts_low" / "nearest" for non-duplicates
    length: str
    source: str


def build_pairs(data: Path, seed: int, per_cell: int = 60) -> list[Pair]:
    """Perturbed pairs (per_cell per source x perturbation where the source has the length
    class) and topically close non-duplicate pairs, with texts unique across pairs."""
    rng = random.Random(seed)
    bases = read_bases(data)
    answers = chatbot_answers(data)
    used: set[str] = set()
    pairs: list[Pair] = []

    def fresh(t: str) -> bool:
        n = normalize(t)
        if n in used:
            return False
        used.add(n)
        return True

    for source, texts in sorted(bases.items()):
        texts = [t for t in texts if len(_words(t)) >= 2]
        pool = rng.sample(texts, min(len(texts), per_cell * len(PERTURBATIONS) * 3))
        vocabulary = [w for t in rng.sample(texts, min(400, len(texts))) for w in _words(t)]
        counts: Counter[tuple[str, str]] = Counter()
        for text in pool:
            kind = PERTURBATIONS[len(pairs) % len(PERTURBATIONS)]
            length = length_class(text)
            if counts[kind, length] >= per_cell or not fresh(text):
                continue
            copy = perturb(text, kind, rng, vocabulary)
            if kind != "exact" and normalize(copy) == normalize(text):
                continue
            counts[kind, length] += 1
            pairs.append(Pair(text, copy, True, kind, length, source))
        for a, b in _nearest_by_words(texts, rng, per_cell):
            if answered_alike(answers.get(a), answers.get(b)):
                continue  # the source itself calls them one question: no label to test against
            if fresh(a) and fresh(b):
                pairs.append(Pair(a, b, False, "nearest", length_class(a), source))
    for a, b in sts_non_duplicates(data):
        if fresh(a) and fresh(b):
            pairs.append(Pair(a, b, False, "sts_low", length_class(a), "ko_korsts"))
    return pairs


@dataclass
class DedupReport:
    found: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, length)
    planted: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_dup: Counter[str] = field(default_factory=Counter)  # non-duplicate kind
    non_dup: Counter[str] = field(default_factory=Counter)
    exact_as_near: int = 0  # an exact copy decided as a near duplicate
    # The same counts by source text, and the pairs decided wrongly (for reading the errors).
    found_by_source: Counter[tuple[str, str]] = field(default_factory=Counter)  # (source, length)
    planted_by_source: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_dup_by_source: Counter[str] = field(default_factory=Counter)
    non_dup_by_source: Counter[str] = field(default_factory=Counter)
    missed: list[Pair] = field(default_factory=list)
    false_pairs: list[Pair] = field(default_factory=list)

    def recall(self, kind: str | None = None, length: str | None = None) -> float:
        keys = [k for k in self.planted if (kind is None or k[0] == kind) and (length is None or k[1] == length)]
        total = sum(self.planted[k] for k in keys)
        return sum(self.found[k] for k in keys) / total if total else float("nan")

    def false_duplicate_rate(self, kind: str | None = None) -> float:
        keys = [k for k in self.non_dup if kind is None or k == kind]
        total = sum(self.non_dup[k] for k in keys)
        return sum(self.false_dup[k] for k in keys) / total if total else float("nan")


def evaluate(decide: Callable[[Instance], Instance], pairs: Iterable[Pair], seed: int = 0) -> DedupReport:
    """Feed both texts of every pair, shuffled, through ``decide`` (Deduplicator.decide or a
    wrapper around the partitioned cores) and score the decisions."""
    stream: list[tuple[int, int, str]] = []  # (pair index, side, text)
    pairs = list(pairs)
    for i, p in enumerate(pairs):
        stream += [(i, 0, p.a), (i, 1, p.b)]
    random.Random(seed).shuffle(stream)
    target: dict[str, str] = {}  # instance id -> duplicate_of ("" when accepted)
    reason: dict[str, str] = {}
    for i, side, text in stream:
        iid = f"p{i}-{side}"
        inst = Instance(instance_id=iid, source=Source.chat, stage=2, messages=[Message(role="user", content=text)])
        out = decide(inst)
        target[iid], reason[iid] = out.duplicate_of, out.reject_reason
    report = DedupReport()
    for i, p in enumerate(pairs):
        a, b = f"p{i}-0", f"p{i}-1"
        linked = target[a] == b or target[b] == a or (target[a] != "" and target[a] == target[b])
        if p.duplicate:
            report.planted[p.kind, p.length] += 1
            report.found[p.kind, p.length] += linked
            report.planted_by_source[p.source, p.length] += 1
            report.found_by_source[p.source, p.length] += linked
            if not linked:
                report.missed.append(p)
            near = "duplicate_near"
            if p.kind == "exact" and ((target[a] == b and reason[a] == near) or (target[b] == a and reason[b] == near)):
                report.exact_as_near += 1
        else:
            false = target[a] == b or target[b] == a
            report.non_dup[p.kind] += 1
            report.false_dup[p.kind] += false
            report.non_dup_by_source[p.source] += 1
            report.false_dup_by_source[p.source] += false
            if false:
                report.false_pairs.append(p)
    return report


def partitioned_decider(partitions: int, config: DedupConfig) -> Callable[[Instance], Instance]:
    """The partitioned cores (router -> band owners -> combiner) run in sequence order in
    one process, as a ``decide`` for :func:`evaluate`: the same decisions must come out as
    from the single Deduplicator (agents/dedup/partitioned/)."""
    from instructflow.agents.dedup.partitioned.local import InProcess

    cores = InProcess(config, partitions)
    return lambda inst: cores.decide_batch([inst])[0]
