#!/usr/bin/env python3
"""Converts Natural Earth land (world-atlas land-50m.json, TopoJSON) into the compact
coastline file bundled with lintas-ais (coast-50m.bin). Run once; see PROVENANCE.md.

Format (little endian): b"LCST", u32 version=1, u32 arc count, then per arc:
u32 point count, then count x (i32 lon, i32 lat) in units of 1e-5 degree.
Every arc of the land object is a piece of coastline (shared land borders do not exist in
the land layer), so the arcs are exactly the shore lines a distance query needs.
"""
import json, struct, sys

src, dst = sys.argv[1], sys.argv[2]
topo = json.load(open(src))
sx, sy = topo["transform"]["scale"]
tx, ty = topo["transform"]["translate"]
out = [b"LCST", struct.pack("<II", 1, len(topo["arcs"]))]
points = 0
for arc in topo["arcs"]:
    x = y = 0
    pts = []
    for dx, dy in arc:
        x += dx
        y += dy
        lon = x * sx + tx
        lat = y * sy + ty
        pts.append((round(lon * 1e5), round(lat * 1e5)))
    out.append(struct.pack("<I", len(pts)))
    out.append(b"".join(struct.pack("<ii", a, b) for a, b in pts))
    points += len(pts)
open(dst, "wb").write(b"".join(out))
print(f"{len(topo['arcs'])} arcs, {points} points", file=sys.stderr)
