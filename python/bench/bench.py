#!/usr/bin/env python3
"""Times the Python package against the batch tool on the same corpus.

    python python/bench/bench.py [--mb 40] [--threads 1 2] [--rounds 3] [--spark]

The corpus is the bundled sample's 34 documents repeated, one JSONL line
each, up to ``--mb`` megabytes (the README's batch-tool corpus, smaller).
For each thread count, in interleaved rounds, it times

- the batch tool: ``extract --threads N -o /dev/null corpus.jsonl``;
- ``Extractor().extract_many(texts, ids=ids, threads=N)``, the texts already
  in memory (reading JSON is the batch tool's work, not extract_many's),
  records built as dicts;

and, with ``--spark``, the Spark job on ``local[2]`` (the whole command,
JVM start included, and the job alone as it reports it) beside the batch
tool's ``--threads 2``. It checks that every run gives the same number of
records, and prints, for each side, the best and the median time of the
rounds, MB/s and the ratio to the batch tool of both (on a machine shared
with other work the best round is the one least disturbed by it).
"""

import argparse
import json
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python" / "tests"))
from conftest import sample_docs  # noqa: E402

import narrative_metrics as nm  # noqa: E402


def make_corpus(path, megabytes):
    docs = sample_docs()
    size = 0
    k = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < megabytes * 1_000_000:
            for d in docs:
                line = json.dumps(dict(d, id=f"{d['id']}#{k}"), ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
            k += 1
    return size


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def batch(binary, corpus, threads):
    cpu = child_cpu()
    start = time.perf_counter()
    out = subprocess.run(
        [str(binary), "--threads", str(threads), "-o", "/dev/null", str(corpus)],
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    records = int(re.search(r"(\d+) records? written", out.stderr).group(1))
    return elapsed, child_cpu() - cpu, records


def many(ex, texts, ids, threads):
    cpu = time.process_time()
    start = time.perf_counter()
    records = ex.extract_many(texts, ids=ids, threads=threads)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    n = len(records)
    del records
    return elapsed, cpu, n


def spark(corpus, out):
    job = REPO / "python" / "examples" / "spark_extract.py"
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(job), "--input", str(corpus), "--output", str(out),
         "--master", "local[2]", "--mode", "overwrite"],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"spark job failed:\n{run.stderr[-3000:]}")
    m = re.search(r"(\d+) records written, \d+ documents skipped in ([0-9.]+) s", run.stderr)
    return elapsed, float(m.group(2)), int(m.group(1))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=40)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--spark", action="store_true")
    p.add_argument("--extract-bin", default=str(REPO / "target" / "release" / "examples" / "extract"))
    args = p.parse_args()
    binary = pathlib.Path(args.extract_bin)
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--example", "extract"], cwd=REPO, check=True)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = pathlib.Path(tmp) / "corpus.jsonl"
        size = make_corpus(corpus, args.mb)
        texts, ids = [], []
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                texts.append(d["text"])
                ids.append(d["id"])
        mb = size / 1e6
        print(f"corpus: {len(texts)} documents, {mb:.1f} MB; load average {os.getloadavg()[0]:.1f}")
        ex = nm.Extractor()
        times = {}
        counts = set()
        for _ in range(args.rounds):
            for t in args.threads:
                e, c, n = batch(binary, corpus, t)
                times.setdefault(("batch", t), []).append(e)
                times.setdefault(("batch cpu", t), []).append(c)
                counts.add(n)
                e, c, n = many(ex, texts, ids, t)
                times.setdefault(("extract_many", t), []).append(e)
                times.setdefault(("extract_many cpu", t), []).append(c)
                counts.add(n)
        if len(counts) != 1:
            sys.exit(f"record counts differ: {counts}")
        print(f"records: {counts.pop()}; best and median of {args.rounds} interleaved rounds")
        print("| threads | batch tool, best (median) | extract_many, best (median) "
              "| throughput ratio, best (median) | CPU s, batch / extract_many (least) |")
        print("|---|---|---|---|---|")
        for t in args.threads:
            b, bm = min(times[("batch", t)]), statistics.median(times[("batch", t)])
            m, mm = min(times[("extract_many", t)]), statistics.median(times[("extract_many", t)])
            bc = min(times[("batch cpu", t)])
            mc = min(times[("extract_many cpu", t)])
            print(
                f"| {t} | {b:.2f} s ({mb / b:.0f} MB/s) ({bm:.2f} s) "
                f"| {m:.2f} s ({mb / m:.0f} MB/s) ({mm:.2f} s) "
                f"| {b / m:.2f} ({bm / mm:.2f}) | {bc:.2f} / {mc:.2f} |"
            )
        if args.spark:
            rows = []
            for _ in range(args.rounds):
                b, _c, _n = batch(binary, corpus, 2)
                total, job, n = spark(corpus, pathlib.Path(tmp) / "records")
                rows.append((b, total, job))
            b = statistics.median(r[0] for r in rows)
            total = statistics.median(r[1] for r in rows)
            job = statistics.median(r[2] for r in rows)
            print(f"spark local[2], {n} records: job {job:.2f} s ({mb / job:.1f} MB/s), "
                  f"whole command {total:.2f} s ({mb / total:.1f} MB/s); "
                  f"batch tool --threads 2: {b:.2f} s ({mb / b:.0f} MB/s)")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
