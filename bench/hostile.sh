#!/usr/bin/env bash
# Hostile input: 64 clients sending the largest bodies each /api endpoint allows, for 30 s, while
# one client measures /health/system on the main port, one on the probe port (MESH_PROBE_PORT, a
# listener of its own), and another, at the same time, the no-op /ping of the bare Boot app of the
# benchmark kit running beside it: what the same cores give any answer under the same load. Prints, per endpoint, the requests and their statuses (503
# is the bound on requests at once refusing), the health p99 under the load beside the same
# client's p99 before it, the heap's peak, and whether the host stayed up without an
# OutOfMemoryError. The host runs with -Xmx512m, as README.md says.
#
#   bench/hostile.sh [-d seconds] [-f "events workflows dspy tts stt"] [-x]
#
# -x runs the extracted layout (where requests run on virtual threads on Java 21 and later; the
# packaged jar runs them on platform threads, see README.md); -f sends only the families named (to find which one costs health its time); BENCH_HOST_OPTS
# adds options to the host's JVM (a GC log, a flight recording).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools curl wrk jstat psql

duration=30 families="events workflows dspy tts stt" extracted=""
while getopts "d:f:x" opt; do
	case "$opt" in
		d) duration="$OPTARG" ;;
		f) families="$OPTARG" ;;
		x) extracted=1 ;;
		*) exit 2 ;;
	esac
done

app="" reference_app="" sampler=""
trap '[ -n "$sampler" ] && { kill "$sampler" 2>/dev/null || true; }; [ -n "$app" ] && stop_process "$app"; [ -n "$reference_app" ] && stop_process "$reference_app"; [ -n "${database:-}" ] && { PGCONNECT_TIMEOUT=5 sql -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true; }; backends_stop' EXIT
trap 'exit 130' INT TERM
jar="$(host_jar)"
[ -n "$extracted" ] && jar="$(extracted_jar "$jar")"
reference="$(reference_jar)"
backends_start
java_home="$(jdk_home "${BENCH_JDK:-}")"
port=18250
base="http://127.0.0.1:$port"
work="$BENCH_DIR/hostile"
mkdir -p "$work"

# A database of its own, so that what one run leaves in the outbox does not fill the next one's.
database="bench_hostile_$$"
sql() { (set -a; source "$BACKENDS_ENV"; psql -q -t -A -h 127.0.0.1 -p "$DATABASE_PORT" -U postgres -d postgres "$@"); }
sql -c "CREATE DATABASE $database" >/dev/null
(
	set -a; source "$BACKENDS_ENV"; set +a
	export SERVER_PORT=$port MESH_PROBE_PORT=$((port + 2)) ADMIN_TOKEN=bench-admin-token DATABASE_NAME="$database"
	cd "$BENCH_DIR" && exec "$java_home/bin/java" -Xmx512m ${BENCH_HOST_OPTS:-} -jar "$jar"
) >"$work/host.log" 2>&1 &
app=$!
for _ in $(seq 900); do curl -s "$base/health/system" | grep -q '"status":"UP"' && break; sleep 0.2; done
(cd "$BENCH_DIR" && SERVER_PORT=$((port + 1)) exec "$java_home/bin/java" -Xmx512m -jar "$reference") >"$work/reference.log" 2>&1 &
reference_app=$!
ping_url="http://127.0.0.1:$((port + 1))/ping"
for _ in $(seq 300); do [ "$(http_code "$ping_url")" = 200 ] && break; sleep 0.2; done

# One wrk script per endpoint: its method, headers and body, and a count of answers by status.
script() {
	local name="$1" body_lua="$2" content_type="$3"
	cat >"$work/$name.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "$content_type"
wrk.body = $body_lua
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
	local total = {}
	for _, thread in ipairs(threads) do
		for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
	end
	local parts = {}
	for status, count in pairs(total) do table.insert(parts, status .. ":" .. count) end
	table.sort(parts)
	io.write("statuses " .. table.concat(parts, " ") .. "\n")
end
LUA
}
# Just under each endpoint's bound: 1 MiB for an event and a workflow's argument, 64 KiB for the
# JSON of dspy and text to speech (with their text at its longest), 25 MB of audio for speech to
# text (multipart, as OpenAI's API takes it).
script events '"{\"blob\": \"" .. string.rep("e", 1000000) .. "\"}"' application/json
script workflows '"{\"blob\": \"" .. string.rep("w", 1040000) .. "\"}"' application/json
script dspy '"{\"input\": \"" .. string.rep("q", 16000) .. "\", \"pad\": \"" .. string.rep("p", 48000) .. "\"}"' application/json
script tts '"{\"text\": \"" .. string.rep("t", 4096) .. "\", \"pad\": \"" .. string.rep("p", 60000) .. "\"}"' application/json
boundary="hostile-boundary"
script stt "\"--$boundary\\r\\nContent-Disposition: form-data; name=\\\"file\\\"; filename=\\\"a.mp3\\\"\\r\\nContent-Type: audio/mpeg\\r\\n\\r\\n\" .. string.rep(\"a\", 25000000) .. \"\\r\\n--$boundary--\\r\\n\"" "multipart/form-data; boundary=$boundary"

# The scrape as the host starts serving (after one call of the language model, whose meters exist
# once it has been called): its size, and what Prometheus' own checker says of it.
curl -s -o /dev/null -XPOST -H 'Content-Type: application/json' -d '{"input": "hello"}' "$base/api/dspy/predict"
curl -s "$base/actuator/prometheus" >"$work/scrape.txt"
scrape="$(wc -l <"$work/scrape.txt") lines, $(wc -c <"$work/scrape.txt") bytes, $(grep -c '^# TYPE' "$work/scrape.txt") families"
if command -v promtool >/dev/null; then
	scrape="$scrape; promtool check metrics: $(promtool check metrics <"$work/scrape.txt" 2>&1 | grep -c . || true) problems"
fi

# One client's latencies on a URL, written to a file: p50, p90, p99 and the longest.
latency() {
	wrk -t1 -c1 -d"$2"s --latency "$1" | awk '$1 == "Latency" && NF > 4 {max = $4}
		$1 == "50%" {p50 = $2} $1 == "90%" {p90 = $2} $1 == "99%" {p99 = $2}
		END {printf "p50 %s, p90 %s, p99 %s, max %s", p50, p90, p99, max}' >"$3"
}
# /health/system on both ports and the bare app's /ping side by side, each by its own client.
side_by_side() {
	latency "$base/health/system" "$1" "$work/health-$2.txt" &
	local health=$!
	latency "http://127.0.0.1:$((port + 2))/health/system" "$1" "$work/probe-$2.txt" &
	local probe=$!
	latency "$ping_url" "$1" "$work/ping-$2.txt"
	wait "$health" "$probe"
}
side_by_side 10 warm-up # the JIT's warm-up
side_by_side 10 quiet

# Heap in use (young and old generations, survivors), every second, in MiB.
jstat -gc "$(pgrep -f "$jar" | head -1)" 1000 | awk 'NR > 1 {printf "%d\n", ($3 + $4 + $6 + $8) / 1024; fflush()}' >"$work/heap.txt" &
sampler=$!

declare -A clients=([events]=16 [workflows]=8 [dspy]=16 [tts]=8 [stt]=16)
declare -A paths=([events]="/api/events/hostile?key=k" [workflows]="/api/workflows/hostile-unknown"
	[dspy]="/api/dspy/predict" [tts]="/api/voice/tts" [stt]="/api/voice/stt")
pids=()
for name in $families; do
	wrk -t1 -c"${clients[$name]}" -d"${duration}s" --timeout 10s -s "$work/$name.lua" "$base${paths[$name]}" \
		>"$work/$name.out" 2>&1 &
	pids+=($!)
done
side_by_side "$duration" loaded
wait "${pids[@]}"
kill "$sampler" 2>/dev/null; sampler=""

alive="no"; [ "$(http_code "$base/health/system")" = 200 ] && kill -0 "$app" 2>/dev/null && alive="yes"
# Why the 503s were given: the /api bound per family, and the events' own refusals by reason.
refusals="$(curl -s "$base/actuator/prometheus" | awk '/^mesh_(api|events)_rejected_total/ {
	sub(/^mesh_/, ""); printf "%s=%d ", $1, $2 }')"
oom="$(grep -c OutOfMemoryError "$work/host.log" || true)"
echo
total=0; for name in $families; do total=$(( total + ${clients[$name]} )); done
echo "Hostile input, Java $(jdk_version "$java_home"), ${extracted:+extracted layout, }-Xmx512m, $total clients for ${duration} s"
printf '%-10s %8s %8s  %s\n' endpoint clients requests "answers by status"
for name in $families; do
	requests="$(awk '/requests in/ {print $1}' "$work/$name.out")"
	printf '%-10s %8s %8s  %s\n' "$name" "${clients[$name]}" "${requests:-?}" "$(sed -n 's/^statuses //p' "$work/$name.out")"
done
echo "503s by cause: ${refusals:-none}"
echo "/health/system, one client (wrk -c1): $(cat "$work/health-quiet.txt") quiet; $(cat "$work/health-loaded.txt") under the load"
echo "the same on the probe port, one client: $(cat "$work/probe-quiet.txt") quiet; $(cat "$work/probe-loaded.txt") under the load"
echo "bare app's /ping beside it, one client: $(cat "$work/ping-quiet.txt") quiet; $(cat "$work/ping-loaded.txt") under the load"
echo "scrape before the load: $scrape"
echo "heap in use: peak $(sort -n "$work/heap.txt" | tail -1) MiB of 512; host alive after: $alive; OutOfMemoryError lines: $oom"
