#!/usr/bin/env bash
# Re-vendors the web UI's front-end libraries from the npm registry (npm pack: no node_modules, no build step).
# Bump a version below, run this script, look at the diff, commit. Nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")"

SIGNALR=10.0.11   # @microsoft/signalr: the live hub's client (browser build, self-contained)
UPLOT=1.6.32      # uplot: time-series charts
AXE=4.14.1        # axe-core: accessibility checks, used by the browser tests only

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@microsoft/signalr@$SIGNALR" "uplot@$UPLOT" "axe-core@$AXE" >/dev/null)

unpack() { # package.tgz destination files...
  local tgz=$1 dest=$2; shift 2
  rm -rf "$dest" && mkdir -p "$dest" "$work/x"
  tar xzf "$work/$tgz" -C "$work/x"
  for f in "$@"; do cp "$work/x/package/$f" "$dest/"; done
  rm -rf "$work/x"
}

unpack "microsoft-signalr-$SIGNALR.tgz" signalr dist/browser/signalr.min.js package.json
unpack "uplot-$UPLOT.tgz" uplot dist/uPlot.iife.min.js dist/uPlot.min.css LICENSE package.json
unpack "axe-core-$AXE.tgz" ../../../../tests/ColdChain.EndToEnd.Tests/Web/axe axe.min.js LICENSE package.json
echo "vendored @microsoft/signalr $SIGNALR, uplot $UPLOT, axe-core $AXE"
