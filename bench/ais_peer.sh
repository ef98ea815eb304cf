#!/usr/bin/env bash
# AIS decoding throughput, Lintas vs pyais, on the AISHub sample (85k sentences), in one run.
# Prints messages per CPU-second for each side and the ratios:
#   1. library decode:   lintas-ais Decoder (example decode_rate)   vs pyais decode()
#   2. JSON output:      `lintas ais decode` (gpsd JSON to a file)  vs pyais decode() + json.dumps(asdict())
# CPU time (user+sys of the measured process) is used rather than wall time so the ratio
# holds on a shared, loaded machine; each measured run lasts at least ~2 s of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${AIS_SAMPLE:-../shared/data/ais/aishub_sample/ais-nmea-sample.log.txt}"
TARGET="${CARGO_TARGET_DIR:-target}"
export CARGO_TARGET_DIR="$TARGET"

cargo build --quiet --release -p lintas-cli --bin lintas
cargo build --quiet --release -p lintas-ais --example decode_rate
python3 -m pip install --quiet pyais >/dev/null 2>&1 || python3 -m pip install --quiet --user pyais

python3 - "$DATA" "$TARGET/release/lintas" "$TARGET/release/examples/decode_rate" <<'PY'
import json, os, resource, subprocess, sys, tempfile, time
data, lintas, decode_rate = sys.argv[1:4]

def child_cpu(cmd, stdout=subprocess.DEVNULL):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, check=True, stdout=stdout, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, out

import pyais
from pyais.stream import FileReaderStream

def pyais_run(min_cpu, with_json):
    n, rounds = 0, 0
    t0 = time.process_time()
    while time.process_time() - t0 < min_cpu:
        for msg in FileReaderStream(data):
            d = msg.decode()
            if with_json:
                json.dumps(d.asdict(), default=str)
            n += 1
        rounds += 1
    return n, time.process_time() - t0, rounds

# pyais: library decode, then decode + json.dumps.
py_n, py_cpu, py_rounds = pyais_run(2.0, False)
pyj_n, pyj_cpu, pyj_rounds = pyais_run(2.0, True)

# Lintas library decode: in-memory repeats until >= 2 s of CPU.
reps = 10
while True:
    cpu, out = child_cpu([decode_rate, data, "--repeat", str(reps)], stdout=subprocess.PIPE)
    if cpu >= 2.0 or reps >= 5000:
        break
    reps = int(reps * max(2.0, 2.2 / max(cpu, 0.01)))
lib_n = int(out.stdout.decode().split()[0].split("=")[1])
lib_cpu = cpu

# Lintas CLI: `lintas ais decode FILE FILE ...` to gpsd JSON, written to a file.
copies = 4
with tempfile.TemporaryDirectory() as tmp:
    dst = os.path.join(tmp, "out.jsonl")
    while True:
        with open(dst, "wb") as f:
            cpu, _ = child_cpu([lintas, "ais", "decode", *([data] * copies)], stdout=f)
        if cpu >= 2.0 or copies >= 2000:
            break
        copies = int(copies * max(2.0, 2.2 / max(cpu, 0.01)))
    with open(dst, "rb") as f:
        cli_n = sum(1 for _ in f)
cli_cpu = cpu

def rate(n, cpu): return n / cpu
print(f"data: {data}")
print(f"pyais {pyais.__version__} decode():               {rate(py_n, py_cpu):>12,.0f} msg/s  ({py_n} msgs, {py_cpu:.2f} s CPU)")
print(f"lintas-ais library decode:              {rate(lib_n, lib_cpu):>12,.0f} msg/s  ({lib_n} msgs, {lib_cpu:.2f} s CPU)")
print(f"ratio library decode (lintas / pyais):  {rate(lib_n, lib_cpu) / rate(py_n, py_cpu):>12.1f}x")
print(f"pyais decode() + json.dumps(asdict()):  {rate(pyj_n, pyj_cpu):>12,.0f} msg/s  ({pyj_n} msgs, {pyj_cpu:.2f} s CPU)")
print(f"lintas ais decode (gpsd JSON to file):  {rate(cli_n, cli_cpu):>12,.0f} msg/s  ({cli_n} msgs, {cli_cpu:.2f} s CPU)")
print(f"ratio JSON output (lintas / pyais):     {rate(cli_n, cli_cpu) / rate(pyj_n, pyj_cpu):>12.1f}x")
PY
