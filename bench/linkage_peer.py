"""Splink (DuckDB backend) and `lintas link` on the same data sets, in one run.

Prints, per data set, pairwise precision/recall/F1 at match probability >= 0.9 and wall time for
both tools, and the ratios. Splink uses the settings of its own documentation: the FEBRL4 example
(detailed model) for FEBRL, the quickstart settings for fake_1000, and the deduplicate-50k example
for historical_figures_with_errors_50k. Lintas uses the defaults it chooses from the column names.
"""

import json
import os
import subprocess
import sys
import time
from collections import Counter

DATA = os.environ.get("LINKAGE_DATA", "../shared/data")
LINTAS = os.environ.get("LINTAS", "target/release/lintas")
THRESHOLD = 0.9
ONLY = set(sys.argv[1:])

import duckdb  # noqa: E402  (installed with splink)
import pandas as pd  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402


def febrl_frame(name):
    df = pd.read_csv(f"{DATA}/febrl/{name}.csv", skipinitialspace=True, dtype=str, keep_default_na=False)
    df = df.rename(columns=lambda c: c.strip())
    df = df.replace({"": None})
    df["cluster"] = df["rec_id"].str.extract(r"rec-(\d+)")[0]
    return df


FEBRL_RULES = [
    block_on("given_name", "surname"),
    "l.given_name = r.surname and l.surname = r.given_name",
    block_on("date_of_birth"),
    block_on("soc_sec_id"),
    block_on("state", "address_1"),
    block_on("street_number", "address_1"),
    block_on("postcode"),
]


def febrl_comparisons():
    return [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
    ]


def run_splink(frames, uid, link_type, comparisons, rules, deterministic, recall, em_rules):
    start = time.perf_counter()
    settings = SettingsCreator(
        unique_id_column_name=uid,
        link_type=link_type,
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
    )
    db_api = DuckDBAPI()
    sdfs = [db_api.register(f) for f in frames]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for r in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(r, estimate_without_term_frequencies=True)
    pred = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    elapsed = time.perf_counter() - start
    return pred, elapsed


def pairwise(pred, frames, uid, link_type):
    truth = {}
    for i, f in enumerate(frames):
        for u, c in zip(f[uid], f["cluster"]):
            truth[(i if link_type == "link_only" else 0, str(u))] = c
    if link_type == "link_only":
        names = [f"__splink__input_table_{i}" for i in range(len(frames))]
        src = {n: i for i, n in enumerate(names)}
        key_l = [(src.get(s, 0), str(u)) for s, u in zip(pred["source_dataset_l"], pred[f"{uid}_l"])]
        key_r = [(src.get(s, 0), str(u)) for s, u in zip(pred["source_dataset_r"], pred[f"{uid}_r"])]
        per = [Counter(f["cluster"]) for f in frames]
        actual = sum(per[0][c] * per[1].get(c, 0) for c in per[0])
    else:
        key_l = [(0, str(u)) for u in pred[f"{uid}_l"]]
        key_r = [(0, str(u)) for u in pred[f"{uid}_r"]]
        counts = Counter(c for f in frames for c in f["cluster"])
        actual = sum(k * (k - 1) // 2 for k in counts.values())
    tp = sum(1 for a, b in zip(key_l, key_r) if truth.get(a) is not None and truth.get(a) == truth.get(b))
    n = len(key_l)
    p = tp / n if n else 0.0
    r = tp / actual if actual else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def run_lintas(inputs, uid, truth, regex=None):
    cmd = [LINTAS, "link", "--id", uid, "--truth", truth, "--threshold", str(THRESHOLD)]
    for i in inputs:
        cmd += ["--input", i]
    if regex:
        cmd += ["--truth-regex", regex]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"lintas failed: {out.stderr}")
    line = next(l for l in out.stderr.splitlines() if l.startswith('{"metrics"'))
    m = json.loads(line)["metrics"]["pairwise"]
    return (m["precision"], m["recall"], m["f1"]), elapsed


def main():
    rows = []
    cases = []
    for name in ["dataset1", "dataset2", "dataset3"]:
        cases.append((f"febrl{name[-1]}", "febrl"))
    cases.append(("febrl4", "febrl4"))
    cases.append(("fake_1000", "fake"))
    cases.append(("historical_50k", "hist"))
    for label, kind in cases:
        if ONLY and label not in ONLY:
            continue
        if kind == "febrl":
            f = febrl_frame("dataset" + label[-1])
            pred, st = run_splink([f], "rec_id", "dedupe_only", febrl_comparisons(), FEBRL_RULES,
                                  [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], 0.8,
                                  [block_on("date_of_birth"), block_on("postcode")])
            sm = pairwise(pred, [f], "rec_id", "dedupe_only")
            lm, lt = run_lintas([f"{DATA}/febrl/dataset{label[-1]}.csv"], "rec_id", "rec_id", r"rec-(\d+)")
        elif kind == "febrl4":
            fa, fb = febrl_frame("dataset4a"), febrl_frame("dataset4b")
            pred, st = run_splink([fa, fb], "rec_id", "link_only", febrl_comparisons(), FEBRL_RULES,
                                  [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], 0.8,
                                  [block_on("date_of_birth"), block_on("postcode")])
            sm = pairwise(pred, [fa, fb], "rec_id", "link_only")
            lm, lt = run_lintas([f"{DATA}/febrl/dataset4a.csv", f"{DATA}/febrl/dataset4b.csv"], "rec_id", "rec_id", r"rec-(\d+)")
        elif kind == "fake":
            f = pd.read_csv(f"{DATA}/splink_datasets/fake_1000.csv", dtype=str, keep_default_na=False).replace({"": None})
            comps = [
                cl.NameComparison("first_name"),
                cl.JaroAtThresholds("surname"),
                cl.DateOfBirthComparison("dob", input_is_string=True),
                cl.ExactMatch("city").configure(term_frequency_adjustments=True),
                cl.EmailComparison("email"),
            ]
            pred, st = run_splink([f], "unique_id", "dedupe_only", comps,
                                  [block_on("first_name", "dob"), block_on("surname")],
                                  [block_on("first_name", "surname", "dob"), block_on("email")], 0.7,
                                  [block_on("first_name", "surname"), block_on("dob")])
            sm = pairwise(pred, [f], "unique_id", "dedupe_only")
            lm, lt = run_lintas([f"{DATA}/splink_datasets/fake_1000.csv"], "unique_id", "cluster")
        else:
            path = f"{DATA}/splink_datasets/historical_figures_with_errors_50k.parquet"
            f = duckdb.read_parquet(path).df()
            comps = [
                cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.DateOfBirthComparison("dob", input_is_string=True),
                cl.PostcodeComparison("postcode_fake"),
                cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
                cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
            ]
            rules = [
                block_on("first_name", "surname"),
                block_on("surname", "dob"),
                block_on("first_name", "dob"),
                block_on("postcode_fake", "first_name"),
            ]
            pred, st = run_splink([f], "unique_id", "dedupe_only", comps, rules,
                                  [block_on("first_name", "surname", "dob"), block_on("surname", "dob", "postcode_fake")], 0.6,
                                  [block_on("first_name", "surname"), block_on("dob")])
            sm = pairwise(pred, [f], "unique_id", "dedupe_only")
            lm, lt = run_lintas([path], "unique_id", "cluster")
        rows.append((label, sm, st, lm, lt))
        print(f"{label}: splink P={sm[0]:.4f} R={sm[1]:.4f} F1={sm[2]:.4f} t={st:.2f}s | "
              f"lintas P={lm[0]:.4f} R={lm[1]:.4f} F1={lm[2]:.4f} t={lt:.2f}s | "
              f"F1 diff={lm[2] - sm[2]:+.4f} time ratio={lt / st:.3f}", flush=True)
    print("\n| data set | Splink F1 | Splink s | Lintas F1 | Lintas s | Lintas/Splink time |")
    print("|---|---|---|---|---|---|")
    for label, sm, st, lm, lt in rows:
        print(f"| {label} | {sm[2]:.4f} | {st:.2f} | {lm[2]:.4f} | {lt:.2f} | {lt / st:.3f} |")


if __name__ == "__main__":
    main()
