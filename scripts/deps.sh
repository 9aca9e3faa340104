#!/usr/bin/env bash
# Installs the Debian 12 packages RefNet needs that are not installed yet.
# Usage: scripts/deps.sh [--test]   (--test adds what the test-suite, the
# sanitizer build and the fuzz targets use)
# Runs apt-get only when something is missing, so it is quick and works
# offline on a machine that already has everything.
set -euo pipefail

packages=(cmake g++ make pkg-config libboost-graph-dev libeigen3-dev nlohmann-json3-dev
          libgraphviz-dev libcli11-dev libomp-dev libxxhash-dev libcpp-httplib-dev)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(libgtest-dev libgmock-dev python3 python3-networkx python3-scipy
              python3-icalendar chromium clang-tidy clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
echo "refnet: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
