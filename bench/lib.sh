# Shared functions of the benchmark kit; sourced by the other scripts, not run on its own.
# Everything lives under target/bench; every process a script starts is stopped when it exits.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$BENCH_ROOT/target/bench"
BACKENDS_ENV="$BENCH_DIR/backends.env"
mkdir -p "$BENCH_DIR"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The default JDK's home, or the one given.
jdk_home() {
	if [ -n "${1:-}" ]; then echo "$1"; return; fi
	dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

jdk_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ {gsub(/ /, "", $2); print $2}'; }

# The JDKs to compare: BENCH_JDKS (colon-separated homes) or the default one plus every
# other JDK of version 21 or later under /usr/lib/jvm.
bench_jdks() {
	if [ -n "${BENCH_JDKS:-}" ]; then tr ':' '\n' <<<"$BENCH_JDKS"; return; fi
	local default; default="$(jdk_home)"
	echo "$default"
	for home in /usr/lib/jvm/*/; do
		home="${home%/}"
		[ -x "$home/bin/java" ] && [ ! -L "$home" ] || continue
		[ "$(readlink -f "$home")" = "$(readlink -f "$default")" ] && continue
		[ "$(jdk_version "$home")" -ge 21 ] 2>/dev/null && echo "$home"
	done
}

# The host's jar, built unless it is there already (BENCH_REBUILD=1 builds it again).
host_jar() {
	if [ ! -f "$BENCH_ROOT/target/xseven-mesh.jar" ] || [ -n "${BENCH_REBUILD:-}" ]; then
		(cd "$BENCH_ROOT" && ./mvnw -B -q -DskipTests package) >&2
	fi
	echo "$BENCH_ROOT/target/xseven-mesh.jar"
}

# The extracted layout of a jar (java -Djarmode=tools extract), made once per build of the jar.
extracted_jar() {
	local jar="$1" dir="$BENCH_DIR/extracted"
	if [ ! -f "$dir/xseven-mesh.jar" ] || [ "$jar" -nt "$dir/xseven-mesh.jar" ]; then
		rm -rf "$dir"
		java -Djarmode=tools -jar "$jar" extract --destination "$dir" >&2
	fi
	echo "$dir/xseven-mesh.jar"
}

# The host's compiled test classes and their whole class path (the standalone backends and the
# JMH benchmarks run from there).
test_classpath() {
	if [ ! -f "$BENCH_DIR/test-classpath.txt" ] || [ "$BENCH_ROOT/pom.xml" -nt "$BENCH_DIR/test-classpath.txt" ] \
		|| [ ! -d "$BENCH_ROOT/target/test-classes" ]; then
		(cd "$BENCH_ROOT" && ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
			-Dmdep.outputFile="$BENCH_DIR/test-classpath.txt") >&2
	fi
	echo "$BENCH_ROOT/target/test-classes:$BENCH_ROOT/target/classes:$(cat "$BENCH_DIR/test-classpath.txt")"
}

# Starts the embedded backends (a real PostgreSQL, Redis, Kafka, Temporal and stub providers)
# in a process of their own and waits for the file that names them.
# A script stops only the backends it started itself, so that bench/run.sh shares one set.
backends_start() {
	if backends_running && [ -f "$BACKENDS_ENV" ]; then return; fi
	backends_running && stop_process "$(cat "$BENCH_DIR/backends.pid")"
	BENCH_OWNS_BACKENDS=1
	local classpath; classpath="$(test_classpath)"
	rm -f "$BACKENDS_ENV"
	java -cp "$classpath" ai.xseven.mesh.support.StandaloneBackends "$BACKENDS_ENV" >"$BENCH_DIR/backends.log" 2>&1 &
	echo $! >"$BENCH_DIR/backends.pid"
	for _ in $(seq 120); do [ -f "$BACKENDS_ENV" ] && return; sleep 0.5; done
	echo "the backends did not start; see $BENCH_DIR/backends.log" >&2
	return 1
}

# Whether the process of the pid file is the standalone backends (and not a reused pid).
backends_running() {
	[ -f "$BENCH_DIR/backends.pid" ] && grep -qa StandaloneBackends "/proc/$(cat "$BENCH_DIR/backends.pid")/cmdline" 2>/dev/null
}

backends_stop() {
	if [ -n "${BENCH_OWNS_BACKENDS:-}" ] && [ -f "$BENCH_DIR/backends.pid" ]; then
		stop_process "$(cat "$BENCH_DIR/backends.pid")"
		rm -f "$BENCH_DIR/backends.pid"
	fi
}

# SIGTERM, then SIGKILL after 20 s.
stop_process() {
	local pid="$1"
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

http_code() { curl -s -o /dev/null -w '%{http_code}' -m "${2:-2}" "$1" 2>/dev/null; }

# Resident set size of a process, in MiB.
rss_mib() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }

# One client that hammers a URL for as long as a process lives: tries every 50 ms until the port
# answers, then sends requests back to back on one keep-alive connection (wrk).
hammer() {
	local pid="$1" url="$2"
	(
		while kill -0 "$pid" 2>/dev/null; do
			if curl -s -o /dev/null -m 2 "$url"; then
				wrk -t1 -c1 -d600s "$url" >/dev/null 2>&1 &
				local wrk_pid=$!
				while kill -0 "$pid" 2>/dev/null && kill -0 "$wrk_pid" 2>/dev/null; do sleep 0.2; done
				kill "$wrk_pid" 2>/dev/null
				break
			fi
			sleep 0.05
		done
	) &
}

median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print ""; else print a[int((NR + 1) / 2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }

require_tools() {
	for tool in "$@"; do
		local package="$tool"
		[ "$tool" = psql ] && package=postgresql-client
		command -v "$tool" >/dev/null || { echo "needs $tool (Debian package: apt-get install $package)" >&2; exit 1; }
	done
}

# The reference application's jar, built unless it is there already.
reference_jar() {
	local jar="$BENCH_ROOT/bench/reference/target/reference.jar"
	if [ ! -f "$jar" ] || [ -n "${BENCH_REBUILD:-}" ]; then
		(cd "$BENCH_ROOT" && ./mvnw -B -q -f bench/reference/pom.xml -DskipTests package) >&2
	fi
	echo "$jar"
}

# The start timer (bench/StartTimer.java), compiled once; prints the java options that run it
# with as little CPU of its own as possible.
start_timer() {
	local classes="$BENCH_DIR/classes"
	if [ ! -f "$classes/StartTimer.class" ] || [ "$BENCH_ROOT/bench/StartTimer.java" -nt "$classes/StartTimer.class" ]; then
		mkdir -p "$classes"
		javac --release 17 -d "$classes" "$BENCH_ROOT/bench/StartTimer.java" >&2
	fi
	echo "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -Xmx32m -cp $classes"
}
