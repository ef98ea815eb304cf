#!/usr/bin/env python3
"""Runs python's `mrz` package checkers over every record of a bench/mrz_gen.py file and
prints `records valid seconds` (time covers reading, splitting and checking)."""
import sys
import time

from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker


def main():
    t0 = time.perf_counter()
    n = valid = 0
    with open(sys.argv[1]) as f:
        for rec in f.read().split("\n\n"):
            rec = rec.strip("\n")
            if not rec:
                continue
            lines = rec.split("\n")
            if len(lines) == 3:
                checker = TD1CodeChecker(rec)
            elif len(lines[0]) == 36:
                checker = TD2CodeChecker(rec)
            else:
                checker = TD3CodeChecker(rec)
            checker.fields()
            valid += bool(checker)
            n += 1
    print(n, valid, time.perf_counter() - t0)


if __name__ == "__main__":
    main()
