#!/usr/bin/env bash
# Fleet configuration: three hosts on one database; a run of changes, each through the next host
# in turn, and for each the time until the two others run its version (their GET /admin/config
# shows it), measured from the change's 200 answer. Also the time of one change end to end (its
# POST). Breaker settings are changed, so that no service restarts and the figure is the
# configuration path's own. Needs curl, jq and psql.
#
#   bench/fleet-config.sh [-n changes measured] [-w changes of warm-up, not measured]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools curl jq psql

changes=50 warmup=5
while getopts "n:w:" opt; do
	case "$opt" in
		n) changes="$OPTARG" ;;
		w) warmup="$OPTARG" ;;
		*) exit 2 ;;
	esac
done

pids=()
trap 'for pid in "${pids[@]}"; do stop_process "$pid"; done; backends_stop' EXIT
trap 'exit 130' INT TERM
jar="$(host_jar)"
backends_start
java_home="$(jdk_home "${BENCH_JDK:-}")"
set -a; source "$BACKENDS_ENV"; set +a
database="bench_fleet_$$"
sql() { psql -q -t -A -h 127.0.0.1 -p "$DATABASE_PORT" -U postgres "$@"; }
sql -d postgres -c "CREATE DATABASE $database" >/dev/null
token=bench-admin-token
ports=(18401 18402 18403)

for i in 0 1 2; do
	(
		export SERVER_PORT=${ports[$i]} ADMIN_TOKEN=$token DATABASE_NAME="$database" MESH_INSTANCE_ID="bench-$((i + 1))" \
			HEALTH_INTERVAL=1s HEALTH_TIMEOUT=500ms
		cd "$BENCH_DIR" && exec "$java_home/bin/java" -Xmx512m -jar "$jar"
	) >"$BENCH_DIR/fleet-host-$((i + 1)).log" 2>&1 &
	pids+=($!)
done
for port in "${ports[@]}"; do
	for _ in $(seq 1200); do [ "$(http_code "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] && break; sleep 0.1; done
done

# The version in force on one host, -1 while it does not answer (curl's time limit or no JSON).
version_of() {
	local version
	version="$(curl -s -m 2 -H "Authorization: Bearer $token" "http://127.0.0.1:$1/admin/config" | jq -r '.version // -1' 2>/dev/null)"
	[[ "$version" =~ ^[0-9]+$ ]] && echo "$version" || echo -1
}

propagation="$BENCH_DIR/fleet-propagation.txt" posts="$BENCH_DIR/fleet-posts.txt"
: >"$propagation"; : >"$posts"
for n in $(seq $(( changes + warmup ))); do
	through=$(( n % 3 ))
	began=$(now_ms)
	answer="$(curl -s -m 30 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d "{\"circuit-breakers\": {\"redis\": {\"minimum-number-of-calls\": $(( 4 + n % 7 ))}}}" \
		"http://127.0.0.1:${ports[$through]}/admin/config")"
	answered=$(now_ms)
	[ "$n" -gt "$warmup" ] && echo $(( answered - began )) >>"$posts"
	version="$(jq -r '.version' <<<"$answer")"
	[[ "$version" =~ ^[0-9]+$ ]] || { echo "change $n failed: $answer" >&2; exit 1; }
	for other in 0 1 2; do
		[ "$other" = "$through" ] && continue
		until [ "$(version_of "${ports[$other]}")" -ge "$version" ]; do
			[ $(( $(now_ms) - answered )) -gt 30000 ] && { echo "version $version never reached port ${ports[$other]}" >&2; exit 1; }
			sleep 0.005
		done
		[ "$n" -gt "$warmup" ] && echo $(( $(now_ms) - answered )) >>"$propagation"
	done
done

for pid in "${pids[@]}"; do stop_process "$pid"; done
pids=()
sql -d postgres -c "DROP DATABASE $database" >/dev/null

percentile() { sort -n "$1" | awk -v p="$2" '{a[NR] = $1} END {i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print a[i]}'; }
echo
echo "Fleet configuration, Java $(jdk_version "$java_home"), 3 hosts on one database, $changes changes in turn through each"
echo "(after $warmup changes of warm-up; each other instance polled every 5 ms with curl)"
printf '%-44s %8s %8s %8s %8s\n' "" "samples" "p50 ms" "p99 ms" "max ms"
printf '%-44s %8s %8s %8s %8s\n' "in force on another instance, after the 200" "$(wc -l <"$propagation")" \
	"$(percentile "$propagation" 50)" "$(percentile "$propagation" 99)" "$(percentile "$propagation" 100)"
printf '%-44s %8s %8s %8s %8s\n' "one change end to end (its POST)" "$(wc -l <"$posts")" \
	"$(percentile "$posts" 50)" "$(percentile "$posts" 99)" "$(percentile "$posts" 100)"
