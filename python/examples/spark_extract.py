#!/usr/bin/env python3
"""Indicator records from a corpus of documents, with Spark.

    python python/examples/spark_extract.py --input PATH --output DIR [--lang en]

Reads documents as JSONL (one ``{"id": ..., "text": ...}`` object a line;
other fields are kept as ``meta``) or Parquet (``id`` and ``text`` columns,
others kept), extracts each partition's records with ``mapInArrow`` (one
``Extractor`` per Python worker process, reused across batches and tasks),
and writes them as Parquet: the batch tool's record fields, one row per
record.

Started with ``python`` it runs on ``local[*]`` (or ``--master``), and makes
Spark's Python workers run this same interpreter, so nothing needs setting.
Under ``spark-submit`` it takes master and interpreter from the cluster's
configuration; the package must then be installed where the workers run.

A document that cannot be read (invalid JSON, no string ``text``) is
skipped with a message; the job ends with a summary line, and its exit
status is 1 if anything was skipped, as the batch tool's.
"""

import argparse
import functools
import os
import pathlib
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="a JSONL or Parquet file, or a folder of them")
    p.add_argument("--output", required=True, help="the folder of Parquet records to write")
    p.add_argument("--lang", choices=["en", "fr"], help="the rule set's language (default: en)")
    p.add_argument(
        "--format",
        choices=["auto", "jsonl", "parquet"],
        default="auto",
        help="the input's format (default: from the path: .parquet files are Parquet)",
    )
    p.add_argument("--master", help="Spark master (default: local[*], or spark-submit's)")
    p.add_argument(
        "--mode",
        choices=["error", "overwrite"],
        default="error",
        help="when the output folder exists: fail (default) or replace it",
    )
    return p.parse_args(argv)


def input_format(path, given):
    """The input's format: as given, or Parquet if the path is a .parquet
    file or a folder holding one."""
    if given != "auto":
        return given
    p = pathlib.Path(path)
    if p.suffix == ".parquet":
        return "parquet"
    if p.is_dir() and any(p.rglob("*.parquet")):
        return "parquet"
    return "jsonl"


def under_spark_submit():
    """Whether spark-submit started this process (it hands the driver a
    running JVM through this variable)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session(master):
    from pyspark.sql import SparkSession

    if not under_spark_submit():
        # The workers must import the package this interpreter has: run
        # them with it, unless the user chose otherwise.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        master = master or "local[*]"
    local = master is not None and master.startswith("local")
    if local:
        # One machine: Spark's driver and workers talk over loopback only.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName("narrative-metrics")
    if master:
        builder = builder.master(master)
    if local:
        builder = (
            builder.config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def report(message):
    """A skipped document's message, on the worker's stderr (the console
    in local mode, the executor's log on a cluster)."""
    print(f"spark_extract: {message}", file=sys.stderr)


def run(args):
    import narrative_metrics as nm
    from narrative_metrics import arrow
    from pyspark.sql import functions as F

    try:
        record_schema = arrow.schema(args.lang)
    except ValueError as err:
        print(f"spark_extract: {err}", file=sys.stderr)
        return 2
    fmt = input_format(args.input, args.format)
    spark = session(args.master)
    sc = spark.sparkContext
    counters = (sc.accumulator(0), sc.accumulator(0), sc.accumulator(0))
    if fmt == "parquet":
        docs = spark.read.parquet(args.input)
        source = "table"
    else:
        docs = spark.read.text(args.input).select(
            F.col("value"), F.input_file_name().alias("source")
        )
        source = "jsonl"
    work = functools.partial(
        arrow.extract_batches, lang=args.lang, source=source, counters=counters, report=report
    )
    start = time.perf_counter()
    records = docs.mapInArrow(work, arrow.spark_ddl(record_schema))
    records.write.mode(args.mode).parquet(args.output)
    elapsed = time.perf_counter() - start
    read, written, skipped = (c.value for c in counters)
    print(
        f"spark_extract: {read} documents read, {written} records written, "
        f"{skipped} documents skipped in {elapsed:.2f} s (narrative_metrics {nm.__version__}, "
        f"{sc.master})",
        file=sys.stderr,
    )
    spark.stop()
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
