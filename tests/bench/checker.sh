#!/bin/sh
# checker.sh: `make bench` figures for the Enterprise Registry Gatekeeper (examples/docker):
# regoc build time, checker single-shot time and peak memory, in-process decisions per
# second, and NDJSON batch throughput over the spec's Docker input documents.
set -eu
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
regoc="$top_builddir/regoc"
spawn="$top_builddir/tests/bench/spawn_bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
policy="$top_srcdir/examples/docker/Dockerfile.rego"
inputs="$top_srcdir/examples/docker/inputs"

echo "== checker (examples/docker, the Enterprise Registry Gatekeeper)"
# regoc build wall time: median of 5 builds
"$spawn" 5 - "$regoc" build -o "$tmp/checker" "$policy" | sed 's/^/regoc build: /'
"$regoc" build -o "$tmp/checker" "$policy"
ls -l "$tmp/checker" | awk '{print "checker size: " $5 " bytes"}'
# single-shot: process start to exit, on one input
"$spawn" 200 - "$tmp/checker" eval -i "$inputs/image-alpine-latest.json" |
  sed 's/^/checker single-shot (eval -i, deny): /'
"$spawn" 200 - "$tmp/checker" eval -i "$inputs/local-context.json" |
  sed 's/^/checker single-shot (eval -i, allow): /'
# in-process decisions per second on a parsed input
for i in image-alpine-latest local-context http-unapproved-host; do
  CHECKER_BENCH_N=${CHECKER_BENCH_N:-1000000} "$tmp/checker" bench -i "$inputs/$i.json" |
    sed "s/^/in-process ($i): /"
done
# batch: NDJSON of every input document, repeated
spec=${SHARED_DIR:-$top_srcdir/../shared}/spec/docker/inputs
src=$inputs
[ -d "$spec" ] && src=$spec
for f in "$src"/*.json; do tr -d '\n' < "$f"; echo; done > "$tmp/one.ndjson"
: > "$tmp/batch.ndjson"
i=0
while [ $i -lt 20000 ]; do cat "$tmp/one.ndjson"; i=$((i + 1)); done > "$tmp/batch.ndjson"
lines=$(wc -l < "$tmp/batch.ndjson")
start=$(date +%s.%N)
"$tmp/checker" batch < "$tmp/batch.ndjson" > /dev/null || true
end=$(date +%s.%N)
echo "$lines $start $end" | awk '{ printf "batch: %d decisions in %.3f s: %.0f decisions/s\n", $1, $3 - $2, $1 / ($3 - $2) }'
"$spawn" 3 "$tmp/batch.ndjson" "$tmp/checker" batch | sed 's/^/batch (whole run): /'
