#!/usr/bin/env bash
# End-to-end load on one WildFly, every figure a ratio to "no filter" measured next to it. One trivial JAX-RS
# resource, deployed four ways (zt-bench-peer), plus the sample:
#   no filter              GET /bench-open/api/open  bench-open.war: no security at all
#   no filter, token sent  GET /bench-open/api/open  ... with the cached variants' Authorization header, which no one
#                                                    reads: what carrying an RS256 token costs any server (~0.8 KB to
#                                                    send, read and parse per request)
#   MicroProfile JWT, none GET /bench/api/open       bench.war (MicroProfile JWT deployment), no token
#   zt filter, public      GET /bench-zt/api/open    bench-zt.war (the zt filter alone): request firewall only
#   zt filter, cached      GET /bench-zt/api/mp      one RS256 access token (verified once, then cached) + the six
#                                                    built-in risk checks; @RolesAllowed through zt's identity
#   zt filter, 1,000 users GET /bench-zt/api/mp      1,000 users' RS256 tokens in turn (each cached after its first use)
#   zt filter, new token   GET /bench-zt/api/mp      a different RS256 access token on every request
#   floor, cached          GET /bench-floor/api/mp   bench-floor.war: not security, a measuring stick: a filter that
#                                                    only looks the token up (its signature checked once) and hands
#                                                    the same caller to @RolesAllowed; the floor of any bearer filter
#   MicroProfile JWT       GET /bench/api/mp         the same RS256 token, WildFly's microprofile-jwt-smallrye
#   annotations, public    GET /bench-cdi/api/open   bench-cdi.war: the zt filter + zt-cdi (its interceptor, container
#                                                    identity on), public path
#   annotations, cached    GET /bench-cdi/api/mp     ... @RolesAllowed("user") + @RequiresScope("orders:read")
#   sample, public         GET /sample/api/health    the sample: zt filter + zt-cdi + its own (pooled) risk check
#   sample, cached         GET /sample/api/ping      ... with the RS256 token
#   sample, session token  GET /sample/api/ping      a zt session token
# then, on a restarted server with zt.risk.checks=none: "zt filter, cached", "zt filter, 1,000 users" and "sample,
# cached"; and on a third with zt.container-identity=jakarta-security (the container learns the caller from zt-cdi's
# Jakarta Security mechanism through WildFly's JASPI bridge, not from an Elytron identity): the annotations and the
# sample. Every deployment of the resource runs the same RESTEasy code; what differs is the security in front of it
# (the sample is a different, larger application: its lines are for orientation, the bench-cdi lines are the
# like-for-like comparison).
#
# How the ratios are measured. This machine's speed drifts by 15-50 % from one minute to the next (shared host), far
# more than most differences measured here, so one variant measured minutes after "no filter" says little. Each
# variant therefore runs right next to its own "no filter" run: ROUNDS rounds (default 4) of pairs, "no filter" first
# in odd rounds and second in even ones, SECONDS_PER_RUN each (default 5); a pair's ratio is variant / its "no
# filter", and a variant's ratio is the median of its pairs (with their range). The variants driven by a wrk Lua script
# (1,000 users, new token) are paired with "no filter" driven by the same script and tokens (to /bench-open/api/open),
# so that the script's own CPU, which competes with the server for the same cores, is in both; their ratio to the
# scriptless "no filter" is printed too. Before the rounds every variant warms up for WARMUP seconds (default 15;
# WildFly's throughput still rises for minutes). Latency: p50/p99 at saturation (CONNECTIONS, default 32) come from
# the same runs; the p99 that zt adds is measured apart, at light load (LIGHT connections, default 2: one request at
# a time per wrk thread, no queue), as the median over the rounds of p99(zt filter, cached) - p99(no filter) in pairs.
# At saturation p99 is the run queue (2 cores, 32 connections), not the time a request takes. At the end the script
# prints each target of issue 15 with its figure in this run. TOKEN_RATE (default 8000) sizes the new-token sets.
#
# Usage: zt-bench/load/wrk-sample.sh [seconds-per-run] [connections]     (needs wrk: apt-get install wrk)
# Builds sample-war, zt-bench and zt-bench-peer, then runs WildFly from target/wildfly with a server directory of its
# own (a temporary copy: nothing is deployed into the tests' or `wildfly:run`'s configuration). Ports 8080 and 9990
# must be free. JAVA_HOME selects the server's JDK (the default java otherwise); PIN=1 gives the server and wrk one CPU
# each instead of sharing both (lib.sh). About 20 minutes with the defaults. VARIANTS="ztcached floorcached ..." runs
# only those variants on server 1 (each still next to its "no filter") and skips servers 2 and 3: a quick comparison,
# not a report of every target.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-5}
CONNECTIONS=${2:-32}
ROUNDS=${ROUNDS:-4}
WARMUP=${WARMUP:-15}
LIGHT=${LIGHT:-2}
source zt-bench/load/lib.sh

# Tokens: disjoint sets for the new-token runs of each round, sized for TOKEN_RATE requests/s (a run that runs out
# starts over and says so: "wrapped"; the 10,000-entry cache then still misses most of them), and 20,000 more for the
# warm-up; the last 1,000 are the users' tokens.
TOKEN_RATE=${TOKEN_RATE:-8000}
PER_ROUND=$((TOKEN_RATE * SECONDS_PER_RUN))
zt_prepare $((ROUNDS * PER_ROUND + 20000))
for r in $(seq 1 "$ROUNDS"); do
  head -n $((r * PER_ROUND)) "$WORK/tokens.txt" | tail -n "$PER_ROUND" >"$WORK/tokens-$r.txt"
done
tail -n 20000 "$WORK/tokens.txt" >"$WORK/tokens-0.txt"

AUTH="Authorization: Bearer $ACCESS"
NEW=(-s zt-bench/load/new-token.lua)
# The Lua script's variables go to wrk only: zt refuses to start with an unknown ZT_* variable in its environment.
tokens() { local file=$1; shift; ZT_TOKENS="$file" ZT_THREADS=$THREADS measure "${NEW[@]}" "$@"; }
ROUND=0
# variant NAME: one run of it (ROUND selects the new-token set).
variant() {
  case "$1" in
    open) measure "$H/bench-open/api/open" ;;
    openauth) measure -H "$AUTH" "$H/bench-open/api/open" ;;
    openlua) tokens "$WORK/tokens-users.txt" "$H/bench-open/api/open" ;;
    mpopen) measure "$H/bench/api/open" ;;
    ztopen) measure "$H/bench-zt/api/open" ;;
    ztcached) measure -H "$AUTH" "$H/bench-zt/api/mp" ;;
    floorcached) measure -H "$AUTH" "$H/bench-floor/api/mp" ;;
    ztusers) tokens "$WORK/tokens-users.txt" "$H/bench-zt/api/mp" ;;
    ztnew) tokens "$WORK/tokens-$ROUND.txt" "$H/bench-zt/api/mp" ;;
    mp) measure -H "$AUTH" "$H/bench/api/mp" ;;
    cdiopen) measure "$H/bench-cdi/api/open" ;;
    cdicached) measure -H "$AUTH" "$H/bench-cdi/api/mp" ;;
    shealth) measure "$H/sample/api/health" ;;
    scached) measure -H "$AUTH" "$H/sample/api/ping" ;;
    ssession) measure -H "Authorization: Bearer $SESSION" "$H/sample/api/ping" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}
RESULTS="$WORK/results.txt"
: >"$RESULTS"
record() { echo "$SERVER $1 $ROUND $2 $3" >>"$RESULTS"; } # server, role, round, variant, "rps p50 p99 refused wrapped"
# session SERVER "VARIANTS": warm-up, then ROUNDS rounds of pairs (each variant next to its "no filter") and, on
# server 1, the light-load latency pairs.
session() {
  SERVER=$1
  local variants=$2 v base saved=$SECONDS_PER_RUN
  SECONDS_PER_RUN=$WARMUP
  ROUND=0
  for v in open openlua $variants; do variant "$v" >/dev/null; done
  SECONDS_PER_RUN=$saved
  for ROUND in $(seq 1 "$ROUNDS"); do
    for v in $variants; do
      case "$v" in ztusers|ztnew) base=openlua ;; *) base=open ;; esac
      if ((ROUND % 2)); then
        record base "$v" "$(variant "$base")"; record run "$v" "$(variant "$v")"
      else
        record run "$v" "$(variant "$v")"; record base "$v" "$(variant "$base")"
      fi
    done
    if [[ "$SERVER" == 1 ]]; then
      local c=$CONNECTIONS
      CONNECTIONS=$LIGHT
      record lightbase ztcached "$(variant open)"; record light ztcached "$(variant ztcached)"
      CONNECTIONS=$c
    fi
    echo "server $SERVER: round $ROUND of $ROUNDS done" >&2
  done
}

start_server ""
SESSION=$(curl -fs -H 'Accept: application/json' -d 'username=alice&password=alice-password' "$H/sample/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')
for url in "$H/bench-open/api/open" "$H/bench/api/open" "$H/bench-zt/api/open" "$H/bench-cdi/api/open" \
  "$H/sample/api/health"; do
  check "$url"
done
for url in "$H/bench-zt/api/mp" "$H/bench/api/mp" "$H/bench-cdi/api/mp" "$H/sample/api/ping" "$H/bench-floor/api/mp"; do
  check -H "$AUTH" "$url"
done
check -H "Authorization: Bearer $SESSION" "$H/sample/api/ping"
session 1 "${VARIANTS:-openauth mpopen ztopen ztcached floorcached ztusers ztnew mp cdiopen cdicached shealth scached ssession}"
stop_server
if [[ -n "${VARIANTS:-}" ]]; then
  cp "$RESULTS" zt-bench/target/wrk-results.txt
  python3 zt-bench/load/wrk-report.py "$RESULTS"
  exit 0
fi

start_server "-Dzt.risk.checks=none"
for url in "$H/bench-zt/api/mp" "$H/sample/api/ping"; do check -H "$AUTH" "$url"; done
session 2 "openauth ztcached ztusers scached"
stop_server

# Server 3: the container gets zt's caller through zt-cdi's Jakarta Security mechanism and WildFly's JASPI bridge (the
# portable way, and the only one before zt.container-identity).
start_server "-Dzt.container-identity=jakarta-security"
for url in "$H/bench-cdi/api/mp" "$H/sample/api/ping"; do check -H "$AUTH" "$url"; done
session 3 "cdiopen cdicached shealth scached"
stop_server

cp "$RESULTS" zt-bench/target/wrk-results.txt
python3 zt-bench/load/wrk-report.py "$RESULTS"
