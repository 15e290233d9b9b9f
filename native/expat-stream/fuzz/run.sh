#!/usr/bin/env bash
# Builds the StreamCore fuzzer with ASan+UBSan and runs it for SECONDS (default 60) over
# a copy of the seed corpus test/fixtures/xml. Exits non-zero on any crash, sanitizer
# report or harness check failure; a reproducer is left in build/fuzz/.
# Usage: native/expat-stream/fuzz/run.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/build/fuzz"
mkdir -p "$out/corpus"

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (Debian: clang, libclang-rt-14-dev)" >&2; exit 2; }
src="$root/native/expat-stream/src"
# shellcheck disable=SC2046 # pkg-config prints flags meant to be word-split
clang++ -std=c++17 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I"$src" $(pkg-config --cflags expat) \
  "$here/fuzz_stream_core.cc" "$src/stream_core.cc" "$src/namespace_scope.cc" "$src/name_table.cc" "$src/utf8_validator.cc" "$src/utf8_blocks.cc" "$src/utf16_transcoder.cc" \
  $(pkg-config --libs expat) -o "$out/fuzz_stream_core"

cp "$root"/test/fixtures/xml/* "$out/corpus/"
cd "$out"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
./fuzz_stream_core -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$here/xml.dict" -print_final_stats=1 corpus
