"""The dataset card: what an export holds and exactly how to get it again.

Rendered from one plain dict (also written as JSON) so the card is as reproducible as the
data: no export time in it, only the command, the settings and the pool snapshot.
"""

from __future__ import annotations

import json
from typing import Any

BREAKDOWNS = ("source", "stage", "lang", "template_id", "model", "dataset")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) if c != "" else "—" for c in row) + " |" for row in rows]
    return [*out, ""]


def _bar(n: int, top: int, width: int = 30) -> str:
    return "█" * (round(width * n / top) if top else 0)


def render_markdown(card: dict[str, Any]) -> str:
    splits = list(card["splits"])
    lines = [f"# Dataset card: {card['name']}", "",
             "Exported from an instructflow instance pool. Reproduce it byte for byte with the same pool"
             " snapshot and command.", "",
             "## Provenance", "",
             f"- command: `{card['command']}`",
             f"- pool: `{card['pool']['dsn']}` database `{card['pool']['database']}`",
             f"- pool snapshot: {card['pool']['rows']} rows, last ingest {card['pool']['last_ingested_at']},"
             f" fingerprint `{card['pool']['fingerprint']}`",
             f"- format: {card['format']} ({card['file_format']}); seed {card['seed']};"
             f" validation share {card['validation_share']}",
             f"- filters: `{json.dumps(card['filters'], sort_keys=True)}`",
             f"- mix: {card['mix']['mode']}, shares `{json.dumps(card['mix']['shares'], sort_keys=True)}`,"
             f" limit {card['mix']['limit']}", ""]
    lines += ["## Files", ""]
    lines += _table(["split", "file", "instances"],
                    [[s, card["files"][s], card["splits"][s]["instances"]] for s in splits])
    lines += ["## Stage mix", ""]
    lines += _table(["stage", "eligible", "requested share", "taken"],
                    [[s, card["mix"]["eligible"].get(s, 0), card["mix"]["shares"].get(s, "—"),
                      card["mix"]["taken"].get(s, 0)] for s in sorted(card["mix"]["eligible"])])
    for key in BREAKDOWNS:
        values = sorted({v for s in splits for v in card["splits"][s]["by"][key]})
        if not values:
            continue
        lines += [f"## By {key}", ""]
        lines += _table([key, *splits], [[v, *(card["splits"][s]["by"][key].get(v, 0) for s in splits)]
                                         for v in values])
    lines += ["## Quality score histogram (all splits)", ""]
    hist = card["quality_histogram"]
    top = max((h["instances"] for h in hist), default=0)
    lines += _table(["quality", "instances", ""],
                    [[f"{h['lower']:.1f}–{h['upper']:.1f}", h["instances"], _bar(h["instances"], top)] for h in hist])
    lines += ["## PII scrubbed from these instances (entity counts; values never stored)", ""]
    pii_rows = [[e["entity"], e["findings"], e["instances"]] for e in card["pii"]]
    lines += _table(["entity", "findings", "instances"], pii_rows) if pii_rows else ["none", ""]
    d = card["dedup"]
    lines += ["## De-duplication in the exported slice of the pool", "",
              f"- accepted (unique): {d['accepted']}",
              f"- rejected as exact duplicates: {d['exact']}",
              f"- rejected as near duplicates: {d['near']}",
              f"- duplicate rate: {d['duplicate_rate']:.4f}", ""]
    return "\n".join(lines)


def render_json(card: dict[str, Any]) -> str:
    return json.dumps(card, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
