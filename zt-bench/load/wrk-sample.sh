#!/usr/bin/env bash
# End-to-end load on one WildFly, every figure a ratio to "no filter" measured in the same run, the variants
# interleaved (two rounds) so that a server still warming up favours none of them. One trivial JAX-RS resource,
# deployed four ways (zt-bench-peer), plus the sample:
#   no filter              GET /bench-open/api/open  bench-open.war: no security at all
#   MicroProfile JWT, none GET /bench/api/open       bench.war (MicroProfile JWT deployment), no token
#   zt filter, public      GET /bench-zt/api/open    bench-zt.war (the zt filter alone): request firewall only
#   zt filter, cached      GET /bench-zt/api/mp      one RS256 access token (verified once, then cached) + the six
#                                                    built-in risk checks; @RolesAllowed through zt's identity
#   zt filter, 1,000 users GET /bench-zt/api/mp      1,000 users' RS256 tokens in turn (each cached after its first use)
#   zt filter, new token   GET /bench-zt/api/mp      a different RS256 access token on every request
#   MicroProfile JWT       GET /bench/api/mp         the same RS256 token, WildFly's microprofile-jwt-smallrye
#   annotations, public    GET /bench-cdi/api/open   bench-cdi.war: the zt filter + zt-cdi (its interceptor and its
#                                                    Jakarta Security mechanism: container identity on), public path
#   annotations, cached    GET /bench-cdi/api/mp     ... @RolesAllowed("user") + @RequiresScope("orders:read")
#   sample, public         GET /sample/api/health    the sample: zt filter + zt-cdi + its Jakarta Security mechanism
#   sample, cached         GET /sample/api/ping      ... + the sample's own (pooled) risk check
#   sample, session token  GET /sample/api/ping      a zt session token
# then, on a restarted server with zt.risk.checks=none: "no filter", "zt filter, cached", "zt filter, 1,000 users" and
# "sample, cached"; and on a third with zt.container-identity=jakarta-security (the container learns the caller from
# zt-cdi's Jakarta Security mechanism through WildFly's JASPI bridge, not from an Elytron identity): "no filter", the
# annotations and the sample. Every deployment of the resource runs the same RESTEasy code; what differs is the security in
# front of it (the sample is a different, larger application: its lines are for orientation, the bench-cdi lines are
# the like-for-like comparison). A warm-up round (not reported) precedes two reported rounds. Prints requests/s, the
# ratio, p50/p99 (second round) and refused answers (non-2xx, both reported rounds), then each target of
# docs/performance.md with its figure in this run. TOKEN_RATE (default 10000) sizes the new-token sets.
#
# Usage: zt-bench/load/wrk-sample.sh [seconds-per-run] [connections]     (needs wrk: apt-get install wrk)
# Builds sample-war, zt-bench and zt-bench-peer, then runs WildFly from target/wildfly with a server directory of its
# own (a temporary copy: nothing is deployed into the tests' or `wildfly:run`'s configuration). Ports 8080 and 9990
# must be free. JAVA_HOME selects the server's JDK (the default java otherwise); PIN=1 gives the server and wrk one CPU
# each instead of sharing both (lib.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
source zt-bench/load/lib.sh

# Tokens: disjoint sets for the reported "new token" rounds, sized for TOKEN_RATE requests/s (a round that runs out
# starts over and says so: "wrapped"; the 10,000-entry cache then still misses most of them), and 20,000 more for the
# warm-up round; the last 1,000 are the users' tokens.
TOKEN_RATE=${TOKEN_RATE:-10000}
PER_ROUND=$((TOKEN_RATE * SECONDS_PER_RUN))
zt_prepare $((2 * PER_ROUND + 20000))
head -n "$PER_ROUND" "$WORK/tokens.txt" >"$WORK/tokens-1.txt"
head -n $((2 * PER_ROUND)) "$WORK/tokens.txt" | tail -n "$PER_ROUND" >"$WORK/tokens-2.txt"
tail -n 20000 "$WORK/tokens.txt" >"$WORK/tokens-0.txt"

AUTH="Authorization: Bearer $ACCESS"
NEW=(-s zt-bench/load/new-token.lua)
# The Lua script's variables go to wrk only: zt refuses to start with an unknown ZT_* variable in its environment.
tokens() { local file=$1; shift; ZT_TOKENS="$file" ZT_THREADS=$THREADS measure "${NEW[@]}" "$@"; }
start_server ""
SESSION=$(curl -fs -H 'Accept: application/json' -d 'username=alice&password=alice-password' "$H/sample/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')
for url in "$H/bench-open/api/open" "$H/bench/api/open" "$H/bench-zt/api/open" "$H/bench-cdi/api/open" \
  "$H/sample/api/health"; do
  check "$url"
done
for url in "$H/bench-zt/api/mp" "$H/bench/api/mp" "$H/bench-cdi/api/mp" "$H/sample/api/ping"; do
  check -H "$AUTH" "$url"
done
check -H "Authorization: Bearer $SESSION" "$H/sample/api/ping"
# Round 0 warms the server up (JIT, pools, caches) and is not reported: WildFly's throughput still doubles during
# the first minutes, which would favour whatever runs last. Rounds 1 and 2 are reported.
declare -A R
for round in 0 1 2; do
  R[open$round]=$(measure "$H/bench-open/api/open")
  R[mpopen$round]=$(measure "$H/bench/api/open")
  R[ztopen$round]=$(measure "$H/bench-zt/api/open")
  R[ztcached$round]=$(measure -H "$AUTH" "$H/bench-zt/api/mp")
  R[ztusers$round]=$(tokens "$WORK/tokens-users.txt" "$H/bench-zt/api/mp")
  R[ztnew$round]=$(tokens "$WORK/tokens-$round.txt" "$H/bench-zt/api/mp")
  R[mp$round]=$(measure -H "$AUTH" "$H/bench/api/mp")
  R[cdiopen$round]=$(measure "$H/bench-cdi/api/open")
  R[cdicached$round]=$(measure -H "$AUTH" "$H/bench-cdi/api/mp")
  R[shealth$round]=$(measure "$H/sample/api/health")
  R[scached$round]=$(measure -H "$AUTH" "$H/sample/api/ping")
  R[ssession$round]=$(measure -H "Authorization: Bearer $SESSION" "$H/sample/api/ping")
done
stop_server

start_server "-Dzt.risk.checks=none"
for url in "$H/bench-zt/api/mp" "$H/sample/api/ping"; do check -H "$AUTH" "$url"; done
for round in 0 1 2; do
  R[bopen$round]=$(measure "$H/bench-open/api/open")
  R[bztcached$round]=$(measure -H "$AUTH" "$H/bench-zt/api/mp")
  R[bztusers$round]=$(tokens "$WORK/tokens-users.txt" "$H/bench-zt/api/mp")
  R[bscached$round]=$(measure -H "$AUTH" "$H/sample/api/ping")
done
stop_server

# Server 3: the container gets zt's caller through zt-cdi's Jakarta Security mechanism and WildFly's JASPI bridge (the
# portable way, and the only one before zt.container-identity), against its own "no filter".
start_server "-Dzt.container-identity=jakarta-security"
for url in "$H/bench-cdi/api/mp" "$H/sample/api/ping"; do check -H "$AUTH" "$url"; done
for round in 0 1 2; do
  R[jopen$round]=$(measure "$H/bench-open/api/open")
  R[jcdiopen$round]=$(measure "$H/bench-cdi/api/open")
  R[jcdicached$round]=$(measure -H "$AUTH" "$H/bench-cdi/api/mp")
  R[jshealth$round]=$(measure "$H/sample/api/health")
  R[jscached$round]=$(measure -H "$AUTH" "$H/sample/api/ping")
done
stop_server

python3 - <<PY
rows = {k: v.split() for k, v in {
$(for k in "${!R[@]}"; do printf '    "%s": "%s",\n' "$k" "${R[$k]}"; done)
}.items()}
def rps(name):
    return (float(rows[name + "1"][0]) + float(rows[name + "2"][0])) / 2
def ms(text):  # wrk's latency: 850.00us, 1.23ms, 1.01s
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * f
    return float(text)
def refused(name):
    return int(rows[name + "1"][3]) + int(rows[name + "2"][3])
def line(label, name, base):
    r = rps(name)
    last = rows[name + "2"]
    wrapped = int(rows[name + "1"][4]) + int(rows[name + "2"][4])
    note = f"  (token sets wrapped {wrapped}x)" if wrapped and name == "ztnew" else ""
    print(f"{label:36s} {r:7.0f} req/s  ratio {r / base:4.2f}  p50 {last[1]:>8s}  p99 {last[2]:>8s}"
          f"  refused {refused(name)}  runs: {rows[name + '1'][0]} {rows[name + '2'][0]}{note}")
b = rps("open")
print(f"server 1 (risk checks on), ratios to 'no filter' ({b:.0f} req/s):")
line("no filter (bench-open /api/open)", "open", b)
line("MicroProfile JWT deployment, no token", "mpopen", b)
line("zt filter, public path", "ztopen", b)
line("zt filter, cached token", "ztcached", b)
line("zt filter, 1,000 users (cached)", "ztusers", b)
line("zt filter, new token every request", "ztnew", b)
line("MicroProfile JWT (same token)", "mp", b)
line("annotations (bench-cdi), public path", "cdiopen", b)
line("annotations (bench-cdi), cached token", "cdicached", b)
line("sample, public path", "shealth", b)
line("sample, cached token", "scached", b)
line("sample, session token", "ssession", b)
b2 = rps("bopen")
print(f"server 2 (zt.risk.checks=none), ratios to its own 'no filter' ({b2:.0f} req/s):")
line("no filter (bench-open /api/open)", "bopen", b2)
line("zt filter, cached token, risk off", "bztcached", b2)
line("zt filter, 1,000 users, risk off", "bztusers", b2)
line("sample, cached token, risk off", "bscached", b2)
b3 = rps("jopen")
print(f"server 3 (zt.container-identity=jakarta-security), ratios to its own 'no filter' ({b3:.0f} req/s):")
line("no filter (bench-open /api/open)", "jopen", b3)
line("annotations, JASPI, public path", "jcdiopen", b3)
line("annotations, JASPI, cached token", "jcdicached", b3)
line("sample, JASPI, public path", "jshealth", b3)
line("sample, JASPI, cached token", "jscached", b3)
added = ms(rows["ztcached2"][2]) - ms(rows["open2"][2])
names = [k[:-1] for k in rows if k.endswith("1")]
total_refused = sum(refused(n) for n in names)
print("targets (issue 15; this run):")
for label, value, goal, met in (
        ("zt filter, cached token / no filter", rps("ztcached") / b, ">= 0.92", rps("ztcached") / b >= 0.92),
        ("zt filter, 1,000 users / no filter", rps("ztusers") / b, ">= 0.90", rps("ztusers") / b >= 0.90),
        ("annotations, cached / no filter", rps("cdicached") / b, ">= 0.85", rps("cdicached") / b >= 0.85),
        ("annotations, public path / no filter", rps("cdiopen") / b, ">= 0.97", rps("cdiopen") / b >= 0.97),
        ("zt filter, new token / no filter", rps("ztnew") / b, ">= 0.35", rps("ztnew") / b >= 0.35),
        ("zt filter, new token / MicroProfile JWT", rps("ztnew") / rps("mp"), ">= 2", rps("ztnew") / rps("mp") >= 2),
        ("zt filter, cached / MicroProfile JWT", rps("ztcached") / rps("mp"), ">= 5", rps("ztcached") / rps("mp") >= 5),
        ("p99 added on the cached path (ms)", added, "<= 1", added <= 1),
        ("refused answers, every variant", total_refused, "0", total_refused == 0)):
    print(f"  {label:42s} {value:6.2f}  target {goal:8s} {'met' if met else 'NOT MET'}")
PY
