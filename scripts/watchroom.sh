#!/usr/bin/env bash
# The README's commands on any machine, fresh or not: each brings what it needs first (Node 22
# from the npm registry when the machine's Node is older, the npm packages when they are missing
# or out of date, and for the tests Debian's chromium and faketime), then runs.
#   scripts/watchroom.sh serve [serve options]   the console on its embedded default, with demo data
#   scripts/watchroom.sh test                    every test; ends with "N passed, N failed"
#   scripts/watchroom.sh setup                   only the installs
set -euo pipefail
cd "$(dirname "$0")/.."

install_test_packages() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
  command -v faketime >/dev/null 2>&1 || need+=(faketime)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "watchroom: the tests need Debian packages: ${need[*]}. As root, run: apt-get install ${need[*]}" >&2
    exit 69
  fi
  echo "watchroom: installing ${need[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

install_node_packages() {
  # shellcheck source=scripts/use-node22.sh
  source scripts/use-node22.sh
  # Electron's binary cannot be downloaded here; its types are all the build and tests need.
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  serve) install_node_packages; exec npm run serve -- "$@" ;;
  test) install_test_packages; install_node_packages; exec npm test ;;
  setup) install_test_packages; install_node_packages ;;
  *) echo "usage: scripts/watchroom.sh serve [options] | test | setup" >&2; exit 64 ;;
esac
