#!/usr/bin/env python3
"""The report of wrk-sample.sh: reads its results (one run per line: server role round variant rps p50 p99 refused
wrapped; role "run" is a variant, "base" the "no filter" run next to it, "light"/"lightbase" the light-load latency
pair) and prints, per variant, the median of its pairs' ratios and their range, then each target of issue 15.
Usage: wrk-report.py results.txt (wrk-sample.sh keeps a copy in zt-bench/target/wrk-results.txt)."""
import collections
import statistics
import sys

LUA = {"ztusers", "ztnew"}
LABELS = {
    "openauth": "no filter, token's header sent",
    "mpopen": "MicroProfile JWT deployment, no token",
    "ztopen": "zt filter, public path",
    "ztcached": "zt filter, cached token",
    "floorcached": "floor: token looked up, nothing decided",
    "ztusers": "zt filter, 1,000 users (cached) *",
    "ztnew": "zt filter, new token every request *",
    "mp": "MicroProfile JWT (same token)",
    "cdiopen": "annotations (bench-cdi), public path",
    "cdicached": "annotations (bench-cdi), cached token",
    "shealth": "sample, public path",
    "scached": "sample, cached token",
    "ssession": "sample, session token",
}
SERVERS = {
    "1": "server 1 (risk checks on)",
    "2": "server 2 (zt.risk.checks=none)",
    "3": "server 3 (zt.container-identity=jakarta-security: the JASPI bridge)",
}


def ms(text):  # wrk's latency: 850.00us, 1.23ms, 1.01s
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * f
    return float(text)


runs = collections.defaultdict(dict)  # (server, role, variant) -> round -> (rps, p50, p99, refused, wrapped)
with open(sys.argv[1]) as f:
    for line in f:
        server, role, rnd, variant, rps, p50, p99, refused, wrapped = line.split()
        runs[(server, role, variant)][int(rnd)] = (float(rps), ms(p50), ms(p99), int(refused), int(wrapped))


def plain_base(server, rnd):
    """The scriptless "no filter" of a round: the median of its runs next to scriptless variants."""
    values = [r[rnd][0] for (s, role, v), r in runs.items() if s == server and role == "base" and v not in LUA
              and rnd in r]
    return statistics.median(values)


def ratios(server, variant, plain=False):
    run, base = runs[(server, "run", variant)], runs[(server, "base", variant)]
    return [run[r][0] / (plain_base(server, r) if plain else base[r][0]) for r in sorted(run)]


def refused(server, variant):
    return sum(x[3] for role in ("run", "base") for x in runs.get((server, role, variant), {}).values())


results = {}
total_refused = sum(x[3] for r in runs.values() for x in r.values())
for server in sorted({k[0] for k in runs}):
    variants = [v for (s, role, v) in runs if s == server and role == "run"]
    print(SERVERS.get(server, "server " + server) + ": median ratio to the 'no filter' run next to it, and range")
    for v in [v for v in LABELS if v in variants]:
        rs = ratios(server, v)
        run = runs[(server, "run", v)]
        med = statistics.median(rs)
        results[(server, v)] = med
        rps = statistics.median(x[0] for x in run.values())
        p50 = statistics.median(x[1] for x in run.values())
        p99 = statistics.median(x[2] for x in run.values())
        extra = ""
        if v in LUA:
            results[(server, v + "-plain")] = statistics.median(ratios(server, v, plain=True))
            extra = f"  (to scriptless 'no filter': {results[(server, v + '-plain')]:.2f})"
        wrapped = sum(x[4] for x in run.values())
        if wrapped and v == "ztnew":  # the users' 1,000 tokens are meant to go round
            extra += f"  (token sets wrapped {wrapped}x)"
        print(f"  {LABELS[v]:38s} {med:4.2f}  [{min(rs):4.2f}-{max(rs):4.2f}]  {rps:7.0f} req/s  p50 {p50:6.2f} ms"
              f"  p99 {p99:6.2f} ms  refused {refused(server, v)}{extra}")
print("  * driven by a wrk Lua script, paired with 'no filter' driven by the same script")
for server in sorted({k[0] for k in runs}):
    header = results.get((server, "openauth"))
    if header:
        print(f"{SERVERS.get(server, 'server ' + server)}, to 'no filter' with the same Authorization header (the ratio"
              f" above / {header:.2f}):")
        for v in ("ztcached", "mp", "cdicached", "scached"):
            if (server, v) in results:
                print(f"  {LABELS[v]:38s} {results[(server, v)] / header:4.2f}")
floor = results.get(("1", "floorcached"))
if floor and ("1", "ztcached") in results:
    print(f"the zt filter's decision: zt filter, cached / floor (a filter that only looks the token up) "
          f"{results[('1', 'ztcached')] / floor:.2f}; the floor / no filter {floor:.2f}")
light = runs.get(("1", "light", "ztcached"), {})
lightbase = runs.get(("1", "lightbase", "ztcached"), {})
added99 = statistics.median(light[r][2] - lightbase[r][2] for r in light) if light else float("nan")
added50 = statistics.median(light[r][1] - lightbase[r][1] for r in light) if light else float("nan")
if light:
    print(f"light load (one request at a time per connection): zt filter, cached token adds p50 {added50:.3f} ms,"
          f" p99 {added99:.3f} ms (medians over {len(light)} pairs; 'no filter' p99"
          f" {statistics.median(x[2] for x in lightbase.values()):.3f} ms)")
sat = runs.get(("1", "run", "ztcached"), {})
satbase = runs.get(("1", "base", "ztcached"), {})
if sat:
    print(f"at saturation the p99 difference is {statistics.median(sat[r][2] - satbase[r][2] for r in sat):.2f} ms"
          " (the run queue of 32 connections on 2 cores, not a request's time)")


def get(name):
    return results.get(("1", name), float("nan"))


print("targets (issue 15; this run):")
for label, value, goal, met in (
        ("zt filter, cached token / no filter", get("ztcached"), ">= 0.92", get("ztcached") >= 0.92),
        ("zt filter, cached / no filter, same header", get("ztcached") / get("openauth"), "(>= 0.92)",
         get("ztcached") / get("openauth") >= 0.92),
        ("zt filter, 1,000 users / no filter", get("ztusers"), ">= 0.90", get("ztusers") >= 0.90),
        ("annotations, cached / no filter", get("cdicached"), ">= 0.85", get("cdicached") >= 0.85),
        ("annotations, public path / no filter", get("cdiopen"), ">= 0.97", get("cdiopen") >= 0.97),
        ("zt filter, new token / no filter", get("ztnew"), ">= 0.35", get("ztnew") >= 0.35),
        ("zt filter, new token / MicroProfile JWT", get("ztnew-plain") / get("mp"), ">= 2",
         get("ztnew-plain") / get("mp") >= 2),
        ("zt filter, cached / MicroProfile JWT", get("ztcached") / get("mp"), ">= 5", get("ztcached") / get("mp") >= 5),
        ("p99 added on the cached path (ms)", added99, "<= 1", added99 <= 1),
        ("refused answers, every run", total_refused, "0", total_refused == 0)):
    print(f"  {label:42s} {value:7.3f}  target {goal:8s} {'met' if met else 'NOT MET'}")
