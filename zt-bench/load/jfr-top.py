#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample): the methods that take the most samples on top
of the stack (self) and anywhere on it (total), as percentages of all samples. Usage: jfr-top.py recording.jfr [rows]
[filter] -- filter (a substring such as dev.zt) limits the "total" table to matching methods."""
import collections
import json
import subprocess
import sys

jfr, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40
only = sys.argv[3] if len(sys.argv) > 3 else None
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", jfr],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]
selfs, totals = collections.Counter(), collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] or []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if names:
        selfs[names[0]] += 1
    for n in set(names):
        totals[n] += 1
n = len(events)
print(f"{n} samples")
print("self:")
for m, c in selfs.most_common(rows):
    print(f"  {100 * c / n:5.1f} %  {m}")
print("total" + (f" ({only}):" if only else ":"))
for m, c in [(m, c) for m, c in totals.most_common() if not only or only in m][:rows]:
    print(f"  {100 * c / n:5.1f} %  {m}")
