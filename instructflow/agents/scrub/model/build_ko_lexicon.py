"""Build ko_lexicon.txt.gz, the word classes of mecab-ko-dic the Korean span judge reads:

    pip install pecab==1.0.8   # the `lexicon` extra; pure Python, ships mecab-ko-dic as Arrow tables
    .venv/bin/python -m instructflow.agents.scrub.model.build_ko_lexicon

mecab-ko-dic (Apache-2.0; the dictionary of the mecab-ko analyser, ~770k entries) tags each
proper noun with a semantic class through its left context id: person names (인명, ~296k:
"조수미", "오바마", "마이클"), places (지명, ~50k, and landforms), and everything else (~42k:
foods, products, services, works: "라자냐", "부리토", "제습기", "블루투스", "아웃룩"), beside
~340k common nouns. kiwi, which the scrubber uses, tags most loanwords NNP without a class, so the
name model could not tell a dish from a person; this file gives the judge the class. pecab
(MIT) is only needed to rebuild it: it ships the dictionary, and its own requirements (emoji 1.2.0,
pytest) are kept out of the project's lock. Deterministic: same pecab, same bytes.

Format: gzip text, one Hangul surface per line followed by a tab and its classes, a subset of
"p" (person), "l" (place), "o" (other proper noun or common noun); sorted.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).with_name("ko_lexicon.txt.gz")
# mecab-ko-dic's left context ids (left-id.def) of the classes read here.
CLASSES = {("NNP", "1788"): "p", ("NNP", "1789"): "l", ("NNP", "1784"): "l", ("NNP", "1786"): "o"}
_HANGUL = re.compile(r"[가-힣]+")


def main() -> int:
    import pyarrow as pa

    # Located, not imported: pecab's __init__ needs emoji, which only its tokenizer uses.
    spec = importlib.util.find_spec("pecab")
    if spec is None or spec.origin is None:
        print("pecab is not installed: pip install pecab==1.0.8", file=sys.stderr)
        return 2
    words = Path(spec.origin).parent / "_resources" / "words.arrow"
    table = pa.ipc.RecordBatchFileReader(pa.memory_map(str(words), "r")).read_all()
    found: dict[str, set[str]] = defaultdict(set)
    for surface, tags, lefts in zip(*(table.column(c).to_pylist() for c in ("surface", "POS", "left_id")), strict=True):
        if not _HANGUL.fullmatch(surface):
            continue
        for tag, left in zip(tags.split("|"), lefts.split("|"), strict=True):
            kind = CLASSES.get((tag, left)) or ("o" if tag == "NNG" else None)
            if kind:
                found[surface].add(kind)
    lines = "".join(f"{w}\t{''.join(sorted(k))}\n" for w, k in sorted(found.items()))
    OUT.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(found)} words -> {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
