#!/usr/bin/env python3
"""Writes N seeded MRZ records (mix of TD1, TD2, TD3) for bench/mrz.sh, blank-line separated.

About 3% of records carry one corrupted character so both tools also walk their error paths.
Deterministic: the same seed and N give the same file.
"""
import random
import sys

W = (7, 3, 1)


def val(c):
    if c.isdigit():
        return ord(c) - 48
    if c == "<":
        return 0
    return ord(c) - 55


def cd(s):
    return str(sum(val(c) * W[i % 3] for i, c in enumerate(s)) % 10)


STATES = ["AUS", "NZL", "IDN", "MYS", "THA", "AFG", "MMR", "LKA", "BGD", "PHL", "VNM", "KHM", "PAK", "IND", "CHN", "JPN"]
SURNAMES = ["NGUYEN", "SANTOSO", "RAHMAN", "SILVA", "TAN", "WONG", "KHAN", "AUNG", "PERERA", "SMITH", "HOSSAIN", "LIM", "SUKARNO", "WIJAYA"]
GIVEN = ["SITI", "MOHAMMAD", "ANNA", "MIN", "NUR", "AHMED", "THI", "KYAW", "DEWI", "JOHN", "ROHAN", "MEI", "", "ARIF"]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def name(rng, width):
    s = rng.choice(SURNAMES)
    g = " ".join(x for x in (rng.choice(GIVEN), rng.choice(GIVEN)) if x)
    n = s + ("<<" + g.replace(" ", "<") if g else "")
    return n[:width].ljust(width, "<")


def date(rng, lo, hi):
    return "%02d%02d%02d" % (rng.randint(lo, hi) % 100, rng.randint(1, 12), rng.randint(1, 28))


def record(rng):
    kind = rng.choice(("TD1", "TD2", "TD3"))
    st = rng.choice(STATES)
    nat = st if rng.random() < 0.9 else rng.choice(STATES)
    num = "".join(rng.choice(ALNUM) for _ in range(rng.randint(7, 9))).ljust(9, "<")
    birth = date(rng, 1940, 2020)
    expiry = date(rng, 2020, 2035)
    sex = rng.choice("MFX<")
    if kind == "TD3":
        opt = "".join(rng.choice(ALNUM) for _ in range(rng.randint(0, 14))).ljust(14, "<")
        optcd = "<" if opt == "<" * 14 else cd(opt)
        l1 = "P<" + st + name(rng, 39)
        body = num + cd(num) + nat + birth + cd(birth) + sex + expiry + cd(expiry) + opt + optcd
        comp = num + cd(num) + birth + cd(birth) + expiry + cd(expiry) + opt + optcd
        lines = [l1, body + cd(comp)]
    elif kind == "TD2":
        opt = "".join(rng.choice(ALNUM) for _ in range(rng.randint(0, 7))).ljust(7, "<")
        l1 = "I<" + st + name(rng, 31)
        body = num + cd(num) + nat + birth + cd(birth) + sex + expiry + cd(expiry) + opt
        comp = num + cd(num) + birth + cd(birth) + expiry + cd(expiry) + opt
        lines = [l1, body + cd(comp)]
    else:
        opt1 = "".join(rng.choice(ALNUM) for _ in range(rng.randint(0, 15))).ljust(15, "<")
        opt2 = "<" * 11
        l1 = "ID" + st + num + cd(num) + opt1
        l2 = birth + cd(birth) + sex + expiry + cd(expiry) + nat + opt2
        comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
        lines = [l1, l2 + cd(comp), name(rng, 30)]
    if rng.random() < 0.03:
        i = rng.randrange(len(lines))
        j = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:j] + rng.choice(ALNUM) + lines[i][j + 1:]
    return "\n".join(lines)


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 9303
    rng = random.Random(seed)
    out = sys.stdout
    for _ in range(n):
        out.write(record(rng))
        out.write("\n\n")


if __name__ == "__main__":
    main()
