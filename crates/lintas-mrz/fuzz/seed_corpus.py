#!/usr/bin/env python3
"""Seeds fuzz/corpus/parse from the shared MRZ vectors (read in place, not committed).
Run from crates/lintas-mrz/fuzz: python3 seed_corpus.py"""
import hashlib
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/data/mrz")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus/parse")


def add(lines):
    text = "\n".join(lines).encode()
    with open(os.path.join(OUT, hashlib.sha1(text).hexdigest()[:16]), "wb") as f:
        f.write(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    spec = json.load(open(os.path.join(DATA, "icao9303_specimens_layouts_negatives.json")))
    for s in spec["specimens"]:
        add(s["mrz"])
        for m in s["negative_mutations"]:
            add(m["mrz"])
    for c in json.load(open(os.path.join(DATA, "peer_vectors_arg0s1080_mrz_and_passporteye.json"))):
        add(c["mrz"])
    for c in json.load(open(os.path.join(DATA, "edge_cases_from_issues.json")))["cases"]:
        if "mrz" in c:
            add(c["mrz"])
    print(len(os.listdir(OUT)), "files in", OUT)


if __name__ == "__main__":
    main()
