## tests/bench/local.mk: the checker benchmark (make bench).
bench_programs += tests/bench/spawn_bench
tests_bench_spawn_bench_SOURCES = tests/bench/spawn_bench.c
bench_scripts += tests/bench/checker.sh
bench_deps += regoc
EXTRA_DIST += tests/bench/checker.sh
