#!/usr/bin/env bash
# Peer comparison (issue 5 item 6): python rapidfuzz exhaustive `process.extract`
# (token_sort_ratio, cutoff 85) and `lintas screen` on the same queries against the
# same UN list: yente positives_un_treated (recall) and the first N yente global
# negatives (false-positive rate). Prints both speeds and both recalls side by side.
# Usage: bench/screening_peer.sh [N_NEGATIVES]   (run from the repo root)
# Lintas side: $LINTAS (a built `lintas` binary) if set; otherwise the `screen` example
# of lintas-names, which is the same engine, index and output as `lintas screen`
# without building the server stack.
set -euo pipefail
cd "$(dirname "$0")/.."
NNEG=${1:-10000}
DATA=../shared/data
VENV=${LINTAS_BENCH_VENV:-${TMPDIR:-/tmp}/lintas-bench-venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet rapidfuzz
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
if [ -n "${LINTAS:-}" ]; then
  SCREEN=("$LINTAS" screen)
else
  cargo build --release -q -p lintas-names --example screen
  SCREEN=("$CARGO_TARGET_DIR/release/examples/screen")
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" - "$DATA" "$WORK" "$NNEG" "${SCREEN[@]}" <<'PY'
import csv, json, subprocess, sys, time
import xml.etree.ElementTree as ET
from rapidfuzz import fuzz, process

data, work, nneg, screen = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
un = f"{data}/watchlists/un_sc_consolidated_2024-09-26.xml"
choices, ids = [], []
for kind in ("INDIVIDUAL", "ENTITY"):
    for e in ET.parse(un).getroot().iter(kind):
        ref = (e.findtext("REFERENCE_NUMBER") or "").strip()
        names = [" ".join(filter(None, [(e.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]))]
        names.append((e.findtext("NAME_ORIGINAL_SCRIPT") or "").strip())
        names += [(a.findtext("ALIAS_NAME") or "").strip() for a in e.iter(f"{kind}_ALIAS")]
        for n in names:
            if n:
                choices.append(n); ids.append(ref)
norm = lambda s: " ".join(s.split()).lower()
by_name = {}
for n, i in zip(choices, ids):
    by_name.setdefault(norm(n), set()).add(i)
read = lambda p: list(csv.DictReader(open(f"{data}/yente_screening_benchmark/{p}", encoding="utf-8")))
treated, untreated = read("positives_un_treated.csv"), read("positives_un_untreated.csv")
pos = [(t["full_name"], by_name.get(norm(u["full_name"]))) for t, u in zip(treated, untreated)]
pos = [(q, e) for q, e in pos if e]
neg = [r["full_name"] for r in read("negatives_global.csv")[:nneg]]
queries = [q for q, _ in pos] + neg

# rapidfuzz: exhaustive extract over every name and alias.
CUT = 85
t = time.perf_counter()
rf = [process.extract(q, choices, scorer=fuzz.token_sort_ratio, processor=lambda s: s.lower(), score_cutoff=CUT, limit=10) for q in queries]
rf_time = time.perf_counter() - t
rf_hits = sum(any(ids[i] in exp for _, _, i in r) for (_, exp), r in zip(pos, rf))
rf_fp = sum(1 for r in rf[len(pos):] if r)

# lintas screen: builds its index from the XML, then screens the same queries.
qfile = f"{work}/queries.txt"
open(qfile, "w", encoding="utf-8").write("\n".join(queries) + "\n")
t = time.perf_counter()
out = subprocess.run(screen + ["--list", un, "--queries", qfile], capture_output=True, text=True, check=True).stdout
li_time = time.perf_counter() - t
lines = [json.loads(l) for l in out.splitlines()]
assert len(lines) == len(queries), (len(lines), len(queries))
li_hits = sum(any(m["id"] in exp for m in l["matches"]) for (_, exp), l in zip(pos, lines))
li_fp = sum(1 for l in lines[len(pos):] if l["matches"])

n = len(queries)
print(f"queries: {len(pos)} UN positives (treated) + {len(neg)} negatives; list: {len(choices)} UN names and aliases")
print(f"{'':28}{'rapidfuzz':>14}{'lintas':>14}")
print(f"{'recall (positives)':28}{rf_hits/len(pos):>14.4f}{li_hits/len(pos):>14.4f}")
print(f"{'false-positive rate':28}{rf_fp/len(neg):>14.4%}{li_fp/len(neg):>14.4%}")
print(f"{'total time (s)':28}{rf_time:>14.2f}{li_time:>14.2f}")
print(f"{'queries per second':28}{n/rf_time:>14.0f}{n/li_time:>14.0f}")
print(f"speed ratio lintas/rapidfuzz: {rf_time/li_time:.2f}x (lintas time includes process start, XML parse and index build)")
PY
