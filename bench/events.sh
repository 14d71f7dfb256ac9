#!/usr/bin/env bash
# Events: how fast the host accepts them over HTTP with Kafka up and with Kafka down (wrk, keyed
# POSTs over 1,000 keys), and how fast the relay drains a backlog of 100,000 queued events once
# Kafka is back. One application at a time, the same backends; needs wrk, curl and psql.
#
#   bench/events.sh [-d seconds measured] [-w seconds of warm-up] [-c connections] [-n backlog]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools curl wrk psql

duration=15 warmup=45 connections=16 backlog=100000
while getopts "d:w:c:n:" opt; do
	case "$opt" in
		d) duration="$OPTARG" ;;
		w) warmup="$OPTARG" ;;
		c) connections="$OPTARG" ;;
		n) backlog="$OPTARG" ;;
		*) exit 2 ;;
	esac
done

app=""
trap '[ -n "$app" ] && stop_process "$app"; backends_stop' EXIT
trap 'exit 130' INT TERM
jar="$(host_jar)"
backends_start
java_home="$(jdk_home "${BENCH_JDK:-}")"
port=18300
set -a; source "$BACKENDS_ENV"; set +a
database="bench_events_$$"
sql() { psql -q -t -A -h 127.0.0.1 -p "$DATABASE_PORT" -U postgres "$@"; }
sql -d postgres -c "CREATE DATABASE $database" >/dev/null

# Starts the host against the bench database; the first argument is where Kafka is.
launch() {
	(
		export SERVER_PORT=$port ADMIN_TOKEN=bench-admin-token DATABASE_NAME="$database" KAFKA_BOOTSTRAP_SERVERS="$1"
		cd "$BENCH_DIR" && exec "$java_home/bin/java" -Xmx512m -jar "$jar"
	) >"$BENCH_DIR/events-host.log" 2>&1 &
	app=$!
	for _ in $(seq 900); do [ "$(http_code "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] && return; sleep 0.1; done
	echo "the host did not get ready; see $BENCH_DIR/events-host.log" >&2
	exit 1
}

await_kafka() {
	for _ in $(seq 600); do
		curl -s "http://127.0.0.1:$port/health/service/kafka" | grep -q "\"status\":\"$1\"" && return
		sleep 0.1
	done
	echo "kafka never $1" >&2
	exit 1
}

lua="$BENCH_DIR/post-events.lua"
cat >"$lua" <<'LUA'
local n = 0
request = function()
	n = n + 1
	return wrk.format("POST", "/api/events/bench-events?key=k" .. (n % 1000),
		{ ["Content-Type"] = "application/json" }, '{"seq": ' .. n .. ', "payload": "a small event"}')
end
LUA

# Prints "<requests/s> <p50 ms> <p99 ms> <non-2xx>" of a wrk run posting events.
post_events() {
	wrk -t2 -c"$connections" -d"${1}s" --latency -s "$lua" "http://127.0.0.1:$port" | wrk_figures
}

# Reads wrk's report with --latency; prints "<requests/s> <p50 ms> <p99 ms> <non-2xx>".
wrk_figures() {
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
		END { printf "%d %.2f %.2f %d\n", rps, p50, p99, bad }'
}

# Kafka up: events go straight to Kafka (the JIT warmed up first: a cold host on two cores
# serves a fraction of what it serves warm). Beside them, the host's cheapest answer on the same
# HTTP stack (a health snapshot): the ceiling of any endpoint on this machine in this run.
launch "$KAFKA_BOOTSTRAP_SERVERS"
await_kafka UP
post_events "$warmup" >/dev/null
read -r up_rps up_p50 up_p99 up_bad <<<"$(post_events "$duration")"
read -r ceiling_rps ceiling_p50 ceiling_p99 ceiling_bad <<<"$(wrk -t2 -c"$connections" -d"${duration}s" --latency \
	"http://127.0.0.1:$port/health/service/kafka" | wrk_figures)"
stop_process "$app"; app=""
sql -d "$database" -c "TRUNCATE event_outbox" >/dev/null

# Kafka down: every event goes to the outbox.
launch "127.0.0.1:1"
await_kafka DOWN
post_events "$warmup" >/dev/null
read -r down_rps down_p50 down_p99 down_bad <<<"$(post_events "$duration")"
queued="$(sql -d "$database" -c "SELECT count(*) FROM event_outbox")"
stop_process "$app"; app=""

# The backlog topped up to its size in one statement, like the events above.
if [ "$queued" -lt "$backlog" ]; then
	sql -d "$database" -c "INSERT INTO event_outbox (event_id, topic, record_key, payload)
		SELECT gen_random_uuid()::text, 'bench-events', 'k' || (n % 1000), '{\"seq\": ' || n || ', \"payload\": \"a small event\"}'
		FROM generate_series(1, $((backlog - queued))) AS n" >/dev/null
fi
total="$(sql -d "$database" -c "SELECT count(*) FROM event_outbox")"

# Kafka back: the relay drains the backlog.
launch "$KAFKA_BOOTSTRAP_SERVERS"
await_kafka UP
began=$(now_ms)
while [ "$(sql -d "$database" -c "SELECT count(*) FROM event_outbox")" -gt 0 ]; do
	sleep 0.2
	[ $(( $(now_ms) - began )) -gt 600000 ] && { echo "the backlog did not drain in 10 minutes" >&2; exit 1; }
done
drain_ms=$(( $(now_ms) - began ))

stop_process "$app"; app=""
sql -d postgres -c "DROP DATABASE $database" >/dev/null

echo
echo "Events, Java $(jdk_version "$java_home"), wrk -t2 -c$connections -d${duration}s of keyed POSTs over 1000 keys"
printf '%-34s %10s %9s %9s %8s\n' "" "events/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-34s %10s %9s %9s %8s\n' "accepted, Kafka up (direct)" "$up_rps" "$up_p50" "$up_p99" "$up_bad"
printf '%-34s %10s %9s %9s %8s\n' "accepted, Kafka down (queued)" "$down_rps" "$down_p50" "$down_p99" "$down_bad"
printf '%-34s %10s %9s %9s %8s\n' "GET /health/service/kafka (ceiling)" "$ceiling_rps" "$ceiling_p50" "$ceiling_p99" "$ceiling_bad"
printf '%-34s %10s %9s\n' "drained from the outbox" "$(( total * 1000 / (drain_ms > 0 ? drain_ms : 1) ))" \
	"($total events in $drain_ms ms)"
