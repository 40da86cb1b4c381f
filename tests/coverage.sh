#!/bin/sh
# tests/coverage.sh: line coverage of the C sources as exercised by the test suite.
#
# Configures a separate build directory with --enable-coverage (gcov instrumentation, -O0 so
# lines map to code), runs the tests there, and prints gcovr's per-file table for the
# sources selected by the filters (default: runtime/). Coverage needs a build of its own
# because instrumented objects must not end up in the normal build or in a release.
# Lines reached only by tests that expect an abort (out of memory, misuse) show as missed:
# a process killed by SIGABRT never writes its .gcda file.
#
# usage: tests/coverage.sh [-b BUILDDIR] [-t "TEST..."] [-H HTMLFILE] [FILTER...]
#   -b BUILDDIR  where to build (default: ./build-coverage); reused if already configured
#   -t TESTS     run only these test programs (make check-TESTS TESTS=...) instead of make check
#   -H HTMLFILE  also write a detailed HTML report
#   FILTER       source paths relative to the top source directory, as gcovr regexes
#                (default: runtime/)
# Example: tests/coverage.sh -t "tests/unit/check_value tests/unit/check_arena" runtime/value.c
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$PWD/build-coverage
tests=
html=
while getopts b:t:H: opt; do
  case $opt in
  b) builddir=$(mkdir -p "$OPTARG" && cd "$OPTARG" && pwd) ;;
  t) tests=$OPTARG ;;
  H) html=$OPTARG ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- runtime/

command -v gcovr >/dev/null || { echo "coverage.sh: gcovr is not installed" >&2; exit 2; }
mkdir -p "$builddir"
cd "$builddir"
if [ ! -f config.status ]; then
  "$srcdir/configure" --enable-coverage CFLAGS="-g -O0" >configure.log ||
    { echo "coverage.sh: configure failed, see $builddir/configure.log" >&2; exit 2; }
fi
find . -name '*.gcda' -exec rm -f {} +

jobs=$(nproc 2>/dev/null || echo 2)
status=0
if [ -n "$tests" ]; then
  # Only the named programs (and the libraries they link) are built.
  if ! make -j"$jobs" $tests >make.log 2>&1; then
    echo "coverage.sh: build failed, see $builddir/make.log" >&2
    exit 2
  fi
  make check-TESTS TESTS="$tests" >check.log 2>&1 || status=$?
else
  make -j"$jobs" check >check.log 2>&1 || status=$?
fi
if [ $status -ne 0 ]; then
  echo "coverage.sh: some tests failed (see $builddir/check.log); coverage is partial" >&2
fi

filters=
for f in "$@"; do
  filters="$filters --filter $srcdir/$f"
done
# shellcheck disable=SC2086
gcovr -r "$srcdir" --object-directory "$builddir" $filters --print-summary
if [ -n "$html" ]; then
  # shellcheck disable=SC2086
  gcovr -r "$srcdir" --object-directory "$builddir" $filters --html-details -o "$html"
  echo "coverage.sh: HTML report in $html"
fi
exit $status
