#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample).

Usage: jfr-top.py recording.jfr [rows] [filter] [--from ISO-TIME] [--to ISO-TIME] [--under METHOD]

Prints zt's own share (samples inside the zt filter that are not the application's: the filter's samples minus those
in the chain it continues), then the methods with the most samples on top of the stack (self) and anywhere on it
(total), as percentages of the samples in the time window. filter (a substring such as dev/zt: JFR writes class names
with slashes) limits the "total" table to matching methods; --under METHOD (e.g.
dev/zt/filter/internal/pipeline/Pipeline.decide) counts only what runs below that method. --from/--to (UTC, as
profile.sh passes them) keep the samples of the profiled run: a recording dumped from a running server also holds its
start and warm-up."""
import argparse
import collections
import json
import subprocess

FILTER = "dev/zt/filter/ZeroTrustFilter.doFilter"
CHAIN = "dev/zt/filter/internal/pipeline/Enforcer.proceed"

p = argparse.ArgumentParser()
p.add_argument("jfr")
p.add_argument("rows", nargs="?", type=int, default=40)
p.add_argument("only", nargs="?")
p.add_argument("--from", dest="begin")
p.add_argument("--to", dest="end")
p.add_argument("--under")
a = p.parse_args()
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", a.jfr],
                     check=True, capture_output=True, text=True).stdout
events = [e for e in json.loads(out)["recording"]["events"]
          if (not a.begin or e["values"]["startTime"][:19] >= a.begin)
          and (not a.end or e["values"]["startTime"][:19] < a.end)]
selfs, totals = collections.Counter(), collections.Counter()
in_filter = in_chain = 0
for e in events:
    frames = e["values"]["stackTrace"]["frames"] or []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if FILTER in names:
        in_filter += 1
        in_chain += CHAIN in names
    if a.under:
        if a.under not in names:
            continue
        names = names[:names.index(a.under) + 1]
    if names:
        selfs[names[0]] += 1
    for n in set(names):
        totals[n] += 1
n = len(events) or 1
print(f"{len(events)} samples" + (f" from {a.begin}" if a.begin else "") + (f" to {a.end}" if a.end else ""))
print(f"zt's own share: {100 * (in_filter - in_chain) / n:.1f} % (the zt filter {100 * in_filter / n:.1f} %, "
      f"the application behind it {100 * in_chain / n:.1f} %)")
print("self" + (f" (under {a.under}):" if a.under else ":"))
for m, c in selfs.most_common(a.rows):
    print(f"  {100 * c / n:5.1f} %  {m}")
print("total" + (f" ({a.only}):" if a.only else ":"))
for m, c in [(m, c) for m, c in totals.most_common() if not a.only or a.only in m][:a.rows]:
    print(f"  {100 * c / n:5.1f} %  {m}")
