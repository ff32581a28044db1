"""Train the Korean name span judge (names_ko_spans.json) reproducibly:

    INSTRUCTFLOW_SHARED_DATA=/work/shared/data .venv/bin/python -m instructflow.agents.scrub.model.train_names_ko_spans

Out of fold, inside KLUE's training part only (sentences 0-2499; the held-out 2500-4999 are never
read): a CRF is trained on sentences 0-1249 and one on 1250-2499 (same recipe as
train_names_ko.py, ~5 min each, in parallel), each proposes spans on the half it did not learn
from, and every span gets its features (names_ko_spans.span_features) with prototypes taken from
the half that CRF learnt from. A span is a person when it overlaps a KLUE person mention. The
judge's logistic regression is fitted on the spans of both halves; the script also prints the
cross-fold curve (fitted on one half's spans, scored on the other's) next to the CRF threshold
alone, which is how ``THRESHOLD`` was chosen. The shipped prototypes come from all of 0-2499.
Deterministic: same data, same file. ``--halves A B`` reuses two half models saved by an earlier
run (``--keep-halves DIR`` saves them).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from instructflow.agents.scrub.korean import KoreanMorphology
from instructflow.agents.scrub.model.train_names_ko import klue_path, train_crf
from instructflow.agents.scrub.names_ko import KoreanNameRecognizer, KoreanNameTagger, labelled_spans
from instructflow.agents.scrub.names_ko_spans import (
    FEATURES,
    MODEL_FILE,
    PROTOTYPE_CLASSES,
    NameLikeness,
    SpanJudge,
    anchor_vector,
    fit_logistic,
    fold_standardisation,
    span_features,
)
from instructflow.evaluation.klue import TRAIN, read_klue

# Chosen on the cross-fold curve this script prints (2026-11-30): the highest probability that
# keeps out-of-fold person recall at the CRF-threshold-0.45 level (~0.855) it replaces. With the
# anchor vector and the name likeness (s13): 0.50 -> recall 0.854, person-free sentences with a
# span 0.099 (0.121 without them, at 0.856), LC -> PERSON 0.039 (0.063), OG -> PERSON 0.061 (0.071).
# With the common-noun anchors and no anchors for words kiwi has no embedding for (s12-chatfp):
# 0.50 -> recall 0.856, person-free sentences with a span 0.097, LC 0.036, OG 0.056 (0.55 would
# drop recall to 0.847, below the level kept so far). With mecab-ko-dic's word classes
# (lx_person/lx_place/lx_other): 0.50 -> recall 0.854, person-free sentences with a span 0.077,
# LC 0.028, OG 0.045. With KLUE train-split entity counts (kx_*, s19, model/ko_entities.tsv.gz):
# 0.50 -> recall 0.860, 0.057; 0.55 -> 0.857, 0.055, LC 0.021, OG 0.029: 0.55 is the highest cut
# that keeps recall at the level without them (0.857 at 0.50 with the same half CRFs).
THRESHOLD = 0.55
# L2 penalty of the regression (standardised features): the ~560 anchor weights need more than
# the scalar features alone did (1.0); 3 was the best of 1/3/10/30/100 on the cross-fold curve.
L2 = 3.0
HALVES = (range(TRAIN.start, TRAIN.stop // 2), range(TRAIN.stop // 2, TRAIN.stop))
Sentence = tuple[str, list[tuple[str, int, int]]]


def prototypes(sentences: list[Sentence], morph: KoreanMorphology) -> dict[str, list[tuple[str, str]]]:
    """Known nouns that are a whole KLUE mention (PS, LC, OG), and proper nouns inside no mention
    ("other": works, brands, events), as (form, tag), sorted; a noun that was ever a person is
    only a person prototype."""
    found: dict[str, set[tuple[str, str]]] = {kind: set() for kind in PROTOTYPE_CLASSES}
    for text, gold in sentences:
        unknown = morph.unknown(text)
        for form, tag, start, end in morph.tokens(text):
            if tag not in ("NNP", "NNG") or start in unknown:
                continue
            exact = [kind for kind, s, e in gold if (s, e) == (start, end) and kind in found]
            if exact:
                found[exact[0]].add((form, tag))
            elif tag == "NNP" and not any(s <= start and end <= e for _, s, e in gold):
                found["other"].add((form, tag))
    for kind in ("LC", "OG", "other"):
        found[kind] -= found["PS"]
    return {kind: sorted(v) for kind, v in found.items()}


def likeness(sentences: list[Sentence], morph: KoreanMorphology) -> NameLikeness:
    """Letter pairs of person names (KLUE person mentions of ``sentences`` and Faker's ko_KR full
    and given names) against words (kiwi's common nouns, KLUE place/organisation mentions)."""
    from faker.providers.person.ko_KR import Provider

    def mentions(kinds: tuple[str, ...]) -> list[str]:
        return [text[s:e] for text, gold in sentences for kind, s, e in gold if kind in kinds]

    firsts, lasts = sorted(set(Provider.first_names)), sorted(set(Provider.last_names))
    persons = mentions(("PS",)) + firsts + [last + first for last in lasts for first in firsts]
    return NameLikeness.from_words(persons, morph.common_nouns() + mentions(("LC", "OG")))


def _ids(morph: KoreanMorphology, protos: dict[str, list[tuple[str, str]]]) -> dict[str, tuple[int, ...]]:
    return {k: tuple(i for f, t in v if (i := morph.morpheme_id(f, t)) is not None) for k, v in protos.items()}


def spans_of_fold(
    model: Path, scored: list[Sentence], learnt: list[Sentence], morph: KoreanMorphology
) -> list[tuple[int, int, int, dict[str, float], int, tuple[float, ...]]]:
    """(sentence index in ``scored``, start, end, features, is a person, anchor vector) per
    proposed span."""
    placeholder = SpanJudge((), (), (), 0.0, 1.0, {})
    recognizer = KoreanNameRecognizer(morph, KoreanNameTagger(str(model)), judge=placeholder)
    protos = _ids(morph, prototypes(learnt, morph))
    names = likeness(learnt, morph)
    rows = []
    for k, (text, gold) in enumerate(scored):
        for start, end, confidence in recognizer.candidates(text):
            person = int(any(kind == "PS" and s < end and start < e for kind, s, e in gold))
            features = span_features(morph, text, start, end, confidence, protos, names)
            rows.append((k, start, end, features, person, anchor_vector(morph, text, start, end)))
    return rows


def curve(scored: list[Sentence], rows: list, scores: list[float], cut: float) -> tuple[float, float, float, float]:
    """Person recall, share of person-free sentences with a span, LC and OG taken for persons."""
    kept: dict[int, list[tuple[int, int]]] = {}
    for (k, start, end, *_rest), score in zip(rows, scores, strict=True):
        if score >= cut:
            kept.setdefault(k, []).append((start, end))
    counts = {kind: [0, 0] for kind in ("PS", "LC", "OG", "none")}
    for k, (_text, gold) in enumerate(scored):
        spans = kept.get(k, [])
        for kind, s, e in gold:
            if kind in counts:
                counts[kind][0] += 1
                counts[kind][1] += any(s < ke and ks < e for ks, ke in spans)
        if not any(kind == "PS" for kind, _, _ in gold):
            counts["none"][0] += 1
            counts["none"][1] += bool(spans)
    return tuple(hit / max(total, 1) for total, hit in (counts[x] for x in ("PS", "none", "LC", "OG")))  # type: ignore[return-value]


def _judge(fit: tuple[list, list, list, float]) -> SpanJudge:
    """The fitted regression as a judge (scalar features first, then the anchor vector)."""
    mean, scale, weights, bias = fit
    n = len(FEATURES)
    anchor_weights, shift = fold_standardisation(tuple(mean[n:]), tuple(scale[n:]), tuple(weights[n:]))
    return SpanJudge(tuple(mean[:n]), tuple(scale[:n]), tuple(weights[:n]), bias + shift, THRESHOLD, {}, anchor_weights)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--halves", nargs=2, type=Path, help="CRFs already trained on sentences 0-1249 and 1250-2499")
    parser.add_argument("--keep-halves", type=Path, help="save the two half CRFs in this folder")
    args = parser.parse_args(argv)
    path = klue_path()
    if path is None:
        return 2
    sentences = [(text, labelled_spans(labels)) for text, labels in read_klue(path)]
    halves = [[sentences[i] for i in half] for half in HALVES]
    morph = KoreanMorphology()
    with tempfile.TemporaryDirectory() as tmp:
        models = args.halves or [Path(tmp) / f"half{k}.crfsuite" for k in range(2)]
        if not args.halves:
            with ProcessPoolExecutor(2) as pool:
                list(pool.map(train_crf, [path, path], HALVES, models))
        if args.keep_halves:
            args.keep_halves.mkdir(parents=True, exist_ok=True)
            for model in models:
                shutil.copy(model, args.keep_halves / Path(model).name)
        # The CRF that learnt half 0 proposes spans on half 1, and the other way round.
        folds = [spans_of_fold(models[k], halves[1 - k], halves[k], morph) for k in range(2)]

    def matrix(rows: list) -> tuple[list[list[float]], list[int]]:
        return [[r[3][name] for name in FEATURES] + list(r[5]) for r in rows], [r[4] for r in rows]

    fits = [fit_logistic(*matrix(rows), l2=L2) for rows in folds]
    print("cut: CRF threshold alone | judge fitted on the other half  (person recall, person-free sentences")
    print("     with a span, LC -> PERSON, OG -> PERSON; mean of the two halves)")
    for cut in (0.3, 0.35, 0.4, 0.45, 0.5, 0.52, 0.55, 0.58, 0.6, 0.65, 0.7):
        alone, judged = [], []
        for k, rows in enumerate(folds):
            scored = halves[1 - k]
            alone.append(curve(scored, rows, [r[3]["mx"] for r in rows], cut))
            judge = _judge(fits[1 - k])
            judged.append(curve(scored, rows, [judge.probability(r[3], r[5]) for r in rows], cut))
        a = [sum(v) / 2 for v in zip(*alone, strict=True)]
        j = [sum(v) / 2 for v in zip(*judged, strict=True)]
        print(f"{cut:.2f}: " + " ".join(f"{v:.3f}" for v in a) + " | " + " ".join(f"{v:.3f}" for v in j))
    mean, scale, weights, bias = fit_logistic(*matrix(folds[0] + folds[1]), l2=L2)
    out = Path(__file__).with_name(MODEL_FILE)
    n = len(FEATURES)
    split = n + len(morph.anchor_forms())  # proper-noun anchors, then common-noun anchors
    data = {
        "features": list(FEATURES),
        "mean": mean[:n],
        "scale": scale[:n],
        "weights": weights[:n],
        "bias": bias,
        "threshold": THRESHOLD,
        "anchors": {
            "forms": list(morph.anchor_forms()),
            "mean": mean[n:split],
            "scale": scale[n:split],
            "weights": weights[n:split],
        },
        "noun_anchors": {
            "forms": list(morph.noun_anchor_forms()),
            "mean": mean[split:],
            "scale": scale[split:],
            "weights": weights[split:],
        },
        "prototypes": prototypes([sentences[i] for i in TRAIN], morph),
    }
    shipped = likeness([sentences[i] for i in TRAIN], morph)
    data["likeness"] = {"person": shipped.person, "other": shipped.other}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    scalar = {name: round(w, 2) for name, w in zip(FEATURES, weights[:n], strict=True)}
    print("weights:", scalar, "bias", round(bias, 2))
    print(f"{sum(len(f) for f in folds)} spans -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
