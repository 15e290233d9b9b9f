#!/usr/bin/env bash
# Runs the parser's unit tests (dist/native/expat-stream/*.test.js) against an addon built
# with AddressSanitizer and UndefinedBehaviorSanitizer, then rebuilds the normal addon.
# Node itself is not instrumented, so libasan is preloaded and leak checking is off (Node
# keeps allocations alive until exit by design).
# Usage: native/expat-stream/fuzz/asan-unit-tests.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
restore() { npx node-gyp rebuild >/dev/null; }
trap restore EXIT
CXXFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g" \
  LDFLAGS="-fsanitize=address,undefined" npx node-gyp rebuild >/dev/null
npm run build >/dev/null
preload="$(g++ -print-file-name=libasan.so):$(g++ -print-file-name=libubsan.so)"
export LD_PRELOAD="$preload"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The fuzz test builds its own sanitized binary; everything else runs here.
mapfile -t tests < <(find dist/native/expat-stream -name '*.test.js' ! -name 'fuzz.test.js' | sort)
node --test --test-concurrency=1 "${tests[@]}"
