#!/usr/bin/env bash
# ColdChain build entry point.
#   ./build.sh test    install the Debian packages the tests need (if missing), restore, build (Release), run every test
#   ./build.sh demo    run the embedded demo (in-process broker, ingest, SQLite, simulated fleet)
#   ./build.sh build   restore and build (Release, warnings are errors)
set -euo pipefail
cd "$(dirname "$0")"

# Servers the integration tests start themselves, on free loopback ports in temp folders.
TEST_PACKAGES=(mosquitto influxdb postgresql python3-aiosmtpd fonts-noto-cjk chromium sqlite3 curl)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing Debian packages: ${missing[*]}"
  # The tests start their own servers; keep the packages' system services from starting (and taking ports 1883/8086).
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    created=1
  fi
  as_root apt-get update -qq || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [ -n "$created" ] && as_root rm -f "$policy"
  return 0
}

build() {
  dotnet restore ColdChain.sln
  dotnet build ColdChain.sln -c Release --no-restore
}

run_tests() {
  install_packages "${TEST_PACKAGES[@]}"
  build
  local log
  log=$(mktemp)
  set +e
  dotnet test ColdChain.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  # One closing line over all test assemblies: "N passed, N failed".
  awk '/^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  rm -f "$log"
  return "$status"
}

case "${1:-test}" in
  test) run_tests ;;
  build) build ;;
  demo) dotnet run --project platform/ColdChain.Platform -c Release -- --demo ;;
  # The ingest proofs and throughput benchmark (minutes; real mosquitto and influxd): ./build.sh bench [all|bench|proofs|kill9|store-outage|broker-restart|broker-restart-monitor|malformed|scale-out] [--seconds 60]
  # The handover-check benchmark (SQLite and a real influxd): ./build.sh bench handovers [sqlite] [influx] [--iterations 100]
  # The alarm benchmarks: ./build.sh bench alarms [all|latency|evaluate] [--seconds 60]
  # The report benchmark (30 days x 3 sensors as CSV, PDF, EPCIS; a year's CSV memory; SQLite): ./build.sh bench reports
  bench)
    install_packages "${TEST_PACKAGES[@]}"
    case "${2:-}" in
      handovers) dotnet run --project tests/ColdChain.Shipments.Benchmarks -c Release -- "${@:3}" ;;
      alarms) dotnet run --project tests/ColdChain.Alarms.Benchmarks -c Release -- "${@:3}" ;;
      reports) dotnet run --project tests/ColdChain.Reports.Benchmarks -c Release -- "${@:3}" ;;
      *) dotnet run --project tests/ColdChain.Ingest.LoadTest -c Release -- "${@:2}" ;;
    esac ;;
  *) echo "usage: $0 [test|build|demo|bench]" >&2; exit 2 ;;
esac
