#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehaviorSanitizer) and runs each for
# FUZZ_SECONDS (default 60) from the seed corpus in tests/fuzz/corpus. Fails on any crash, leak or
# sanitizer report. The corpus in the repository is only read; new inputs go to a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=${FUZZ_DIR:-build-fuzz}
need=()
for p in clang libclang-rt-14-dev rapidjson-dev libssl-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
mkdir -p "$out/obj"
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -fsanitize-ignorelist=tests/fuzz/ubsan-ignore.txt -DBOOST_ENABLE_ASSERT_DEBUG_HANDLER -I.)
objects=()
# The OpenAPI document is compiled in from docs/openapi.json, as CMake does it.
python3 - "$out/openapi_document.cpp" <<'PY'
import sys
template = open("core/protocol/openapi_document.cpp.in").read()
text = open("docs/openapi.json").read().replace("@GW_VERSION@", "fuzz")
open(sys.argv[1], "w").write(template.replace("@GW_OPENAPI_TEXT@", text))
PY
for src in $(find core runtime -name '*.cpp' | sort) http/boost_assertion_handler.cpp "$out/openapi_document.cpp"; do
  obj="$out/obj/$(basename "${src%.cpp}").o"
  # Rebuilt when its source or any core header changed (a header change alters the layouts it shares).
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find core -name '*.hpp' -newer "$obj" | head -1)" ]; then
    clang++ "${flags[@]}" -DGW_VERSION='"fuzz"' -c "$src" -o "$obj"
  fi
  objects+=("$obj")
done
failed=0
for target in runner_request routes config json_scan request_head key_file webhook; do
  extra=()
  # The request-head parser is Beast code (header-only) compared with Beast's own parser.
  [ "$target" = request_head ] && extra=(http/request_head_parser.cpp http/framing_rules.cpp http/header_tokens.cpp)
  clang++ "${flags[@]}" "tests/fuzz/fuzz_$target.cpp" "${extra[@]}" "${objects[@]}" -lcrypto -o "$out/fuzz_$target"
  scratch="$out/corpus-$target"
  mkdir -p "$scratch"
  echo "fuzz_$target: ${seconds}s from tests/fuzz/corpus/$target" >&2
  if ! "$out/fuzz_$target" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$out/crash-$target-" "$scratch" "tests/fuzz/corpus/$target" > "$out/fuzz_$target.log" 2>&1; then
    echo "fuzz_$target FAILED:" >&2
    tail -40 "$out/fuzz_$target.log" >&2
    failed=1
  else
    grep -E 'stat::number_of_executed_units|Done' "$out/fuzz_$target.log" | tail -2 >&2
  fi
done
exit $failed
