#!/usr/bin/env bash
# JMH: a call through one of the host's breakers beside raw Resilience4j (goal: at most 1.2 ×),
# and the p99 of a cache read answered by its fallback while the breaker is open (goal: at most
# 5 ms). BreakerBenchmarks lives in the test sources; the build compiles it but never runs it.
#
#   bench/breakers.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

test_classpath >/dev/null
java -cp "$(test_classpath)" org.openjdk.jmh.Main BreakerBenchmarks -rf json -rff "$BENCH_DIR/jmh.json" \
	>"$BENCH_DIR/jmh.log" 2>&1 || { tail -30 "$BENCH_DIR/jmh.log"; exit 1; }

jq -r '
	(map(select(.benchmark | endswith("rawResilience4jBreaker"))) | .[0].primaryMetric.score) as $raw |
	(map(select(.benchmark | endswith("meshBreaker"))) | .[0].primaryMetric.score) as $mesh |
	(map(select(.benchmark | endswith("WhileOpen"))) | .[0].primaryMetric) as $fallback |
	"Breakers (JMH, one fork, 5 × 2 s after 3 × 2 s of warm-up)",
	"  call through a raw Resilience4j breaker     \($raw * 100 | round / 100) ns",
	"  call through a mesh breaker                 \($mesh * 100 | round / 100) ns   ratio \($mesh / $raw * 100 | round / 100) (goal <= 1.2)",
	"  fallback answer while open: p50 \($fallback.scorePercentiles."50.0" * 1000 | round / 1000) us, p99 \($fallback.scorePercentiles."99.0" * 1000 | round / 1000) us, p99.9 \($fallback.scorePercentiles."99.9" * 1000 | round / 1000) us (goal: p99 <= 5 ms)"
' "$BENCH_DIR/jmh.json"
