#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need, builds the solution once, runs every suite and
# ends with a line "N passed, N failed, N skipped". Exits non-zero when a test failed or a suite could not run.
#
# Works unattended (CI=true, no stdin) on a fresh Debian machine with the .NET SDK, node and apt.
# Results: TestResults/run/<suite>/ and browser screenshots in TestResults/screenshots/ (gitignored; set
# SUPPORTBOT_SCREENSHOT_DIR to put the screenshots elsewhere).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# start_postgres: a private PostgreSQL server on loopback, stopped when this script exits; ensure_redis.
source "$ROOT/tests/services.sh"
# The tests run in their output folder: a relative screenshot folder means the one the caller sees.
# By default the browser screenshots are kept beside the other results, as artifacts of the run.
if [ -n "${SUPPORTBOT_SCREENSHOT_DIR:-}" ]; then
  export SUPPORTBOT_SCREENSHOT_DIR="$(realpath -m "$SUPPORTBOT_SCREENSHOT_DIR")"
else
  export SUPPORTBOT_SCREENSHOT_DIR="$ROOT/TestResults/screenshots"
fi
cd "$ROOT"

CONFIGURATION="${SUPPORTBOT_TEST_CONFIGURATION:-Release}"
# The soak's length under load; longer runs: SUPPORTBOT_SOAK_SECONDS=1800 bash tests/run.sh
SOAK_SECONDS="${SUPPORTBOT_SOAK_SECONDS:-60}"
RESULTS="$ROOT/TestResults/run"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------------------------
# The suites, in the order they run. Adding a suite is one line:
#   dotnet_suite NAME PROJECT_DIR [VAR=VALUE|ARG...]  xunit project of SupportBot.sln, run with "dotnet test --no-build"
#                                                     with those environment variables and dotnet test arguments
#   node_suite   NAME TEST_DIR_OR_FILE            node's built-in test runner (node --test)
#   check_suite  NAME COMMAND...                  one check: passes when the command exits 0 (its output is the report)
# $SUPPORTBOT_TEST_POSTGRES is a private PostgreSQL server's connection string (tests/services.sh).
suites() {
  dotnet_suite unit tests/SupportBot.Tests --filter Store!=postgres
  dotnet_suite unit-pg tests/SupportBot.Tests Storage__Provider=postgres "Storage__ConnectionString=$SUPPORTBOT_TEST_POSTGRES"
  dotnet_suite scale-out tests/SupportBot.ScaleOutTests "SUPPORTBOT_TEST_POSTGRES=$SUPPORTBOT_TEST_POSTGRES"
  dotnet_suite browser tests/SupportBot.BrowserTests
  node_suite conformance tests/conformance
  check_suite docker-publish bash tests/docker-publish.sh
  check_suite load-smoke dotnet run -c "$CONFIGURATION" --no-build --project tests/SupportBot.Benchmarks -- load --smoke --store sqlite,postgres,postgres+redis --instances 1,2
  check_suite soak dotnet run -c "$CONFIGURATION" --no-build --project tests/SupportBot.Benchmarks -- soak --seconds "$SOAK_SECONDS" --output "$RESULTS/soak/soak.json"
  check_suite soak-pg-redis dotnet run -c "$CONFIGURATION" --no-build --project tests/SupportBot.Benchmarks -- soak --seconds "$SOAK_SECONDS" --store postgres+redis --instances 2 --kill-one --output "$RESULTS/soak-pg-redis/soak.json"
}
# ---------------------------------------------------------------------------------------------------------------

TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
BROKEN=()
SUMMARY=()
FAILURES=()

# ---- What the tests need -------------------------------------------------------------------------------------

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo > /dev/null 2>&1; then
    # No password prompt without a terminal (CI): fail at once instead of waiting on stdin.
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    echo "run.sh: not root and no sudo; cannot run: $*" >&2
    return 1
  fi
}

ensure_chromium() {
  # The browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  log "Installing Chromium (apt-get install chromium)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium < /dev/null \
    || echo "run.sh: could not install chromium; the browser tests will fail" >&2
}

ensure_npm_packages() {
  # Node suites run Microsoft's own packages (botbuilder...), pinned by the folder's package-lock.json.
  local dir="$1"
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  log "Installing npm packages for $dir (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error < /dev/null) \
    || echo "run.sh: npm ci failed in $dir; its suite will fail" >&2
}

require() {
  if ! command -v "$1" > /dev/null 2>&1; then
    echo "run.sh: '$1' is required ($2)" >&2
    exit 2
  fi
}

# ---- Counting ------------------------------------------------------------------------------------------------

# trx_results FILE... -> "OUTCOME TEST_NAME", a line per test result of VSTest .trx files.
trx_results() {
  local tag outcome name
  while IFS= read -r tag; do
    outcome="${tag#* outcome=\"}"
    name="${tag#* testName=\"}"
    echo "${outcome%%\"*} ${name%%\"*}"
  done < <(cat "$@" 2> /dev/null | tr '\n' ' ' | grep -o '<UnitTestResult [^>]*')
}

# outcome_kind OUTCOME: sets KIND to passed, skipped or failed (anything else VSTest reports: Failed, Error,
# Timeout, Aborted...); a variable rather than output, so that hundreds of results fork no subshell each.
outcome_kind() {
  case "$1" in
    Passed) KIND=passed ;;
    NotExecuted | Inconclusive | NotRunnable | Pending) KIND=skipped ;;
    *) KIND=failed ;;
  esac
}

# count_trx FILE... -> "passed failed skipped" from the test results of VSTest .trx files.
count_trx() {
  local passed=0 failed=0 skipped=0 outcome test
  while read -r outcome test; do
    outcome_kind "$outcome"
    case "$KIND" in
      passed) passed=$((passed + 1)) ;;
      skipped) skipped=$((skipped + 1)) ;;
      *) failed=$((failed + 1)) ;;
    esac
  done < <(trx_results "$@")
  echo "$passed $failed $skipped"
}

# failed_trx NAME FILE... -> "NAME: test name<TAB>the first 400 characters of its failure message" for each failed
# test, so that a red summary (often all a CI log keeps) says which test to look at and why it failed.
failed_trx() {
  local name="$1" result test message
  shift
  while IFS= read -r result; do
    test="${result#* testName=\"}"
    message="$(grep -oP '<Message>\K[^<]{0,400}' <<< "$result" | head -n 1)"
    printf '%s: %s\t%s\n' "$name" "${test%%\"*}" "$message"
  done < <(cat "$@" 2> /dev/null | tr '\n' ' ' \
    | grep -oP '<UnitTestResult [^>]*outcome="(?!Passed"|NotExecuted"|Inconclusive"|NotRunnable"|Pending")[^"]*"[^>]*(/>|>.*?</UnitTestResult>)')
}

# count_junit FILE -> "passed failed skipped" from a JUnit XML report (node's junit reporter).
count_junit() {
  local xml cases failed skipped
  xml="$(tr '\n' ' ' < "$1" 2> /dev/null)"
  # Each test is a <testcase>; a failed one holds <failure>, a skipped or todo one holds <skipped>.
  cases=$(grep -o '<testcase[ >]' <<< "$xml" | wc -l)
  failed=$(grep -o '<testcase[^>]*>[^<]*<failure' <<< "$xml" | wc -l)
  skipped=$(grep -o '<testcase[^>]*>[^<]*<skipped' <<< "$xml" | wc -l)
  echo "$((cases - failed - skipped)) $failed $skipped"
}

# record NAME EXIT_CODE "passed failed skipped"
record() {
  local name="$1" code="$2" passed failed skipped
  read -r passed failed skipped <<< "$3"
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
  local line
  line="$(printf '%-10s %4d passed, %d failed, %d skipped' "$name" "$passed" "$failed" "$skipped")"
  if [ $((passed + failed + skipped)) -eq 0 ]; then
    BROKEN+=("$name: ran no test (exit code $code)")
    line="$line  (ran no test)"
  elif [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then
    BROKEN+=("$name: exited with $code although no test failed (crash, hang or abort?)")
    line="$line  (exit code $code)"
  fi
  SUMMARY+=("$line")
}

# ---- Suite kinds ---------------------------------------------------------------------------------------------

dotnet_suite() {
  local name="$1" project="$2" dir="$RESULTS/$1" code
  shift 2
  local vars=() args=()
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then vars+=("$arg"); else args+=("$arg"); fi
  done
  log "Suite $name: dotnet test $project $*"
  rm -rf "$dir" && mkdir -p "$dir"
  env "${vars[@]+"${vars[@]}"}" dotnet test "$project" "${args[@]+"${args[@]}"}" -c "$CONFIGURATION" --no-build --nologo \
    --results-directory "$dir" --logger "trx;LogFileName=$name.trx" \
    --blame-hang-timeout 10m --blame-hang-dump-type none < /dev/null
  code=$?
  record "$name" "$code" "$(count_trx "$dir"/*.trx)"
  while IFS= read -r failure; do FAILURES+=("$failure"); done < <(failed_trx "$name" "$dir"/*.trx)
}

node_suite() {
  local name="$1" target="$2" dir="$RESULTS/$1" code
  log "Suite $name: node --test $target"
  rm -rf "$dir" && mkdir -p "$dir"
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=junit --test-reporter-destination="$dir/$name.xml" "$target" < /dev/null
  code=$?
  record "$name" "$code" "$(count_junit "$dir/$name.xml")"
}

check_suite() {
  local name="$1" dir="$RESULTS/$1" code
  shift
  log "Suite $name: $*"
  rm -rf "$dir" && mkdir -p "$dir"
  "$@" < /dev/null 2>&1 | tee "$dir/$name.log"
  code=${PIPESTATUS[0]}
  if [ "$code" -eq 0 ]; then
    record "$name" "$code" "1 0 0"
  else
    record "$name" "$code" "0 1 0"
  fi
}

# ---- Run -----------------------------------------------------------------------------------------------------

started=$(date +%s)
require dotnet "the .NET SDK builds and runs the tests"
require node "npm fetches Web Chat at build time; node runs node suites"
require npm "the build fetches Web Chat with npm pack"
ensure_chromium
ensure_npm_packages tests/conformance
SUPPORTBOT_TEST_POSTGRES=""
start_postgres || BROKEN+=("postgres: no PostgreSQL server could be started; the PostgreSQL suite fails")
ensure_redis || BROKEN+=("redis: redis-server could not be installed; the Redis tests fail")
export SUPPORTBOT_TEST_CONFIGURATION="$CONFIGURATION"

rm -rf "$RESULTS" && mkdir -p "$RESULTS"

log "Building SupportBot.sln ($CONFIGURATION)"
if ! dotnet build SupportBot.sln -c "$CONFIGURATION" --nologo -v:minimal < /dev/null; then
  echo
  echo "Build failed: no suite ran."
  echo "0 passed, 1 failed"
  exit 1
fi

# Formatting gate: the code as committed is what `dotnet format` would write (.editorconfig).
log "Checking formatting (dotnet format --verify-no-changes)"
if dotnet format SupportBot.sln --verify-no-changes --no-restore < /dev/null; then
  SUMMARY+=("$(printf '%-10s %s' format 'clean')")
else
  BROKEN+=("format: files differ from dotnet format; run 'dotnet format SupportBot.sln'")
  SUMMARY+=("$(printf '%-10s %s' format 'files need formatting')")
fi

suites

log "Summary ($(($(date +%s) - started)) s; results under ${RESULTS#"$ROOT"/})"
printf '%s\n' "${SUMMARY[@]}"
for failure in "${FAILURES[@]+"${FAILURES[@]}"}"; do
  echo "Failed test: ${failure%%$'\t'*}"
  if [ -n "${failure#*$'\t'}" ]; then echo "  because: ${failure#*$'\t'}"; fi
done
for problem in "${BROKEN[@]+"${BROKEN[@]}"}"; do
  echo "Suite problem: $problem"
done
# A suite that could not run counts as one failure, so that the closing line never reads as all green.
TOTAL_FAILED=$((TOTAL_FAILED + ${#BROKEN[@]}))
echo
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
[ "$TOTAL_FAILED" -eq 0 ]
