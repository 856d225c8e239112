#!/usr/bin/env bash
# End-to-end load on one WildFly, every figure a ratio to "no filter" measured in the same run, the variants
# interleaved (two rounds) so that a server still warming up favours none of them. One trivial JAX-RS resource,
# deployed three ways (zt-bench-peer), plus the sample:
#   no filter              GET /bench-open/api/open  bench-open.war: no security at all
#   MicroProfile JWT, none GET /bench/api/open       bench.war (MicroProfile JWT deployment), no token
#   zt filter, public      GET /bench-zt/api/open    bench-zt.war (the zt filter alone): request firewall only
#   zt filter, cached      GET /bench-zt/api/mp      one RS256 access token (verified once, then cached) + the six
#                                                    built-in risk checks; @RolesAllowed through zt's identity
#   zt filter, 1,000 users GET /bench-zt/api/mp      1,000 users' RS256 tokens in turn (each cached after its first use)
#   zt filter, new token   GET /bench-zt/api/mp      a different RS256 access token on every request
#   MicroProfile JWT       GET /bench/api/mp         the same RS256 token, WildFly's microprofile-jwt-smallrye
#   sample, public         GET /sample/api/health    the sample: zt filter + zt-cdi + its Jakarta Security mechanism
#   sample, cached         GET /sample/api/ping      ... + the sample's own (pooled) risk check
#   sample, session token  GET /sample/api/ping      a zt session token
# then, on a restarted server with zt.risk.checks=none: "no filter", "zt filter, cached", "zt filter, 1,000 users" and
# "sample, cached".
# Every deployment of the resource runs the same RESTEasy code; what differs is the security in front of it.
# A warm-up round (not reported) precedes two reported rounds. Prints requests/s, the ratio, p50/p99 (second round)
# and refused answers (non-2xx, both reported rounds). TOKEN_RATE (default 12000) sizes the new-token sets.
#
# Usage: zt-bench/load/wrk-sample.sh [seconds-per-run] [connections]     (needs wrk: apt-get install wrk)
# Builds sample-war, zt-bench and zt-bench-peer, then runs WildFly from target/wildfly with a server directory of its
# own (a temporary copy: nothing is deployed into the tests' or `wildfly:run`'s configuration). Ports 8080 and 9990
# must be free. JAVA_HOME selects the server's JDK (the default java otherwise).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
THREADS=2
H=http://127.0.0.1:8080
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
WORK=$(mktemp -d)
SERVER_PID=

mvn -B -q -pl sample-war,zt-bench,zt-bench-peer -am package -DskipTests
JBOSS_HOME=$(ls -d "$PWD"/target/wildfly/wildfly-*/ | head -1)
JBOSS_HOME=${JBOSS_HOME%/}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# Tokens: one RS256 key for zt and MicroProfile JWT alike; disjoint sets for the reported "new token" rounds, sized for
# TOKEN_RATE requests/s (a round that runs out starts over and says so: "wrapped"; the 10,000-entry cache then still
# misses most of them), and 20,000 more for the warm-up round. Signing costs about 1 ms a token.
TOKEN_RATE=${TOKEN_RATE:-12000}
PER_ROUND=$((TOKEN_RATE * SECONDS_PER_RUN))
"$JAVA" -cp zt-bench/target/benchmarks.jar dev.zt.bench.LoadTokens "$WORK" $((2 * PER_ROUND + 20000))
head -n "$PER_ROUND" "$WORK/tokens.txt" >"$WORK/tokens-1.txt"
head -n $((2 * PER_ROUND)) "$WORK/tokens.txt" | tail -n "$PER_ROUND" >"$WORK/tokens-2.txt"
tail -n 20000 "$WORK/tokens.txt" >"$WORK/tokens-0.txt"
tail -n 1000 "$WORK/tokens.txt" >"$WORK/tokens-users.txt"
ACCESS=$(tail -n 1 "$WORK/tokens.txt")

# The server directory: the sample's configuration plus WildFly's MicroProfile JWT subsystem, both WARs deployed.
mkdir -p "$WORK/server/deployments"
cp -r "$JBOSS_HOME/standalone/configuration" "$WORK/server/"
python3 - "$WORK/server/configuration" <<'PY'
import sys
d = sys.argv[1]
xml = open(d + "/standalone-sample.xml").read()
if "microprofile.jwt-smallrye" not in xml:
    xml = xml.replace("</extensions>",
        '    <extension module="org.wildfly.extension.microprofile.jwt-smallrye"/>\n    </extensions>', 1)
    xml = xml.replace("</profile>", '    <subsystem xmlns="urn:wildfly:microprofile-jwt-smallrye:1.0"/>\n    </profile>', 1)
open(d + "/standalone-bench.xml", "w").write(xml)
PY
cp sample-war/target/sample.war zt-bench-peer/target/bench.war zt-bench-peer/target/bench-zt.war \
  zt-bench-peer/target/bench-open.war "$WORK/server/deployments/"

OPTS="-Xms512m -Xmx1g"
# The sample's demo limits are for people; a load test is one client hammering one subject.
OPTS="$OPTS -Dzt.risk.rate.max-per-minute=1000000 -Dzt.risk.rate.revoke-per-minute=1000000"
OPTS="$OPTS -Dzt.session.ttl=10m -Dzt.session.refresh-before=60s"
OPTS="$OPTS -Dzt.issuers.bench.issuer=urn:zt:bench -Dzt.issuers.bench.audience=zt-bench"
OPTS="$OPTS -Dzt.issuers.bench.public-key=file:$WORK/bench-public.pem -Dzt.issuers.bench.algorithms=RS256"
OPTS="$OPTS -Dmp.jwt.verify.publickey.location=file:$WORK/bench-public.pem -Dmp.jwt.verify.issuer=urn:zt:bench"
OPTS="$OPTS -Dmp.jwt.verify.audiences=zt-bench"

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    "$JBOSS_HOME/bin/jboss-cli.sh" --connect --controller=127.0.0.1:9990 --command=:shutdown >/dev/null 2>&1 \
      || kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap 'stop_server; cp "$WORK/server.log" zt-bench/target/wrk-server.log 2>/dev/null; rm -rf "$WORK"' EXIT

start_server() {
  rm -rf "$WORK/server/data" "$WORK/server/tmp" "$WORK/server/log"
  JAVA_OPTS="$OPTS $1" "$JBOSS_HOME/bin/standalone.sh" -Djboss.server.base.dir="$WORK/server" \
    -c standalone-bench.xml -b 127.0.0.1 -bmanagement 127.0.0.1 >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 180); do
    if curl -fs -o /dev/null "$H/sample/api/health" && curl -fs -o /dev/null "$H/bench/api/open" \
      && curl -fs -o /dev/null "$H/bench-zt/api/open" && curl -fs -o /dev/null "$H/bench-open/api/open"; then
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "WildFly exited; see zt-bench/target/wrk-server.log" >&2; exit 1; fi
    sleep 1
  done
  echo "the deployments did not answer within 180 s; see zt-bench/target/wrk-server.log" >&2
  exit 1
}

# One line "requests/s p50 p99 refused wrapped" from wrk --latency.
measure() {
  local out
  out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$@")
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {n=$NF} /^wrapped/ {w=$2}
       END {print r, p50, p99, n + 0, w + 0}' <<<"$out"
}

check() { # every variant must answer 200 before it is measured
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [[ "$code" == 200 ]] || { echo "expected 200 from ${*: -1}, got $code; see zt-bench/target/wrk-server.log" >&2
    exit 1; }
}

AUTH="Authorization: Bearer $ACCESS"
NEW=(-s zt-bench/load/new-token.lua)
start_server ""
SESSION=$(curl -fs -H 'Accept: application/json' -d 'username=alice&password=alice-password' "$H/sample/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')
for url in "$H/bench-open/api/open" "$H/bench/api/open" "$H/bench-zt/api/open" "$H/sample/api/health"; do
  check "$url"
done
for url in "$H/bench-zt/api/mp" "$H/bench/api/mp" "$H/sample/api/ping"; do check -H "$AUTH" "$url"; done
check -H "Authorization: Bearer $SESSION" "$H/sample/api/ping"
# Round 0 warms the server up (JIT, pools, caches) and is not reported: WildFly's throughput still doubles during
# the first minutes, which would favour whatever runs last. Rounds 1 and 2 are reported.
declare -A R
for round in 0 1 2; do
  R[open$round]=$(measure "$H/bench-open/api/open")
  R[mpopen$round]=$(measure "$H/bench/api/open")
  R[ztopen$round]=$(measure "$H/bench-zt/api/open")
  R[ztcached$round]=$(measure -H "$AUTH" "$H/bench-zt/api/mp")
  R[ztusers$round]=$(ZT_TOKENS="$WORK/tokens-users.txt" ZT_THREADS=$THREADS measure "${NEW[@]}" "$H/bench-zt/api/mp")
  R[ztnew$round]=$(ZT_TOKENS="$WORK/tokens-$round.txt" ZT_THREADS=$THREADS measure "${NEW[@]}" "$H/bench-zt/api/mp")
  R[mp$round]=$(measure -H "$AUTH" "$H/bench/api/mp")
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
  R[bztusers$round]=$(ZT_TOKENS="$WORK/tokens-users.txt" ZT_THREADS=$THREADS measure "${NEW[@]}" "$H/bench-zt/api/mp")
  R[bscached$round]=$(measure -H "$AUTH" "$H/sample/api/ping")
done
stop_server

python3 - <<PY
rows = {k: v.split() for k, v in {
$(for k in "${!R[@]}"; do printf '    "%s": "%s",\n' "$k" "${R[$k]}"; done)
}.items()}
def rps(name):
    return (float(rows[name + "1"][0]) + float(rows[name + "2"][0])) / 2
def line(label, name, base):
    r = rps(name)
    last = rows[name + "2"]
    refused = int(rows[name + "1"][3]) + int(rows[name + "2"][3])
    wrapped = int(rows[name + "1"][4]) + int(rows[name + "2"][4])
    note = f"  (token sets wrapped {wrapped}x)" if wrapped and name == "ztnew" else ""
    print(f"{label:36s} {r:7.0f} req/s  ratio {r / base:4.2f}  p50 {last[1]:>8s}  p99 {last[2]:>8s}"
          f"  refused {refused}  runs: {rows[name + '1'][0]} {rows[name + '2'][0]}{note}")
b = rps("open")
print(f"server 1 (risk checks on), ratios to 'no filter' ({b:.0f} req/s):")
line("no filter (bench-open /api/open)", "open", b)
line("MicroProfile JWT deployment, no token", "mpopen", b)
line("zt filter, public path", "ztopen", b)
line("zt filter, cached token", "ztcached", b)
line("zt filter, 1,000 users (cached)", "ztusers", b)
line("zt filter, new token every request", "ztnew", b)
line("MicroProfile JWT (same token)", "mp", b)
line("sample, public path", "shealth", b)
line("sample, cached token", "scached", b)
line("sample, session token", "ssession", b)
print(f"  zt filter cached / MicroProfile JWT: {rps('ztcached') / rps('mp'):.2f}"
      f"   zt filter new token / MicroProfile JWT: {rps('ztnew') / rps('mp'):.2f}")
b2 = rps("bopen")
print(f"server 2 (zt.risk.checks=none), ratios to its own 'no filter' ({b2:.0f} req/s):")
line("no filter (bench-open /api/open)", "bopen", b2)
line("zt filter, cached token, risk off", "bztcached", b2)
line("zt filter, 1,000 users, risk off", "bztusers", b2)
line("sample, cached token, risk off", "bscached", b2)
PY
