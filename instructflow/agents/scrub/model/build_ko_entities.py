"""Build ko_entities.tsv.gz, the entity forms of KLUE-NER's *train* split the Korean span judge
reads (names_ko_spans.KoreanEntities):

    git clone https://github.com/korean-named-entity/konec   # or any copy of the one file
    .venv/bin/python -m instructflow.agents.scrub.model.build_ko_entities konec/docs/stat/ne_form_label_freq.tsv

Source: konec (https://github.com/korean-named-entity/konec, commit
b6c98a457f9b13379a815bb153ae94dee2872cd4, licence CC BY-SA 4.0), docs/stat/ne_form_label_freq.tsv:
every entity form of KLUE-NER v1.1 with its fine label (TTA's ~150 tags: PS_NAME, PS_CHARACTER,
LCP_COUNTRY, OGG_ECONOMY, AFA_VIDEO, CV_OCCUPATION, ...) and how often it occurs in KLUE's train
split (``train_freq``) and in its dev split (``dev_freq``). Only ``train_freq`` is read: KLUE's dev
split is where the name model is trained (sentences 0-2499) *and* evaluated (2500-4999), and a
form counted in dev would carry the evaluation's answers; the 21,008 train sentences are disjoint
from both. The output, a count table derived from konec, is under CC BY-SA 4.0 as its source.

Format: gzip text, sorted, one line per form seen in train: the form (as konec writes it, spaces
kept), a tab, how often it was a person (PS_NAME, PS_CHARACTER), a tab, how often it was anything
else (a place, an organisation, a work, an occupation, a date...). Deterministic: same file, same
bytes.
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).with_name("ko_entities.tsv.gz")
PERSON_LABELS = frozenset({"PS_NAME", "PS_CHARACTER"})


def counts(lines: list[str]) -> dict[str, list[int]]:
    """form -> [times a person, times anything else] in KLUE's train split."""
    header = lines[0].split("\t")
    form_at, label_at, train_at = header.index("form"), header.index("label"), header.index("train_freq")
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t")
        train = int(cells[train_at])
        if train and cells[form_at].strip():
            found[cells[form_at]][cells[label_at] not in PERSON_LABELS] += train
    return dict(found)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = counts(Path(args[0]).read_text(encoding="utf-8").split("\n"))
    lines = "".join(f"{form}\t{person}\t{other}\n" for form, (person, other) in sorted(found.items()))
    OUT.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(found)} forms -> {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
