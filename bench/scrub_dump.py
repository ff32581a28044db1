"""Every eval set's scrubbed text, one line per text: diff two trees' dumps to see every change a rule makes.

`instructflow eval pii` reports counts; a rule can trade one hit for another and leave them equal. This
writes ``set<TAB>index<TAB>scrubbed text`` for every text of every registered set (KLUE-NER dev whole,
both halves, in place of the ``klue`` and ``clean-news`` sets, which are parts of it), so that
``diff`` shows each text a change touched. Run it on two trees (an older one from ``git archive``, on
``PYTHONPATH``) and diff the files:

    export INSTRUCTFLOW_SHARED_DATA=/work/shared/data; cd /tmp
    PYTHONPATH=/tmp/base .venv/bin/python bench/scrub_dump.py base.tsv
    .venv/bin/python bench/scrub_dump.py new.tsv
    diff base.tsv new.tsv

Texts that span lines keep their newlines (diff shows them as extra lines).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from instructflow.agents.scrub.scrubber import Scrubber
from instructflow.evaluation import pii_sets  # noqa: F401  (registers the sets)
from instructflow.evaluation.klue import KLUE_FILE, klue_spans
from instructflow.evaluation.pii import SETS, shared_data_dir

# Modules that register further sets when imported.
_MORE_SETS = ("instructflow.evaluation.chat_persons", "instructflow.evaluation.pii_forms",
              "instructflow.evaluation.pii_probe")
_PARTS_OF_KLUE = ("klue", "clean-news")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", help="file to write")
    args = ap.parse_args()
    for module in _MORE_SETS:
        importlib.import_module(module)
    scrubber = Scrubber()
    with open(args.out, "w", encoding="utf-8") as out:
        for name, info in SETS.items():
            if name in _PARTS_OF_KLUE:
                continue
            for i, sample in enumerate(info.load()):
                out.write(f"{name}\t{i}\t{scrubber.scrub(sample.text).text}\n")
        for i, (text, _) in enumerate(klue_spans(shared_data_dir() / KLUE_FILE, range(5000))):
            out.write(f"klue\t{i}\t{scrubber.scrub(text).text}\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
