#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample) or of async-profiler's collapsed stacks.

Usage: jfr-top.py recording.jfr|profile.collapsed [rows] [filter] [--from ISO-TIME] [--to ISO-TIME] [--under METHOD]

Prints zt's own share (samples inside the zt filter that are not the application's: the filter's samples minus those
in the chain it continues), then the methods with the most samples on top of the stack (self) and anywhere on it
(total), as percentages of the samples in the time window. filter (a substring such as dev/zt: JFR writes class names
with slashes) limits the "total" table to matching methods; --under METHOD (e.g.
dev/zt/filter/internal/pipeline/Pipeline.decide) counts only what runs below that method. --from/--to (UTC, as
profile.sh passes them) keep the samples of the profiled run: a recording dumped from a running server also holds its
start and warm-up.

A .collapsed file (profile.sh with PROFILER=async, recorded with the `threads` option) holds every thread's samples,
native and kernel frames included: the summary starts with the share of each kind of thread (the server's request
and I/O threads, the JIT compilers, the garbage collector, the rest) and of the kernel (frames marked _[k]), then
counts methods over all samples as for a recording."""
import argparse
import collections
import json
import re
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

def thread_kind(thread):
    if re.search(r"Compiler|Sweeper", thread):
        return "JIT compiler"
    if re.search(r"GC|G1|Conc#|Refine", thread):
        return "garbage collector"
    if re.search(r"task-|I/O-|XNIO|Accept", thread):
        return "request and I/O threads (Undertow)"
    return "other threads"


stacks = []  # (frames leaf first, samples)
kinds, kernel = collections.Counter(), 0
if a.jfr.endswith(".collapsed"):
    for line in open(a.jfr):
        trace, _, count = line.rstrip("\n").rpartition(" ")
        frames = trace.split(";")
        thread = frames.pop(0) if frames and frames[0].startswith("[") else "[unknown]"
        kinds[thread_kind(thread)] += int(count)
        kernel += int(count) * any(f.endswith("_[k]") for f in frames)
        stacks.append(([re.sub(r"_\[[jik0-9]\]$", "", f) for f in reversed(frames)], int(count)))
else:
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", a.jfr],
                         check=True, capture_output=True, text=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        if (not a.begin or e["values"]["startTime"][:19] >= a.begin) and (
                not a.end or e["values"]["startTime"][:19] < a.end):
            frames = e["values"]["stackTrace"]["frames"] or []
            stacks.append(([f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames], 1))
selfs, totals = collections.Counter(), collections.Counter()
in_filter = in_chain = 0
for names, count in stacks:
    if FILTER in names:
        in_filter += count
        in_chain += count * (CHAIN in names)
    if a.under:
        if a.under not in names:
            continue
        names = names[:names.index(a.under) + 1]
    if names:
        selfs[names[0]] += count
    for m in set(names):
        totals[m] += count
n = sum(c for _, c in stacks) or 1
print(f"{n} samples" + (f" from {a.begin}" if a.begin else "") + (f" to {a.end}" if a.end else ""))
for kind, c in kinds.most_common():
    print(f"  {100 * c / n:5.1f} %  {kind}")
if kinds:
    print(f"  {100 * kernel / n:5.1f} %  in the kernel (any thread)")
print(f"zt's own share: {100 * (in_filter - in_chain) / n:.1f} % (the zt filter {100 * in_filter / n:.1f} %, "
      f"the application behind it {100 * in_chain / n:.1f} %)")
print("self" + (f" (under {a.under}):" if a.under else ":"))
for m, c in selfs.most_common(a.rows):
    print(f"  {100 * c / n:5.1f} %  {m}")
print("total" + (f" ({a.only}):" if a.only else ":"))
for m, c in [(m, c) for m, c in totals.most_common() if not a.only or a.only in m][:a.rows]:
    print(f"  {100 * c / n:5.1f} %  {m}")
