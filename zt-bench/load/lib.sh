# Shared by wrk-sample.sh and profile.sh (sourced, not run): builds the WARs, makes tokens and a private WildFly server
# directory, starts and stops the server, and measures one variant with wrk. The caller sets SECONDS_PER_RUN,
# CONNECTIONS and THREADS, and calls zt_prepare <number of tokens> before anything else.
H=http://127.0.0.1:8080
THREADS=2
# PIN=1 runs the server on CPU 0 and wrk on CPU 1 (taskset), so that the load generator's own work (its Lua scripts
# above all) does not compete with the server; PIN=0 (default) lets both share every CPU. On a 2-core machine pinning
# starves WildFly's JIT and GC: after 3 minutes of load its throughput still doubled from one round to the next, so the
# ratios of a pinned run mostly measure warm-up.
PIN=${PIN:-0}
if [[ "$PIN" == 1 && $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then
  SERVER_CPUS="taskset -c 0"
  WRK_CPUS="taskset -c 1"
else
  SERVER_CPUS=
  WRK_CPUS=
fi
WORK=$(mktemp -d)
SERVER_PID=
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# zt_prepare N: build, then N RS256 tokens (one key for zt and MicroProfile JWT alike; "$WORK/tokens.txt", the last one
# in ACCESS, the last 1,000 in tokens-users.txt) and the server directory: the sample's configuration plus WildFly's
# MicroProfile JWT subsystem, every WAR deployed. Signing costs about 1 ms a token.
zt_prepare() {
  command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
  mvn -B -q -pl sample-war,zt-bench,zt-bench-peer -am package -DskipTests
  JBOSS_HOME=$(ls -d "$PWD"/target/wildfly/wildfly-*/ | head -1)
  JBOSS_HOME=${JBOSS_HOME%/}
  "$JAVA" -cp zt-bench/target/benchmarks.jar dev.zt.bench.LoadTokens "$WORK" "$1"
  tail -n 1000 "$WORK/tokens.txt" >"$WORK/tokens-users.txt"
  ACCESS=$(tail -n 1 "$WORK/tokens.txt")
  mkdir -p "$WORK/server/deployments"
  cp -r "$JBOSS_HOME/standalone/configuration" "$WORK/server/"
  python3 - "$WORK/server/configuration" <<'PY'
import re, sys
d = sys.argv[1]
xml = open(d + "/standalone-sample.xml").read()
# the sample's demo listener "from France" (build/wildfly-zt.cli) would cost every request its predicate
xml = re.sub(r'\s*<(http-listener|filter-ref|expression-filter) name="demo-france"[^>]*/>', '', xml)
# a sample `wildfly:run` deployed stays in its configuration, but not its content: this server deploys its own WARs
xml = re.sub(r'\s*<deployments>.*?</deployments>', '', xml, flags=re.S)
if "microprofile.jwt-smallrye" not in xml:
    xml = xml.replace("</extensions>",
        '    <extension module="org.wildfly.extension.microprofile.jwt-smallrye"/>\n    </extensions>', 1)
    xml = xml.replace("</profile>", '    <subsystem xmlns="urn:wildfly:microprofile-jwt-smallrye:1.0"/>\n    </profile>', 1)
open(d + "/standalone-bench.xml", "w").write(xml)
PY
  cp sample-war/target/sample.war zt-bench-peer/target/bench.war zt-bench-peer/target/bench-zt.war \
    zt-bench-peer/target/bench-cdi.war zt-bench-peer/target/bench-open.war zt-bench-peer/target/bench-floor.war \
    "$WORK/server/deployments/"
  OPTS="-Xms512m -Xmx1g"
  # The sample's demo limits are for people; a load test is one client hammering one subject.
  OPTS="$OPTS -Dzt.risk.rate.max-per-minute=1000000 -Dzt.risk.rate.revoke-per-minute=1000000"
  # The sample's own (pooled) risk check has 50 ms to run, pool wait included; at saturation on 2 cores, during a
  # JIT or GC pause, it missed that and its requests were denied (risk_check_failed). Sized for peak load, as
  # docs/configuration.md advises: this harness measures throughput, not overload.
  OPTS="$OPTS -Dzt.risk.timeout=1s"
  # wrk never takes a refreshed session token: the one the script logs in with must outlive a server's rounds.
  OPTS="$OPTS -Dzt.session.ttl=60m -Dzt.session.refresh-before=60s"
  OPTS="$OPTS -Dzt.issuers.bench.issuer=urn:zt:bench -Dzt.issuers.bench.audience=zt-bench"
  OPTS="$OPTS -Dzt.issuers.bench.public-key=file:$WORK/bench-public.pem -Dzt.issuers.bench.algorithms=RS256"
  OPTS="$OPTS -Dmp.jwt.verify.publickey.location=file:$WORK/bench-public.pem -Dmp.jwt.verify.issuer=urn:zt:bench"
  OPTS="$OPTS -Dmp.jwt.verify.audiences=zt-bench"
  trap 'stop_server; cp "$WORK/server.log" zt-bench/target/wrk-server.log 2>/dev/null; rm -rf "$WORK"' EXIT
}

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    "$JBOSS_HOME/bin/jboss-cli.sh" --connect --controller=127.0.0.1:9990 --command=:shutdown >/dev/null 2>&1 \
      || kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

# start_server "extra JVM options": a fresh start (no data, tmp or log of an earlier one), once every WAR answers.
start_server() {
  rm -rf "$WORK/server/data" "$WORK/server/tmp" "$WORK/server/log"
  JAVA_OPTS="$OPTS $1" $SERVER_CPUS "$JBOSS_HOME/bin/standalone.sh" -Djboss.server.base.dir="$WORK/server" \
    -c standalone-bench.xml -b 127.0.0.1 -bmanagement 127.0.0.1 >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 180); do
    if curl -fs -o /dev/null "$H/sample/api/health" && curl -fs -o /dev/null "$H/bench/api/open" \
      && curl -fs -o /dev/null "$H/bench-zt/api/open" && curl -fs -o /dev/null "$H/bench-cdi/api/open" \
      && curl -fs -o /dev/null "$H/bench-open/api/open" && curl -fs -o /dev/null "$H/bench-floor/api/open"; then
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
  out=$($WRK_CPUS wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$@")
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {n=$NF} /^wrapped/ {w=$2}
       END {print r, p50, p99, n + 0, w + 0}' <<<"$out"
}

check() { # every variant must answer 200 before it is measured
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [[ "$code" == 200 ]] || { echo "expected 200 from ${*: -1}, got $code; see zt-bench/target/wrk-server.log" >&2
    exit 1; }
}
