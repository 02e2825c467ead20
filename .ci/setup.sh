#!/bin/sh
# Set up spstress on a fresh Debian 12 / Ubuntu machine and either run the default scenario
# (`sh .ci/setup.sh run`) or the test suite (`sh .ci/setup.sh test`). Installs only the
# distribution packages that are missing; runs as root, or with sudo otherwise.
set -eu
mode=${1:-run}
case "$mode" in run|test) ;; *) echo "usage: sh .ci/setup.sh run|test" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

packages="build-essential cmake pkg-config libgdal-dev libnetcdf-dev libhdf5-dev libdeflate-dev libeigen3-dev
nlohmann-json3-dev libboost-test-dev libcairo2-dev libudunits2-dev gdal-bin netcdf-bin"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "spstress setup: installing$missing"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"

if [ "$mode" = run ]; then
  ./build/cli/spstress run --out spstress-out/extreme-summer
  echo "Open spstress-out/extreme-summer/report.html; tables are results.csv, summary.csv, c102.csv, options.csv, summary.json, regions.gpkg."
else
  cd build && ctest --output-on-failure -j"$jobs"
fi
