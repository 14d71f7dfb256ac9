#!/usr/bin/env bash
# Starts the packaged host again and again, as README.md says, with four clients hammering
# /health/system and /actuator/prometheus from the first second, and counts the starts that reach
# readiness with every service UP.
#
#   bench/starts.sh [-n starts] [-l fat|extracted|both] [-t seconds]
#
# JDKs: the default one and every other JDK 21+ under /usr/lib/jvm (BENCH_JDKS=home:home picks).
# A failed start leaves its log and a thread dump under target/bench/failed/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools curl wrk jq

starts=30 layouts="fat extracted" deadline=60
while getopts "n:l:t:" opt; do
	case "$opt" in
		n) starts="$OPTARG" ;;
		l) [ "$OPTARG" = both ] && layouts="fat extracted" || layouts="$OPTARG" ;;
		t) deadline="$OPTARG" ;;
		*) exit 2 ;;
	esac
done

host_pid=""
cleanup() {
	[ -n "$host_pid" ] && stop_process "$host_pid"
	pkill -P $$ 2>/dev/null || true
	backends_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
jar="$(host_jar)"
backends_start
port=18000

# One start; prints "ok <readiness ms> <all UP ms>" or "failed <reason>".
one_start() {
	local java_home="$1" launch_jar="$2" log="$BENCH_DIR/start.log"
	local began pid ready="" up=""
	began=$(now_ms)
	(
		set -a; source "$BACKENDS_ENV"; set +a
		export SERVER_PORT=$port ADMIN_TOKEN=bench-admin-token HEALTH_INTERVAL=2s HEALTH_TIMEOUT=1s
		cd "$(dirname "$launch_jar")"
		exec "$java_home/bin/java" -Xmx512m -jar "$launch_jar"
	) >"$log" 2>&1 &
	pid=$!
	host_pid=$pid
	for path in /health/system /actuator/prometheus /health/system /actuator/prometheus; do
		hammer "$pid" "http://127.0.0.1:$port$path"
	done
	while [ $(( $(now_ms) - began )) -lt $(( deadline * 1000 )) ] && kill -0 "$pid" 2>/dev/null; do
		if [ -z "$ready" ] && [ "$(http_code "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ]; then
			ready=$(( $(now_ms) - began ))
		fi
		if [ -n "$ready" ] && [ "$(curl -s -m 2 "http://127.0.0.1:$port/health/system" | jq -r .status 2>/dev/null)" = UP ]; then
			up=$(( $(now_ms) - began ))
			break
		fi
		sleep 0.1
	done
	if [ -n "$up" ]; then
		echo "ok $ready $up"
	else
		local where; where="$BENCH_DIR/failed/$(date +%H%M%S)-$pid"
		mkdir -p "$where"
		"$java_home/bin/jcmd" "$pid" Thread.print -l >"$where/threads.txt" 2>&1 || true
		curl -s -m 2 "http://127.0.0.1:$port/health/system" >"$where/health.json" || true
		echo "failed ${ready:+ready at ${ready} ms but }not all UP within ${deadline} s; see $where"
		cp "$log" "$where/host.log"
	fi
	stop_process "$pid"
	host_pid=""
	wait 2>/dev/null || true
	cp "$log" "$BENCH_DIR/last-start.log"
}

printf '%-8s %-10s %8s %14s %14s\n' JDK layout starts "ready (median)" "all UP (median)"
for java_home in $(bench_jdks); do
	version="$(jdk_version "$java_home")"
	for layout in $layouts; do
		launch="$jar"
		[ "$layout" = extracted ] && launch="$(extracted_jar "$jar")"
		ok=0 readies="" ups=""
		for i in $(seq "$starts"); do
			result="$(one_start "$java_home" "$launch")"
			if [[ "$result" == ok* ]]; then
				ok=$((ok + 1))
				readies+="$(cut -d' ' -f2 <<<"$result")"$'\n'
				ups+="$(cut -d' ' -f3 <<<"$result")"$'\n'
			else
				echo "  Java $version $layout start $i: $result" >&2
			fi
		done
		printf '%-8s %-10s %8s %11s ms %11s ms\n' "$version" "$layout" "$ok/$starts" \
			"$({ grep . <<<"$readies" || true; } | median)" "$({ grep . <<<"$ups" || true; } | median)"
	done
done
