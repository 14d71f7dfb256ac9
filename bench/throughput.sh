#!/usr/bin/env bash
# HTTP throughput and latency of the host's health and metrics endpoints beside a bare Boot
# app's no-op /ping, measured with wrk in one run, the same JDK, against the same backends, one
# application at a time; every figure also as a ratio to /ping. The JIT needs its time on two
# cores (a cold host serves a fifth of what it serves warm): each application first gets all its
# endpoints at once for the warm-up, then each endpoint a third of it again before it is measured.
# /health/system is measured again with Redis frozen and with PostgreSQL frozen (SIGSTOP of their
# processes, found by their ports; thawed before the next). With PostgreSQL frozen the system is
# DOWN and every answer 503, after which Tomcat closes the connection: that row is also compared
# with the bare app's no-op answered 503 (/unavailable), which pays the same new connection.
#
#   bench/throughput.sh [-d seconds measured] [-w seconds of warm-up] [-c connections]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools curl wrk

duration=8 warmup=30 connections=4
while getopts "d:w:c:" opt; do
	case "$opt" in
		d) duration="$OPTARG" ;;
		w) warmup="$OPTARG" ;;
		c) connections="$OPTARG" ;;
		*) exit 2 ;;
	esac
done

app=""
trap '[ -n "$app" ] && stop_process "$app"; backends_stop' EXIT
trap 'exit 130' INT TERM
jar="$(host_jar)"
reference="$(reference_jar)"
backends_start
java_home="$(jdk_home "${BENCH_JDK:-}")"
port=18200

# Starts an application and waits for the URL to answer 200.
launch() {
	local ready_url="$1"; shift
	(
		set -a; source "$BACKENDS_ENV"; set +a
		export SERVER_PORT=$port ADMIN_TOKEN=bench-admin-token SPRING_DATA_REDIS_HOST="$REDIS_HOST" SPRING_DATA_REDIS_PORT="$REDIS_PORT"
		cd "$BENCH_DIR" && exec "$java_home/bin/java" -Xmx512m "$@"
	) >"$BENCH_DIR/throughput-app.log" 2>&1 &
	app=$!
	for _ in $(seq 900); do [ "$(http_code "$ready_url")" = 200 ] && return; sleep 0.1; done
	echo "did not answer $ready_url; see $BENCH_DIR/throughput-app.log" >&2
	exit 1
}

# Every path of the running application at once, one connection each, for the warm-up.
warm_up() {
	local pids=()
	for path in "$@"; do
		wrk -t1 -c1 -d"${warmup}s" "http://127.0.0.1:$port$path" >/dev/null 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
}

# Prints "<requests/s> <p50 ms> <p99 ms> <non-2xx>" for one URL.
measure() {
	local url="$1" out
	wrk -t1 -c"$connections" -d$((warmup / 3))s "$url" >/dev/null 2>&1
	out="$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$url")"
	awk '
		function ms(v) {
			if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
			if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
			if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
			return v
		}
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Requests\/sec/ { rps = $2 }
		/Non-2xx/ { bad = $NF }
		END { printf "%d %.2f %.2f %d\n", rps, p50, p99, bad }
	' <<<"$out"
}

declare -A results
reference_paths=(/ping /unavailable /actuator/health /actuator/prometheus)
host_paths=(/health/system /health/service/redis /health/circuit-breakers /actuator/health /actuator/prometheus)
launch "http://127.0.0.1:$port/ping" -jar "$reference"
warm_up "${reference_paths[@]}"
for path in "${reference_paths[@]}"; do
	results["reference $path"]="$(measure "http://127.0.0.1:$port$path")"
done
stop_process "$app"; app=""

launch "http://127.0.0.1:$port/actuator/health/readiness" -jar "$jar"
# Every service UP first, so that each endpoint answers as it does in steady state.
for _ in $(seq 300); do curl -s "http://127.0.0.1:$port/health/system" | grep -q '"status":"UP"' && break; sleep 0.2; done
warm_up "${host_paths[@]}"
for path in "${host_paths[@]}"; do
	results["host $path"]="$(measure "http://127.0.0.1:$port$path")"
done

# The same answer with one dependency frozen (SIGSTOP: its connections stay open and nothing
# answers on them), measured once health says the service is DOWN; thawed before the next.
frozen=()
thaw() {
	if [ "${#frozen[@]}" -gt 0 ]; then kill -CONT "${frozen[@]}" 2>/dev/null || true; fi
	frozen=()
}
trap 'thaw; [ -n "$app" ] && stop_process "$app"; backends_stop' EXIT
await_service() {
	for _ in $(seq 300); do
		curl -s -m 5 "http://127.0.0.1:$port/health/service/$1" | grep -q "\"status\":\"$2\"" && return
		sleep 0.2
	done
	echo "$1 never $2" >&2
	exit 1
}
# Freezes a process and then its children (listed once it is stopped, so that it starts none
# meanwhile; one that ends before its turn is no matter).
freeze() {
	frozen+=("$1")
	kill -STOP "$1"
	local child
	for child in $(pgrep -P "$1" || true); do
		kill -STOP "$child" 2>/dev/null && frozen+=("$child")
	done
	return 0
}
frozen_measure() {
	freeze "$2"
	local service="$1"
	await_service "$service" DOWN
	results["host /health/system, $service frozen"]="$(measure "http://127.0.0.1:$port/health/system")"
	thaw
	await_service "$service" UP
}
frozen_keys=()
REDIS_PORT="$(sed -n 's/^REDIS_PORT=//p' "$BACKENDS_ENV")"
DATABASE_PORT="$(sed -n 's/^DATABASE_PORT=//p' "$BACKENDS_ENV")"
redis_pid="$(pgrep -f "redis-server.*:$REDIS_PORT( |\$)" | head -1 || true)"
postmaster="$(pgrep -f "bin/postgres.*-p $DATABASE_PORT( |\$)" | head -1 || true)"
if [ -n "$redis_pid" ]; then
	frozen_measure redis "$redis_pid"
	frozen_keys+=("host /health/system, redis frozen")
fi
if [ -n "$postmaster" ]; then
	frozen_measure database "$postmaster"
	frozen_keys+=("host /health/system, database frozen")
fi
stop_process "$app"; app=""

ping="$(cut -d' ' -f1 <<<"${results[reference /ping]}")"
unavailable="$(cut -d' ' -f1 <<<"${results[reference /unavailable]}")"
echo
echo "HTTP, Java $(jdk_version "$java_home"), wrk -t1 -c$connections -d${duration}s, warm-up ${warmup} s + $((warmup / 3)) s an endpoint, one application at a time"
printf '%-38s %10s %9s %9s %9s %8s\n' endpoint "req/s" "vs /ping" "p50 ms" "p99 ms" "non-2xx"
for key in "reference /ping" "reference /unavailable" "reference /actuator/health" "reference /actuator/prometheus" \
	"host /health/system" "host /health/service/redis" "host /health/circuit-breakers" "host /actuator/health" \
	"host /actuator/prometheus" "${frozen_keys[@]}"; do
	read -r rps p50 p99 bad <<<"${results[$key]}"
	printf '%-38s %10s %9s %9s %9s %8s\n' "$key" "$rps" "$(ratio "$rps" "$ping")" "$p50" "$p99" "$bad"
done
if [ -n "${results[host /health/system, database frozen]:-}" ]; then
	read -r rps _ <<<"${results[host /health/system, database frozen]}"
	echo "host /health/system, database frozen (503) vs reference /unavailable (503): $(ratio "$rps" "$unavailable")"
fi
