#!/usr/bin/python3
"""Compares two region_code,time,value tables (spstress aggregate and the baseline) over their
first N dates: prints the largest relative and absolute difference and where it occurs.

Usage: compare.py A.csv B.csv [N_DATES]   (3 by default; B is the reference for the ratio)
Exits 1 if a (region, date) of A is missing from B or a value is empty in one table only.
"""
import csv
import sys


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {(row["region_code"], row["time"]): row["value"] for row in csv.DictReader(f)}


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: compare.py A.csv B.csv [N_DATES]")
    a, b = read(sys.argv[1]), read(sys.argv[2])
    n_dates = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    dates = sorted({t for _, t in a})[:n_dates]
    worst_rel, worst_abs, where, compared = 0.0, 0.0, None, 0
    for (code, t), va in sorted(a.items()):
        if t not in dates:
            continue
        if (code, t) not in b:
            sys.exit(f"compare: {code} {t} is in {sys.argv[1]} but not in {sys.argv[2]}")
        vb = b[(code, t)]
        if (va == "") != (vb == ""):
            sys.exit(f"compare: {code} {t}: one table has no value ({va!r} vs {vb!r})")
        if va == "":
            continue
        x, y = float(va), float(vb)
        rel = abs(x - y) / abs(y)
        compared += 1
        worst_abs = max(worst_abs, abs(x - y))
        if rel > worst_rel:
            worst_rel, where = rel, f"{code} {t}: {x:.6f} vs {y:.6f}"
    print(f"compared={compared} dates={','.join(dates)} max_rel_diff={worst_rel:.3e} "
          f"max_abs_diff={worst_abs:.3e} worst=({where})")


if __name__ == "__main__":
    main()
