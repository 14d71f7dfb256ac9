#!/usr/bin/env bash
# Start-up of the host beside a bare Spring Boot application, measured side by side in one run:
# each from exec to its first good answer (the host: readiness 200 with every backend there; the
# reference: its first /ping), alternating starts, the median of N (default 3) per variant, with
# the "Started … in" figure of each log and the resident memory right after the good answer.
#
#   bench/startup.sh [-n starts]
#
# Variants: the reference (java -jar), the host as README.md runs it (java -jar), its extracted
# layout, and the extracted layout with a class-data archive (before Java 25: CDS; Java 25 and
# later: an AOT cache), trained as Spring Boot documents (-Dspring.context.exit=onRefresh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools curl jq

runs=3
while getopts "n:" opt; do
	case "$opt" in
		n) runs="$OPTARG" ;;
		*) exit 2 ;;
	esac
done

trap 'backends_stop' EXIT
jar="$(host_jar)"
reference="$(reference_jar)"
backends_start
extracted="$(extracted_jar "$jar")"
port=18100

# Trains the class-data archive of the extracted layout for a JDK; prints the JVM flag that uses it.
archive_flag() {
	local java_home="$1" version dir="$BENCH_DIR/extracted"
	version="$(jdk_version "$java_home")"
	if [ "$version" -ge 25 ]; then
		local cache="$dir/xseven-mesh-$version.aot"
		if [ ! -f "$cache" ] || [ "$extracted" -nt "$cache" ]; then
			(cd "$dir" && "$java_home/bin/java" -XX:AOTCacheOutput="$cache" -Dspring.context.exit=onRefresh \
				-jar "$extracted" >"$BENCH_DIR/train.log" 2>&1) || true
		fi
		[ -f "$cache" ] || echo "the AOT cache was not made; see $BENCH_DIR/train.log" >&2
		echo "-XX:AOTCache=$cache"
	else
		local archive="$dir/xseven-mesh-$version.jsa"
		if [ ! -f "$archive" ] || [ "$extracted" -nt "$archive" ]; then
			(cd "$dir" && "$java_home/bin/java" -XX:ArchiveClassesAtExit="$archive" -Dspring.context.exit=onRefresh \
				-jar "$extracted" >"$BENCH_DIR/train.log" 2>&1) || true
		fi
		[ -f "$archive" ] || echo "the CDS archive was not made; see $BENCH_DIR/train.log" >&2
		echo "-XX:SharedArchiveFile=$archive"
	fi
}

# One start: prints "<ms to the good answer> <Started … seconds> <RSS MiB>", or "failed".
measure() {
	local java_home="$1" kind="$2"; shift 2
	local log="$BENCH_DIR/startup-$kind.log" url timed
	if [ "$kind" = reference ]; then url="http://127.0.0.1:$port/ping"; else url="http://127.0.0.1:$port/actuator/health/readiness"; fi
	timed="$(
		set -a; source "$BACKENDS_ENV"; set +a
		export SERVER_PORT=$port ADMIN_TOKEN=bench-admin-token SPRING_DATA_REDIS_HOST="$REDIS_HOST" SPRING_DATA_REDIS_PORT="$REDIS_PORT"
		cd "$BENCH_DIR" && "$java_home/bin/java" $(start_timer) StartTimer "$url" 90 "$log" "$java_home/bin/java" -Xmx512m "$@"
	)"
	if [ "$timed" = failed ]; then echo failed; return; fi
	local started; started="$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$log" | grep -o '[0-9.]*' | head -1)"
	echo "$(cut -d' ' -f1 <<<"$timed") ${started:--} $(cut -d' ' -f2 <<<"$timed")"
}

for java_home in $(bench_jdks); do
	version="$(jdk_version "$java_home")"
	flag="$(archive_flag "$java_home")"
	declare -A answers=() starteds=() rsss=()
	variants=(reference fat extracted archive)
	for i in $(seq "$runs"); do
		for variant in "${variants[@]}"; do
			case "$variant" in
				reference) result="$(measure "$java_home" reference -jar "$reference")" ;;
				fat) result="$(measure "$java_home" host -jar "$jar")" ;;
				extracted) result="$(measure "$java_home" host -jar "$extracted")" ;;
				archive) result="$(measure "$java_home" host "$flag" -jar "$extracted")" ;;
			esac
			[ "$result" = failed ] && { echo "  Java $version $variant start $i failed" >&2; continue; }
			read -r answered started rss <<<"$result"
			answers[$variant]+="$answered"$'\n'; starteds[$variant]+="$started"$'\n'; rsss[$variant]+="$rss"$'\n'
		done
	done
	base="$({ grep . <<<"${answers[reference]:-}" || true; } | median)"
	echo
	echo "Java $version, median of $runs, alternating starts (archive: $(basename "${flag#*=}"))"
	printf '%-28s %12s %10s %9s %8s\n' variant "good answer" ratio Started RSS
	for variant in "${variants[@]}"; do
		a="$({ grep . <<<"${answers[$variant]:-}" || true; } | median)"
		s="$({ grep . <<<"${starteds[$variant]:-}" || true; } | median)"
		r="$({ grep . <<<"${rsss[$variant]:-}" || true; } | median)"
		case "$variant" in
			reference) label="reference, java -jar" ;;
			fat) label="host, java -jar" ;;
			extracted) label="host, extracted" ;;
			archive) label="host, extracted + archive" ;;
		esac
		printf '%-28s %9s ms %10s %8s s %5s MiB\n' "$label" "${a:--}" "$(ratio "${a:-0}" "$base")" "${s:--}" "${r:--}"
	done
	unset answers starteds rsss
done
