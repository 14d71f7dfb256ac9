#!/usr/bin/env bash
# The benchmark kit in one command: builds the host's jar and the bare reference app, starts the
# embedded backends once, and prints side by side start-up (bench/startup.sh), HTTP throughput
# and latency (bench/throughput.sh), the breaker benchmarks (bench/breakers.sh), the events'
# accept and drain rates (bench/events.sh), the propagation of a configuration change through a
# fleet of three hosts (bench/fleet-config.sh) and a burst of the largest bodies on every /api
# endpoint (bench/hostile.sh). Not part of the build; needs curl, jq, wrk and psql (Debian
# packages) and the JDK's jstat. About 30 minutes on two cores.
#
#   bench/run.sh            (bench/starts.sh -n 30 is the separate run of repeated starts)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
require_tools curl jq wrk psql jstat

trap 'backends_stop' EXIT
echo "X-Seven Mesh benchmark kit, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
BENCH_REBUILD=1 host_jar >/dev/null
BENCH_REBUILD=1 reference_jar >/dev/null
echo "host jar: $(( $(stat -c %s target/xseven-mesh.jar) / 1048576 )) MiB; reference jar: $(( $(stat -c %s bench/reference/target/reference.jar) / 1048576 )) MiB"
backends_start
bench/startup.sh
echo
bench/throughput.sh
echo
bench/breakers.sh
echo
bench/events.sh
echo
bench/fleet-config.sh
echo
bench/hostile.sh
