"""Export rows/s from a 1M-row chDB pool, against a naive baseline, with peak memory of each.

The pool is generated inside chDB (``INSERT ... SELECT FROM numbers(N)``: task, chat and
synthetic rows, 10% rejected; merged with OPTIMIZE FINAL so no background merge runs during the
measurement), then each method runs in its own child process so its peak RSS is its own
(sampled every 50 ms; reported in all and above the ~300 MB of the open chDB engine):

* ``ours``  -- ``Exporter.run`` (sinks/export/writer.py): OpenAI-format JSONL with a 5% validation
  split and the dataset card; rows shaped by the engine and streamed (JSONEachRow), one scan.
* ``naive`` -- what a straightforward exporter does: ``client.query_df`` of the eligible rows
  (the whole result in a pandas DataFrame), then per row build the messages dict, ``json.dumps``
  and write, splitting train/validation with a hash in Python; no card.

Run: ``.venv/bin/python bench/bench_export.py [--rows 1000000]``; writes bench/results/export.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "export.json"
DB = "instructflow"

GENERATE = """
INSERT INTO {db}.instances (instance_id, source, stage, lang, status, reject_reason, instruction, input, output,
  messages, scores, pii, template_id, model, dataset, created_at)
SELECT lower(hex(MD5(toString(number)))),
  ['task', 'chat', 'synthetic'][number % 3 + 1], toUInt8(number % 3 + 1),
  if(number % 5 = 0, 'ko', 'en'),
  if(number % 10 = 9, 'rejected', 'accepted'), if(number % 10 = 9, 'duplicate_near', ''),
  if(number % 3 = 1, '', concat('Write a short answer to question number ', toString(number), ' about topic ',
     toString(number % 97))),
  if(number % 3 = 0, concat('Context passage ', toString(number * 7), ' with some additional words.'), ''),
  if(number % 3 = 1, '', concat('The answer is ', toString(number % 1000), '. It follows from the context.')),
  if(number % 3 = 1, [('user', concat('How do I fix error ', toString(number), ' in my app?')),
                      ('assistant', concat('Restart service ', toString(number % 50), ' and check the logs.'))], []),
  map('quality', (number % 100) / 100.0), if(number % 7 = 0, map('PERSON', toUInt32(1)), map()),
  if(number % 3 = 0, concat('tmpl_', toString(number % 5)), ''), if(number % 3 = 2, 'testdouble', ''),
  if(number % 3 = 0, 'squad', ''), toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(number)
FROM numbers({n})
"""

ELIGIBLE = ("status = 'accepted' AND (output != '' OR (length(messages) > 0 AND "
            "messages[length(messages)].role = 'assistant'))")


def generate(dsn: str, n: int) -> float:
    from instructflow.sinks.pool import Pool

    pool = Pool(dsn, DB)
    pool.migrate()
    t = time.perf_counter()
    pool.client.command(GENERATE.format(db=DB, n=n))
    # A settled pool: otherwise chDB's background merge of the fresh parts runs inside the
    # measured child process and its memory and CPU are counted against the export.
    pool.client.command(f"OPTIMIZE TABLE {DB}.instances FINAL")
    pool.close()
    return time.perf_counter() - t


def run_ours(dsn: str, out: Path) -> dict:
    from instructflow.sinks.export.writer import Exporter, ExportOptions
    from instructflow.sinks.pool import Pool

    pool = Pool(dsn, DB)
    t = time.perf_counter()
    card = Exporter(pool.client, DB, dsn).run(ExportOptions(out_dir=out, command="bench"))
    seconds = time.perf_counter() - t
    return {"rows": sum(card["splits"][s]["instances"] for s in card["splits"]), "seconds": seconds}


def run_naive(dsn: str, out: Path) -> dict:
    from instructflow.sinks.pool import Pool

    pool = Pool(dsn, DB)
    t = time.perf_counter()
    df = pool.client.query_df(f"SELECT instance_id, instruction, input, output, messages FROM {DB}.instances FINAL "
                              f"WHERE {ELIGIBLE} ORDER BY instance_id")
    out.mkdir(parents=True, exist_ok=True)
    rows = 0
    with (out / "train.jsonl").open("w", encoding="utf-8") as train, \
            (out / "validation.jsonl").open("w", encoding="utf-8") as val:
        for iid, instruction, inp, output, messages in df.itertuples(index=False):
            if len(messages):
                msgs = [{"role": m["role"] if isinstance(m, dict) else m[0],
                         "content": m["content"] if isinstance(m, dict) else m[1]} for m in messages]
            else:
                user = instruction + ("\n\n" + inp if inp else "")
                msgs = [{"role": "user", "content": user}, {"role": "assistant", "content": output}]
            line = json.dumps({"messages": msgs}, ensure_ascii=False) + "\n"
            is_val = int.from_bytes(hashlib.blake2b(iid.encode(), digest_size=8).digest(), "big") % 100 < 5
            (val if is_val else train).write(line)
            rows += 1
    return {"rows": rows, "seconds": time.perf_counter() - t}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(method: str, dsn: str, out: str) -> None:
    from instructflow.sinks.pool import Pool

    # Open the engine first: its own ~350 MB is the same for both methods and reported apart.
    Pool(dsn, DB).query("SELECT count() FROM instructflow.instances")
    engine_mb = _rss_mb()
    peak = [engine_mb]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result = (run_ours if method == "ours" else run_naive)(dsn, Path(out))
    done.set()
    sampler.join()
    result["engine_rss_mb"] = engine_mb
    result["peak_rss_mb"] = max(peak[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["peak_above_engine_mb"] = result["peak_rss_mb"] - engine_mb
    print(json.dumps(result))


def measure(method: str, dsn: str, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", method, dsn, str(out)],
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["rows_per_s"] = result["rows"] / result["seconds"]
    result["bytes_written"] = sum(f.stat().st_size for f in out.glob("*.jsonl"))
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--child", nargs=3, metavar=("METHOD", "DSN", "OUT"))
    ap.add_argument("--generate", nargs=2, metavar=("DSN", "ROWS"))
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.generate:
        print(generate(args.generate[0], int(args.generate[1])))
        return
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        dsn = f"chdb://{Path(tmp) / 'pool'}"
        # In a child too: this process never opens the engine, so nothing of it lingers here.
        gen = subprocess.run([sys.executable, __file__, "--generate", dsn, str(args.rows)],
                             capture_output=True, text=True, check=True)
        gen_s = float(gen.stdout.strip().splitlines()[-1])
        print(f"generated {args.rows} pool rows in {gen_s:.1f} s")
        ours = measure("ours", dsn, Path(tmp) / "ours")
        naive = measure("naive", dsn, Path(tmp) / "naive")
    result = {
        "benchmark": "export", "pool_rows": args.rows, "exported_rows": ours["rows"],
        "ours": ours, "naive_query_df_json_dumps": naive,
        "speedup": ours["rows_per_s"] / naive["rows_per_s"],
        "memory_ratio": ours["peak_rss_mb"] / naive["peak_rss_mb"],
        "memory_above_engine_ratio": ours["peak_above_engine_mb"] / max(1.0, naive["peak_above_engine_mb"]),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for name, r in (("ours", ours), ("naive", naive)):
        print(f"{name:6s} {r['rows']:>9,} rows in {r['seconds']:6.1f} s = {r['rows_per_s']:>9,.0f} rows/s,"
              f" peak RSS {r['peak_rss_mb']:,.0f} MB ({r['peak_above_engine_mb']:,.0f} MB above the open engine)")
    print(f"speedup x{result['speedup']:.2f}; memory ours/naive {result['memory_ratio']:.2f}")


if __name__ == "__main__":
    main()
