"""``instructflow export``: a training set from the pool, streamed, reproducible, with a card.

How it stays fast, bounded and reproducible:

* Rows are read with FINAL and ``ORDER BY instance_id`` (the table's sort key, so the engine
  reads in order instead of sorting wide rows) and shaped into the trainer format by the engine
  (sinks/export/formats.py); Python only moves bytes, one streamed block at a time.
* Which instances of a stage are taken is decided by a seeded hash ``sipHash64(seed:id)``: the
  first ``quota`` by that key. Only the narrow (key, id) pair is sorted to find the cut-off.
* Train/validation is a stable hash of the instance id alone, so changing the seed, the mix or
  the filters never moves an instance from validation into train.
* The order inside each file: ids are content hashes, so id order is already unrelated to
  source, stage or time; a seeded shuffle within windows of ``shuffle_window`` lines then
  makes the seed change the order too.
* Nothing depends on the clock: the card holds the command and a fingerprint of the pool, so
  the same pool and arguments give byte-identical files.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from clickhouse_connect.driver.client import Client

from instructflow.sinks.export.card import BREAKDOWNS, render_json, render_markdown
from instructflow.sinks.export.filters import ExportFilter
from instructflow.sinks.export.formats import CONVERSATION, get_format
from instructflow.sinks.export.mix import Mix, plan

SPLITS = ("train", "validation")
GROUP_END = -1
FILE_FORMATS = ("jsonl", "parquet")
ENGINE_SETTINGS = "SETTINGS prefer_column_name_to_alias = 1, output_format_json_escape_forward_slashes = 0"
KEY = "sipHash64(concat({seed:String}, ':', instance_id))"
IS_VALIDATION = "(sipHash64(concat('split:', instance_id)) % 1000000) < {val_ppm:UInt32}"

PARQUET_SCHEMAS: dict[str, pa.Schema] = {
    "openai": pa.schema([("messages", pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())])))]),
    "sharegpt": pa.schema([("conversations", pa.list_(pa.struct([("from", pa.string()), ("value", pa.string())])))]),
    "alpaca": pa.schema([("instruction", pa.string()), ("input", pa.string()), ("output", pa.string()),
                         ("history", pa.list_(pa.list_(pa.string())))]),
}

Progress = Callable[[int, int], None]  # (rows written so far, rows in all)


@dataclass(frozen=True)
class ExportOptions:
    out_dir: Path
    fmt: str = "openai"
    file_format: str = "jsonl"
    validation_share: float = 0.05
    seed: int = 0
    shuffle_window: int = 10_000
    filters: ExportFilter = field(default_factory=ExportFilter)
    mix: Mix = field(default_factory=Mix)
    name: str = "instructflow-export"
    command: str = ""

    def validate(self) -> None:
        get_format(self.fmt)
        if self.file_format not in FILE_FORMATS:
            raise ValueError(f"unknown file format {self.file_format!r}; one of {', '.join(FILE_FORMATS)}")
        if not 0 <= self.validation_share < 1:
            raise ValueError("validation share must be in [0, 1)")
        if self.shuffle_window < 1:
            raise ValueError("shuffle window must be >= 1")


def _redact(dsn: str) -> str:
    return re.sub(r"//[^@/]*@", "//***@", dsn)


class Exporter:
    def __init__(self, client: Client, database: str, dsn: str) -> None:
        self.client = client
        self.database = database
        self.dsn = dsn
        self.table = f"{database}.instances FINAL"

    def _rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.client.query(sql, parameters=params).result_rows]

    def snapshot(self) -> dict[str, Any]:
        """What the pool held: rows, last ingest and an order-independent fingerprint of content
        and decisions (equal for equal pools, whatever the insertion order)."""
        [(rows, last, fp)] = self._rows(
            f"SELECT count(), max(ingested_at), groupBitXor(sipHash64(instance_id, status, reject_reason, "
            f"instruction, input, output, toString(messages))) FROM {self.table}", {})
        return {"dsn": _redact(self.dsn), "database": self.database, "rows": int(rows),
                "last_ingested_at": last.strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z" if rows else None,
                "fingerprint": f"{int(fp):016x}"}

    # -- selection --------------------------------------------------------------------------
    def _selection(self, opts: ExportOptions) -> tuple[str, dict[str, Any], dict[int, int], dict[int, int]]:
        where, params = opts.filters.where()
        params = {**params, "seed": str(opts.seed), "val_ppm": round(opts.validation_share * 1_000_000)}
        available = {int(s): int(n) for s, n in self._rows(
            f"SELECT stage, count() FROM {self.table} WHERE {where} GROUP BY stage", params)}
        quotas = plan(opts.mix, available)
        parts = []
        for stage, quota in sorted(quotas.items()):
            if quota <= 0:
                continue
            if quota >= available.get(stage, 0):
                parts.append(f"stage = {stage}")
                continue
            [(k, iid)] = self._rows(
                f"SELECT {KEY} AS k, instance_id FROM {self.table} WHERE {where} AND stage = {stage} "
                f"ORDER BY k, instance_id LIMIT 1 OFFSET {quota - 1}", params)
            params[f"cut_k{stage}"], params[f"cut_id{stage}"] = int(k), str(iid)
            parts.append(f"(stage = {stage} AND ({KEY}, instance_id) <= "
                         f"({{cut_k{stage}:UInt64}}, {{cut_id{stage}:String}}))")
        selected = f"({where}) AND ({' OR '.join(parts) or '0'})"
        return selected, params, available, quotas

    # -- statistics for the card ----------------------------------------------------------
    def _stats(self, opts: ExportOptions, selected: str, params: dict[str, Any]) -> dict[str, Any]:
        split = f"if({IS_VALIDATION}, 'validation', 'train')"
        # +1e-4: Float32 scores (0.7 is 0.69999999) stay in their bin; see migration 0004.
        qbin = ("if(mapContains(scores, 'quality'), "
                "toString(least(toUInt8(floor(scores['quality'] * 10 + 1e-4)), 9)), '')")
        keys = [*BREAKDOWNS, "qbin"]
        exprs = ", ".join(f"toString({k}) AS g_{k}" for k in BREAKDOWNS)
        sets = ", ".join(f"(sp, g_{k})" for k in keys)
        splits: dict[str, Any] = {s: {"instances": 0, "by": {k: {} for k in BREAKDOWNS}} for s in SPLITS}
        hist = [0] * 10
        # One scan for every breakdown: GROUPING SETS, told apart by grouping().
        rows = self._rows(
            f"SELECT {split} AS sp, {exprs}, {qbin} AS g_qbin, "
            f"grouping({', '.join(f'g_{k}' for k in keys)}) AS gid, count() FROM {self.table} "
            f"WHERE {selected} GROUP BY GROUPING SETS ({sets}) ORDER BY gid, sp", params)
        for sp, *values, gid, n in rows:
            # grouping() (SQL standard) has a 0 bit for each key *in* the set; the first key is the high bit.
            idx = [i for i in range(len(keys)) if not gid >> (len(keys) - 1 - i) & 1]
            assert len(idx) == 1, (gid, idx)
            key = keys[idx[0]]
            if key == "qbin":
                if values[-1] != "":
                    hist[int(values[-1])] += int(n)
            else:
                splits[sp]["by"][key][values[idx[0]]] = int(n)
        for sp in SPLITS:
            splits[sp]["by"] = {k: dict(sorted(v.items())) for k, v in splits[sp]["by"].items()}
            splits[sp]["instances"] = sum(splits[sp]["by"]["stage"].values())
        pii = [{"entity": str(e), "findings": int(f), "instances": int(n)} for e, f, n in self._rows(
            f"SELECT entity, sum(found), count() FROM {self.table} ARRAY JOIN mapKeys(pii) AS entity, "
            f"mapValues(pii) AS found WHERE {selected} AND found > 0 GROUP BY entity ORDER BY entity", params)]
        scope, scope_params = opts.filters.scope()
        [(acc, exact, near)] = self._rows(
            f"SELECT countIf(status = 'accepted'), countIf(reject_reason = 'duplicate_exact'), "
            f"countIf(reject_reason = 'duplicate_near') FROM {self.table} WHERE {scope}", scope_params)
        decided = acc + exact + near
        return {
            "splits": splits,
            "quality_histogram": [{"lower": b / 10, "upper": (b + 1) / 10, "instances": hist[b]} for b in range(10)],
            "pii": pii,
            "dedup": {"accepted": int(acc), "exact": int(exact), "near": int(near),
                      "duplicate_rate": round((exact + near) / decided, 6) if decided else 0.0},
        }

    # -- streaming ------------------------------------------------------------------------
    # Each row leads with its split flag, so one scan feeds both files.
    def _query(self, opts: ExportOptions, selected: str, stage: int | None) -> str:
        fmt = get_format(opts.fmt)
        cond = f"({selected})" + (f" AND stage = {stage}" if stage is not None else "")
        return (f"WITH {CONVERSATION} AS conv SELECT toUInt8({IS_VALIDATION}) AS _v, {fmt.select} "
                f"FROM {self.table} WHERE {cond} ORDER BY instance_id {ENGINE_SETTINGS}")

    def _groups(self, opts: ExportOptions) -> list[int | None]:
        return list(opts.mix.stage_order()) if opts.mix.curriculum else [None]

    def _jsonl_lines(self, sql: str, params: dict[str, Any]) -> Iterator[bytes]:
        stream = self.client.raw_stream(sql, parameters=params, fmt="JSONEachRow")
        if not isinstance(stream, io.IOBase):  # every driver we use returns a byte stream
            raise TypeError(f"raw_stream returned {type(stream).__name__}, not a byte stream")
        try:
            tail = b""
            while chunk := stream.read(1 << 20):
                lines = (tail + chunk).split(b"\n")
                tail = lines.pop()
                yield from lines
            if tail:
                yield tail
        finally:
            stream.close()

    def _rows_of(self, opts: ExportOptions, selected: str, params: dict[str, Any]) -> Iterator[tuple[int, Any]]:
        """(split index, row) in stream order; a JSONL row is its line without the split flag.
        After each stage group: (GROUP_END, None)."""
        for stage in self._groups(opts):
            sql = self._query(opts, selected, stage)
            if opts.file_format == "jsonl":
                for line in self._jsonl_lines(sql, params):
                    # b'{"_v":0,' or b'{"_v":1,' then the record's own keys.
                    if line[:6] != b'{"_v":' or line[7:8] != b",":
                        raise RuntimeError(f"unexpected export line: {line[:40]!r}")
                    yield line[6] - 48, b"{" + line[8:]
            else:
                with self.client.query_row_block_stream(sql, parameters=params) as blocks:
                    for block in blocks:
                        for row in block:
                            yield row[0], row[1:]
            yield GROUP_END, None  # a curriculum stage ends: no shuffle window may span two stages

    def _write(self, opts: ExportOptions, files: dict[str, str], selected: str, params: dict[str, Any],
               tick: Callable[[int], None]) -> dict[str, int]:
        sinks = [_JsonlSink(opts.out_dir / files[s]) if opts.file_format == "jsonl"
                 else _ParquetSink(opts.out_dir / files[s], PARQUET_SCHEMAS[opts.fmt]) for s in SPLITS]
        windows: list[list[Any]] = [[] for _ in SPLITS]
        window_no = [0 for _ in SPLITS]
        written = 0

        def flush(i: int) -> None:
            nonlocal written
            random.Random(f"{opts.seed}:{SPLITS[i]}:{window_no[i]}").shuffle(windows[i])
            sinks[i].write(windows[i])
            written += len(windows[i])
            window_no[i] += 1
            windows[i] = []
            tick(written)

        try:
            for i, row in self._rows_of(opts, selected, params):
                if i == GROUP_END:
                    for j in range(len(SPLITS)):
                        if windows[j]:
                            flush(j)
                    continue
                windows[i].append(row)
                if len(windows[i]) >= opts.shuffle_window:
                    flush(i)
        finally:
            for sink in sinks:
                sink.close()
        return {s: sinks[i].rows for i, s in enumerate(SPLITS)}

    # -- the whole export ---------------------------------------------------------------------
    def run(self, opts: ExportOptions, progress: Progress | None = None) -> dict[str, Any]:
        opts.validate()
        snapshot = self.snapshot()
        selected, params, available, quotas = self._selection(opts)
        stats = self._stats(opts, selected, params)
        total = sum(stats["splits"][s]["instances"] for s in SPLITS)
        opts.out_dir.mkdir(parents=True, exist_ok=True)
        files = {s: f"{s}.{opts.file_format}" for s in SPLITS}
        def tick(written: int) -> None:
            if progress is not None:
                progress(written, total)

        counts = self._write(opts, files, selected, params, tick)
        for split in SPLITS:
            if counts[split] != stats["splits"][split]["instances"]:
                raise RuntimeError(f"{split}: wrote {counts[split]} rows, expected "
                                   f"{stats['splits'][split]['instances']} (did the pool change during the export?)")
        card = {
            "name": opts.name, "command": opts.command, "pool": snapshot, "format": opts.fmt,
            "file_format": opts.file_format, "seed": opts.seed, "validation_share": opts.validation_share,
            "shuffle_window": opts.shuffle_window, "filters": opts.filters.describe(),
            "mix": {"mode": "curriculum" if opts.mix.curriculum else "interleaved",
                    "order": [str(s) for s in (opts.mix.stage_order() if opts.mix.curriculum else ())],
                    "shares": {str(s): round(p, 6) for s, p in opts.mix.shares.items()}, "limit": opts.mix.limit,
                    "eligible": {str(s): n for s, n in sorted(available.items())},
                    "taken": {str(s): n for s, n in sorted(quotas.items()) if n}},
            "files": files, **stats,
        }
        (opts.out_dir / "dataset_card.json").write_text(render_json(card), encoding="utf-8")
        (opts.out_dir / "README.md").write_text(render_markdown(card), encoding="utf-8")
        return card


class _JsonlSink:
    def __init__(self, path: Path) -> None:
        self.out = path.open("wb")
        self.rows = 0

    def write(self, lines: list[bytes]) -> None:
        self.out.write(b"\n".join(lines) + b"\n")
        self.rows += len(lines)

    def close(self) -> None:
        self.out.close()


class _ParquetSink:
    """One row group per shuffle window, so row groups are as deterministic as the rows."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.rows = 0

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        columns = []
        for i, f in enumerate(self.schema):
            values = [row[i] for row in rows]
            if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type):
                keys = [c.name for c in f.type.value_type]
                # clickhouse-connect gives named tuples as dicts; plain tuples are zipped with the names.
                values = [[t if isinstance(t, dict) else dict(zip(keys, t, strict=True)) for t in v] for v in values]
            columns.append(pa.array(values, type=f.type))
        self.writer.write_table(pa.Table.from_arrays(columns, schema=self.schema), row_group_size=len(rows))
        self.rows += len(rows)

    def close(self) -> None:
        self.writer.close()
