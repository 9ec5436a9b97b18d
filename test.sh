#!/usr/bin/env bash
# The one test command (README "Quick start"). Installs what the tests need, idempotently,
# builds warning-free, runs every test project, and ends with "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\033[1m== %s\033[0m\n' "$*"; }

# 1. Debian packages the tests drive as real peers (redis-server, chromium, dnsmasq).
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v dnsmasq >/dev/null 2>&1 || need+=(dnsmasq)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# 2. npm peers (official clients used by the interop, browser and bench runs).
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# 3. Build once; test projects then run without rebuilding.
log "dotnet build"
if ! dotnet build AgentPlatform.sln -c Debug -nologo -clp:ErrorsOnly -v:q; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

# 4. Every test project; results summed from the TRX files.
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
filter=()
[ -n "${TEST_FILTER:-}" ] && filter=(--filter "$TEST_FILTER")
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  [ "$name" = TestSupport ] && continue
  [ "$name" = FunctionsHost.TestWorker ] && continue  # a Functions worker the FunctionsHost tests run, not a test project
  [ "$name" = Reliability ] && continue  # the reliability suite (a console app); Reliability.Tests runs it quick
  [ -n "${TEST_PROJECTS:-}" ] && ! [[ " $TEST_PROJECTS " == *" $name "* ]] && continue
  log "test $name"
  timeout "${TEST_PROJECT_TIMEOUT:-900}" dotnet test "$proj" --no-build -nologo -v:q \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "${filter[@]}" \
    -- RunConfiguration.TestSessionTimeout=900000 || status=1
done

# Each failed test's message and the top of its stack, so a CI log alone says what broke.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(path).getroot().iterfind(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"): continue
        print(f"--- FAILED {r.get('testName')} ({r.get('duration')})")
        for tag in ("Message", "StackTrace"):
            e = r.find(f".//{{*}}ErrorInfo/{{*}}{tag}")
            if e is not None and e.text: print("\n".join(e.text.strip().splitlines()[:12]))
PY

read -r passed failed skipped < <(python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    # xunit v3 reports a dynamic skip (Assert.Skip) as not executed without counting it in notExecuted.
    s += max(int(c.get("notExecuted", 0)), int(c.get("total", 0)) - int(c.get("executed", 0)))
print(p, f, s)
PY
)
if [ "$status" != 0 ] && [ "${failed:-0}" = 0 ]; then failed=1; fi   # a crashed or timed-out project counts
if [ "${skipped:-0}" != 0 ]; then echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"; else echo "${passed:-0} passed, ${failed:-0} failed"; fi
[ "$status" = 0 ] && [ "${failed:-0}" = 0 ]
