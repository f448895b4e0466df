#!/usr/bin/env bash
# ticketflow benchmark: the embedded stack on a fresh data dir, the peer workload over HTTP, then a peer engine on
# the same workload right after, and one table with both and the ratio ticketflow/peer.
# See README.md ("Benchmark") and docs/performance.md.
set -euo pipefail

usage() {
  cat <<'EOF'
bench/run.sh [options]
  --one | --eight | --creates  run only these scenarios (combinable): closed:1 | closed:8 + open:auto | creates:32
  --scenarios LIST             explicit list, e.g. closed:1,closed:8,open:auto,creates:32 (the default)
  --seconds S                  measured seconds per scenario (default 30)
  --warmup S                   warm-up seconds before the first scenario, at least (default 30; it goes on while
                               the stack's JIT compilers stay busy, up to --warmup-max S, default 240)
  --preload N                  then create N tickets and run the scenarios again on the fuller store
  --jfr                        record the stack with JFR during each measured phase, print the hot spots
  --peer camunda7|flowable|none  peer engine (default camunda7)
  --peer-db h2|pg              peer store (default h2, in memory; pg runs ../shared/peers/pg-setup.sh)
  --peer-n N                   peer lifecycles / starts per scenario (default 2000 / 5000)
  --peer-warmup N              peer warm-up lifecycles (default 1000)
  --no-build                   never build, use the jars as they are
  --keep-data                  keep the stack's data dir
  --out DIR                    where logs, CSV, JFR files and the report go (default bench/target/run-<time>)
env: TICKETFLOW_ADMIN_KEY (default: a random key), BENCH_GATEWAY_PORT (18080), BENCH_KAFKA_PORT (19192),
     BENCH_MONGO_PORT (27117), STACK_JVM_OPTS, BENCH_JVM_OPTS, PEERS_SRC (../shared/peers), PEERS_DIR (copy)
EOF
}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SCENARIOS=""; SECONDS_PER=30; WARMUP=30; WARMUP_MAX=240; PRELOAD=0; JFR=0; PEER=camunda7; PEER_DB=h2
PEER_N=2000; PEER_START_N=5000; PEER_WARMUP=1000; BUILD=1; KEEP_DATA=0; OUT=""
add() { SCENARIOS="${SCENARIOS:+$SCENARIOS,}$1"; }
while [ $# -gt 0 ]; do
  case $1 in
    --one) add closed:1 ;;
    --eight) add closed:8; add open:auto ;;
    --creates) add creates:32 ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --seconds) SECONDS_PER=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --warmup-max) WARMUP_MAX=$2; shift ;;
    --preload) PRELOAD=$2; shift ;;
    --jfr) JFR=1 ;;
    --peer) PEER=$2; shift ;;
    --peer-db) PEER_DB=$2; shift ;;
    --peer-n) PEER_N=$2; PEER_START_N=$2; shift ;;
    --peer-warmup) PEER_WARMUP=$2; shift ;;
    --no-build) BUILD=0 ;;
    --keep-data) KEEP_DATA=1 ;;
    --out) OUT=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1"; usage; exit 2 ;;
  esac
  shift
done
SCENARIOS=${SCENARIOS:-closed:1,closed:8,open:auto,creates:32}
OUT=${OUT:-$ROOT/bench/target/run-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18080}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19192}
MONGO_PORT=${BENCH_MONGO_PORT:-27117}
ADMIN_KEY=${TICKETFLOW_ADMIN_KEY:-tf_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
STACK_JAR=devstack/target/ticketflow-devstack.jar
BENCH_JAR=bench/target/ticketflow-bench.jar
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "bench run: scenarios $SCENARIOS, ${SECONDS_PER}s each; output in $OUT; load average $(load)"

# 1. build if a source is newer than the jars
if [ $BUILD = 1 ]; then
  newer_than() {  # the first source file under the given paths newer than $1
    local jar=$1; shift
    find "$@" -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) \
      -type f -newer "$jar" -print -quit
  }
  if [ ! -f $STACK_JAR ] || [ -n "$(newer_than $STACK_JAR $(ls -d */ | grep -v '^bench/') pom.xml)" ]; then
    echo "building the stack and the bench (mvn -B -q -DskipTests package) ..."
    nice mvn -B -q -DskipTests package
  elif [ ! -f $BENCH_JAR ] || [ -n "$(newer_than $BENCH_JAR bench)" ]; then
    echo "building the bench (mvn -B -q -pl bench package) ..."
    nice mvn -B -q -pl bench package
  fi
fi

# 2. the embedded stack on a fresh data dir, fixed ports
DATA=$(mktemp -d /tmp/ticketflow-bench-data.XXXXXX)
STACK_PID=""
stop_stack() {
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID"
    for _ in $(seq 1 60); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$STACK_PID" 2>/dev/null && kill -KILL "$STACK_PID"
    wait "$STACK_PID" 2>/dev/null || true
  fi
  STACK_PID=""
  if [ $KEEP_DATA = 0 ]; then rm -rf "$DATA"; fi
}
trap stop_stack EXIT
echo "starting the stack (data $DATA, gateway :$GATEWAY_PORT, kafka :$KAFKA_PORT, mongodb :$MONGO_PORT) ..."
TICKETFLOW_DATA_DIR=$DATA TICKETFLOW_ADMIN_KEY=$ADMIN_KEY TICKETFLOW_GATEWAY_PORT=$GATEWAY_PORT \
  TICKETFLOW_KAFKA_PORT=$KAFKA_PORT TICKETFLOW_MONGO_PORT=$MONGO_PORT \
  java ${STACK_JVM_OPTS:-} -jar $STACK_JAR >"$OUT/stack.log" 2>&1 &
STACK_PID=$!
started=$(date +%s)
until curl -sf "http://127.0.0.1:$GATEWAY_PORT/actuator/health" 2>/dev/null | grep -q '"UP"'; do
  if ! kill -0 $STACK_PID 2>/dev/null; then
    echo "the stack exited; last lines of $OUT/stack.log:"; tail -30 "$OUT/stack.log"; exit 1
  fi
  if [ $(( $(date +%s) - started )) -gt 300 ]; then
    echo "the stack is not healthy after 300 s; last lines of $OUT/stack.log:"; tail -30 "$OUT/stack.log"; exit 1
  fi
  sleep 1
done
echo "stack up in $(( $(date +%s) - started )) s (pid $STACK_PID); load average $(load)"

# 3. ticketflow
BENCH_ARGS=(--url "http://127.0.0.1:$GATEWAY_PORT" --key "$ADMIN_KEY" --stack-pid "$STACK_PID"
  --mongo "mongodb://127.0.0.1:$MONGO_PORT" --kafka "127.0.0.1:$KAFKA_PORT" --scenarios "$SCENARIOS"
  --seconds "$SECONDS_PER" --warmup "$WARMUP" --warmup-max "$WARMUP_MAX" --csv "$OUT/ticketflow.csv")
[ "$PRELOAD" != 0 ] && BENCH_ARGS+=(--preload "$PRELOAD")
[ $JFR = 1 ] && BENCH_ARGS+=(--jfr "$OUT/jfr")
java ${BENCH_JVM_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC} -jar $BENCH_JAR "${BENCH_ARGS[@]}" | tee "$OUT/ticketflow.txt"
stop_stack
echo "stack stopped; load average $(load)"

# 4. the peer, same workload, right after
PEER_ARGS=()
if [ "$PEER" != none ]; then
  PEERS_SRC=${PEERS_SRC:-$ROOT/../shared/peers}
  [ -d "$PEERS_SRC" ] || PEERS_SRC=/work/shared/peers
  PEERS_DIR=${PEERS_DIR:-$ROOT/bench/target/peers}
  if [ ! -d "$PEERS_DIR" ]; then
    # the shared folder may be read-only: work on a copy
    mkdir -p "$(dirname "$PEERS_DIR")" && cp -r "$PEERS_SRC" "$PEERS_DIR" && chmod -R u+w "$PEERS_DIR"
  fi
  if [ ! -d "$PEERS_DIR/$PEER/target/lib" ]; then
    echo "building the peer harness ($PEER) ..."
    (cd "$PEERS_DIR" && nice mvn -B -q package -DskipTests -pl "common,$PEER" -am)
  fi
  [ "$PEER_DB" = pg ] && "$PEERS_DIR/pg-setup.sh"
  for scenario in ${SCENARIOS//,/ }; do
    kind=${scenario%%:*}; n=${scenario##*:}
    case $kind in
      closed) args=(lifecycle "$PEER_N" "$n" "$PEER_WARMUP") ;;
      creates) args=(start "$PEER_START_N" "$n" "$PEER_WARMUP") ;;
      *) continue ;;   # the peer harness has no open loop
    esac
    log="$OUT/peer-${scenario//:/-}.log"
    echo "peer $PEER/$PEER_DB ${args[*]} (load average $(load)) ..."
    { echo "# load average before $(load)"
      (cd "$PEERS_DIR" && ./run.sh "$PEER" "$PEER_DB" "${args[@]}") 2>&1 || echo "peer run failed"
      echo "# load average after $(load)"; } >"$log"
    grep -E "throughput|lifecycle |start " "$log" | sed 's/^/  /' || true
    PEER_ARGS+=(--peer "$scenario=$log")
  done
fi

# 5. one table
java -jar $BENCH_JAR report --csv "$OUT/ticketflow.csv" "${PEER_ARGS[@]}" | tee "$OUT/report.md"
echo "load average at the end $(load); everything is in $OUT"
