#!/usr/bin/env bash
# Profiles one variant of the load benchmark: starts the benchmark's WildFly (as wrk-sample.sh does), drives the variant
# with wrk for a warm-up (WARMUP seconds, default 180: WildFly's throughput keeps rising for minutes), records its CPU
# samples with JFR (cpu.jfc: Java stacks every 2 ms, nothing else) for one run, and prints the hottest methods
# (jfr-top.py). The recording stays in zt-bench/target/profile-<variant>.jfr for JDK Mission
# Control or `jfr print`.
#
# Usage: zt-bench/load/profile.sh <variant> [seconds] [filter]
#   variants: open, ztopen, ztcached, floorcached, ztusers, cdiopen, cdicached, mp, shealth, scached (the names of
#             wrk-sample.sh),
#             and openauth: no filter, but with the cached variants' Authorization header
#   filter:   a substring (dev/zt, soteria, ...) that limits the "total" table to matching methods
# PIN, JAVA_HOME and the server options are as in wrk-sample.sh.
# PROFILER=async (default jfr) samples with async-profiler instead (tools.profiler:async-profiler from Maven Central,
# loaded at the server's start, sampling only during the profiled run): every thread's stacks, native and kernel frames
# included (JIT compiler, GC, the network stack), so that CPU JFR cannot see is attributed too. Its collapsed stacks
# stay in zt-bench/target/profile-<variant>.collapsed and a flame graph in profile-<variant>.html.
set -euo pipefail
cd "$(dirname "$0")/../.."
VARIANT=${1:?usage: profile.sh <variant> [seconds] [filter]}
SECONDS_PER_RUN=${2:-20}
FILTER=${3:-}
CONNECTIONS=32
source zt-bench/load/lib.sh
zt_prepare 1000
AUTH="Authorization: Bearer $ACCESS"
USERS=(-s zt-bench/load/new-token.lua)
case "$VARIANT" in
  open) ARGS=("$H/bench-open/api/open") ;;
  openauth) ARGS=(-H "$AUTH" "$H/bench-open/api/open") ;; # no filter, but the request carries the token's header
  ztopen) ARGS=("$H/bench-zt/api/open") ;;
  ztcached) ARGS=(-H "$AUTH" "$H/bench-zt/api/mp") ;;
  floorcached) ARGS=(-H "$AUTH" "$H/bench-floor/api/mp") ;; # a filter that only looks the token up (not security)
  ztusers) ARGS=("${USERS[@]}" "$H/bench-zt/api/mp") ;;
  cdiopen) ARGS=("$H/bench-cdi/api/open") ;;
  cdicached) ARGS=(-H "$AUTH" "$H/bench-cdi/api/mp") ;;
  mp) ARGS=(-H "$AUTH" "$H/bench/api/mp") ;;
  shealth) ARGS=("$H/sample/api/health") ;;
  scached) ARGS=(-H "$AUTH" "$H/sample/api/ping") ;;
  *) echo "unknown variant $VARIANT" >&2; exit 2 ;;
esac
PROFILER=${PROFILER:-jfr}
if [[ "$PROFILER" == async ]]; then
  [[ $(uname -m) == x86_64 ]] || { echo "PROFILER=async: only linux-x64 is wired here" >&2; exit 2; }
  mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$WORK" >/dev/null
  python3 - "$WORK/async-profiler-3.0.jar" "$WORK/libasyncProfiler.so" <<'PY'
import sys, zipfile
open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("linux-x64/libasyncProfiler.so"))
PY
  ASYNC="$WORK/libasyncProfiler.so"
  # Loaded at the start (a library attached to a warm server deoptimises it), started only for the profiled run;
  # DebugNonSafepoints lets the samples name the inlined method they fall in.
  start_server "-agentpath:$ASYNC -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
elif [[ "$PROFILER" == jfr ]]; then
  # JFR records from the server's start: starting a recording in a warm server (jcmd JFR.start) cut this server's
  # throughput from ~20,000 to ~1,700 req/s while it recorded (and to a third for a while after), so a profile taken
  # that way shows mostly the JVM recompiling. Only the profiled run's time span is dumped.
  start_server "-XX:StartFlightRecording=name=zt,settings=$PWD/zt-bench/load/cpu.jfc"
else
  echo "PROFILER is jfr or async, not $PROFILER" >&2; exit 2
fi
# The Lua script's variables go to wrk only: zt refuses to start with an unknown ZT_* variable in its environment.
run() { ZT_TOKENS="$WORK/tokens-users.txt" ZT_THREADS=$THREADS measure "${ARGS[@]}"; }
SECONDS_RUN=$SECONDS_PER_RUN
SECONDS_PER_RUN=${WARMUP:-180}
echo "warm-up: $(run)"
SECONDS_PER_RUN=$SECONDS_RUN
JVM=$(pgrep -P "$SERVER_PID" java | head -1)
if [[ "$PROFILER" == async ]]; then
  # jcmd hands the command to the loaded agent (as async-profiler's own asprof does); the inner quotes keep jcmd from
  # reading the command's "=" as its own named arguments. Every thread, each sampled per 1 ms of its CPU time.
  agent() { jcmd "$JVM" JVMTI.agent_load "$ASYNC" "\"$1\"" | grep -v '^[0-9]*:$\|^return code: 0$' || true; }
  agent "start,event=cpu,interval=1ms,threads"
  echo "profiled: $(run)   (requests/s p50 p99 refused wrapped)"
  agent "dump,flamegraph,file=$PWD/zt-bench/target/profile-$VARIANT.html"
  agent "stop,collapsed,file=$PWD/zt-bench/target/profile-$VARIANT.collapsed"
  echo "flame graph: zt-bench/target/profile-$VARIANT.html"
  python3 zt-bench/load/jfr-top.py "zt-bench/target/profile-$VARIANT.collapsed" 45 $FILTER
  exit 0
fi
BEGIN=$(date -u +%Y-%m-%dT%H:%M:%S)
echo "profiled: $(run)   (requests/s p50 p99 refused wrapped)"
END=$(date -u +%Y-%m-%dT%H:%M:%S)
jcmd "$JVM" JFR.dump name=zt begin="$BEGIN" end="$END" filename="$WORK/profile.jfr" >/dev/null
cp "$WORK/profile.jfr" "zt-bench/target/profile-$VARIANT.jfr"
echo "samples from $BEGIN to $END (UTC); more: zt-bench/load/jfr-top.py zt-bench/target/profile-$VARIANT.jfr --from $BEGIN --to $END"
python3 zt-bench/load/jfr-top.py "zt-bench/target/profile-$VARIANT.jfr" 45 $FILTER --from "$BEGIN" --to "$END"
