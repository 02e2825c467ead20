#!/bin/bash
# Aggregation benchmark: one run that times, on the same synthetic daily 0.1° field over China,
#   - a bare netCDF-C read of every time step (the single-thread floor),
#   - `spstress aggregate` to the 31 provinces (area weights, and population weights),
#   - a Python baseline (shapely weights built once, netCDF4 streaming, scipy.sparse products),
# for one year and three years, and prints wall-clock times, ratios between them, and peak
# resident memory. Every ratio is between figures measured in this run.
#
# Usage: bench/run.sh [BUILD_DIR]        (default: build-bench in the source tree)
# Environment:
#   SPSTRESS_BENCH_DIR  where the fields and outputs go (default /tmp/spstress-bench; ~1 GB)
#   REPEATS             runs per case; the best wall clock is kept (default 3)
#   SPSTRESS_COMMIT     the commit to print when the source tree is not a git checkout (an
#                       export of a commit, e.g. to measure it while the work tree is changing)
# Needs: gcc, pkg-config, libnetcdf-dev, /usr/bin/time, and for the baseline
#   apt-get install -y --no-install-recommends python3-numpy python3-scipy python3-netcdf4 python3-shapely
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build-bench}
SPSTRESS=$BUILD/cli/spstress
WORK=${SPSTRESS_BENCH_DIR:-/tmp/spstress-bench}
REPEATS=${REPEATS:-3}
PY=/usr/bin/python3
REGIONS=$ROOT/data/regions/china_provinces_mainland.geojson
POP=$ROOT/data/exposure/gpw_v4_population_count_rev11_2000_15_min_china.tif
DEFLATE=4

die() { echo "bench/run.sh: $*" >&2; exit 1; }
[ -x "$SPSTRESS" ] || die "no $SPSTRESS; build it first (cmake --build $BUILD --target spstress)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
pkg-config --exists netcdf || die "netCDF-C development files are missing (libnetcdf-dev)"
$PY -c 'import numpy, scipy.sparse, netCDF4, shapely' 2>/dev/null ||
  die "the baseline needs: apt-get install -y --no-install-recommends python3-numpy python3-scipy python3-netcdf4 python3-shapely"
mkdir -p "$WORK"

# --- tools and fields -------------------------------------------------------------------------
NC_FLAGS=$(pkg-config --cflags --libs netcdf)
for tool in make_field bare_read; do
  if [ ! -x "$WORK/$tool" ] || [ "$ROOT/bench/$tool.c" -nt "$WORK/$tool" ]; then
    # shellcheck disable=SC2086
    gcc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -o "$WORK/$tool" \
      "$ROOT/bench/$tool.c" $NC_FLAGS -lm
  fi
done
field() {  # name n_days: (re)generates the field when missing or older than its generator
  local f=$WORK/$1.nc
  if [ ! -s "$f" ] || [ "$WORK/make_field" -nt "$f" ]; then
    echo "generating $f ($2 days)" >&2
    "$WORK/make_field" "$f.tmp" "$2" "$DEFLATE" && mv "$f.tmp" "$f"
  fi
}
field tas_1day 1
field tas_1y 365
field tas_3y 1095
cat "$WORK"/tas_*.nc > /dev/null  # every case reads from a warm page cache

# --- measuring --------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RESULTS=$WORK/results.txt
: > "$RESULTS"
measure() {  # key cmd...: best wall clock and least CPU time (user + system) of REPEATS runs,
             # and the largest peak RSS of them
  local key=$1; shift
  local best="" cpu_best="" peak=0 k t0 t1 wall cpu rss
  for ((k = 1; k <= REPEATS; ++k)); do
    if [ -n "${BEFORE_EACH:-}" ]; then $BEFORE_EACH; fi
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/$key.stdout" 2> "$WORK/$key.stderr" ||
      { cat "$WORK/$key.stderr" >&2; die "$key failed: $*"; }
    t1=$EPOCHREALTIME
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
    if [ -z "$cpu_best" ] || awk -v a="$cpu" -v b="$cpu_best" 'BEGIN { exit !(a < b) }'; then
      cpu_best=$cpu
    fi
    if [ "$rss" -gt "$peak" ]; then peak=$rss; fi
  done
  echo "$key $best $peak $cpu_best" >> "$RESULTS"
  echo "  $key: best ${best} s wall, ${cpu_best} s CPU, peak ${peak} kB" >&2
}

# spstress may keep W in a disk cache ($SPSTRESS_CACHE_DIR): every timed spstress run starts
# from an empty cache, so that it builds W as the baseline does, except the one "warm" case.
export SPSTRESS_CACHE_DIR=$WORK/weights-cache
cold_cache() { rm -rf "$SPSTRESS_CACHE_DIR"; }
agg() {  # field out [weights [more options]]: the spstress command line, into the array CMD
  CMD=("$SPSTRESS" aggregate --raster "$WORK/$1.nc" --regions "$REGIONS" --stat mean
       --out "$WORK/$2")
  if [ $# -ge 3 ] && [ -n "$3" ]; then CMD+=(--weights "$3"); fi
  if [ $# -ge 4 ]; then CMD+=("${@:4}"); fi
}

for y in 1y 3y; do
  echo "timing $y ($REPEATS runs each)" >&2
  measure "bare_float_$y" "$WORK/bare_read" "$WORK/tas_$y.nc" tas float
  measure "bare_double_$y" "$WORK/bare_read" "$WORK/tas_$y.nc" tas double
  agg "tas_$y" "area_$y.csv" && BEFORE_EACH=cold_cache measure "spstress_area_$y" "${CMD[@]}"
  agg "tas_$y" "pop_$y.csv" "$POP" && BEFORE_EACH=cold_cache measure "spstress_pop_$y" "${CMD[@]}"
  agg "tas_$y" "area1_$y.csv" "" --threads 1 &&
    BEFORE_EACH=cold_cache measure "spstress_area1_$y" "${CMD[@]}"
  measure "python_$y" $PY "$ROOT/bench/baseline.py" "$WORK/tas_$y.nc" tas "$REGIONS" \
    "$WORK/python_$y.csv"
  cp "$WORK/python_$y.stderr" "$WORK/python_$y.timers"
done
echo "timing the 1-step field (W build upper bound) and the start-up alone" >&2
measure spstress_startup "$SPSTRESS" --version
agg tas_1day area_1day.csv && BEFORE_EACH=cold_cache measure spstress_area_1day "${CMD[@]}"
agg tas_1day pop_1day.csv "$POP" && BEFORE_EACH=cold_cache measure spstress_pop_1day "${CMD[@]}"
# Warm: the first run fills the cache (if this version of spstress has one), the timed ones reuse it.
agg tas_1day area_1day.csv && cold_cache && "${CMD[@]}" &&
  measure spstress_area_1day_warm "${CMD[@]}"
measure python_1day $PY "$ROOT/bench/baseline.py" "$WORK/tas_1day.nc" tas "$REGIONS" \
  "$WORK/python_1day.csv"
cp "$WORK/python_1day.stderr" "$WORK/python_1day.timers"

# --- report -----------------------------------------------------------------------------------
get() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$RESULTS"; }
t() { get "$1" 2; }
cpu() { get "$1" 4; }
mb() { awk -v k="$(get "$1" 3)" 'BEGIN { printf "%.1f", k / 1024 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
if [ -n "${SPSTRESS_COMMIT:-}" ]; then
  commit=$SPSTRESS_COMMIT dirty=""
else
  commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  dirty=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | head -c1)
fi
size() { awk -v b="$(stat -c %s "$WORK/$1.nc")" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }

echo
echo "spstress aggregation benchmark"
echo "commit $commit${dirty:+ (with uncommitted changes)}; $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "field: tas float32 K, 630 x 370 cells of 0.1°, chunks (1, 370, 630), shuffle + deflate $DEFLATE;"
echo "       1y = 365 steps ($(size tas_1y)), 3y = 1095 steps ($(size tas_3y)); warm page cache"
echo "times: best of $REPEATS wall-clock runs, whole process (start-up, weights, reading, writing)"
echo "load average before / after the timings: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-34s %4s %8s %7s %8s %7s %7s %8s\n' case span wall_s x_bare py/case cpu_s x_bare peak_MB
for y in 1y 3y; do
  bare=$(t "bare_float_$y") bare_cpu=$(cpu "bare_float_$y")
  py=$(t "python_$y")
  for c in bare_float bare_double spstress_area spstress_pop spstress_area1 python; do
    case $c in
      bare_float) label="bare netCDF-C read (float, floor)" ;;
      bare_double) label="bare netCDF-C read (to double)" ;;
      spstress_area) label="spstress aggregate, area weights" ;;
      spstress_pop) label="spstress aggregate, population" ;;
      spstress_area1) label="spstress, area weights, 1 thread" ;;
      python) label="python baseline (area weights)" ;;
    esac
    printf '%-34s %4s %8s %7s %8s %7s %7s %8s\n' "$label" "$y" "$(t "${c}_$y")" \
      "$(div "$(t "${c}_$y")" "$bare")" "$(div "$py" "$(t "${c}_$y")")" "$(cpu "${c}_$y")" \
      "$(div "$(cpu "${c}_$y")" "$bare_cpu")" "$(mb "${c}_$y")"
  done
done
echo "(x_bare: ratio to the bare float read of the same span; py/case: python wall / this wall;"
echo " cpu_s: user + system seconds, the least of the runs, less sensitive than wall to other load)"
echo
py_w=$(sed -n 's/.*build_W_seconds=\([0-9.]*\).*/\1/p' "$WORK/python_1y.timers")
py_s1=$(sed -n 's/.*stream_seconds=\([0-9.]*\).*/\1/p' "$WORK/python_1y.timers")
py_s3=$(sed -n 's/.*stream_seconds=\([0-9.]*\).*/\1/p' "$WORK/python_3y.timers")
built() { sed -n 's/.*built in \([0-9.]*\) s.*/\1/p' "$WORK/$1.stderr"; }
loaded() { sed -n 's/.*loaded from the cache .* in \([0-9.]*\) s.*/\1/p' "$WORK/$1.stderr"; }
echo "time to build W for the 31 provinces, as spstress reports it (last run of each case):"
printf '  area weights: 1y %s s, 3y %s s, 1-step %s s; population weights: 1y %s s, 3y %s s\n' \
  "$(built spstress_area_1y)" "$(built spstress_area_3y)" "$(built spstress_area_1day)" \
  "$(built spstress_pop_1y)" "$(built spstress_pop_3y)"
printf '  cached W loaded in %s s (warm 1-step run)\n' "$(loaded spstress_area_1day_warm)"
echo "whole runs on the 1-step field (fixed costs: start-up, regions, W, one step, CSV):"
printf '  spstress, area weights:       %s s wall, %s s CPU  (peak %s MB)\n' \
  "$(t spstress_area_1day)" "$(cpu spstress_area_1day)" "$(mb spstress_area_1day)"
printf '  spstress, population weights: %s s wall, %s s CPU  (peak %s MB)\n' \
  "$(t spstress_pop_1day)" "$(cpu spstress_pop_1day)" "$(mb spstress_pop_1day)"
printf '  spstress start-up alone (--version): %s s wall, %s s CPU  (peak %s MB)\n' \
  "$(t spstress_startup)" "$(cpu spstress_startup)" "$(mb spstress_startup)"
printf '  spstress, area weights, W cache warm: %s s wall, %s s CPU\n' \
  "$(t spstress_area_1day_warm)" "$(cpu spstress_area_1day_warm)"
printf '  python, its own timer (last run): %s s  (whole 1-step run, best: %s s)\n' "$py_w" "$(t python_1day)"
echo "per time step, W excluded: (3y - 1y) / 730 steps, wall ms / CPU ms; python: its stream timer"
per_step() {
  awk -v a="$(t "$1_3y")" -v b="$(t "$1_1y")" -v c="$(cpu "$1_3y")" -v d="$(cpu "$1_1y")" \
    'BEGIN { printf "%.2f / %.2f", (a - b) / 730 * 1000, (c - d) / 730 * 1000 }'
}
printf '  bare float %s, bare double %s,\n' "$(per_step bare_float)" "$(per_step bare_double)"
printf '  spstress area %s, spstress population %s, spstress area on 1 thread %s,\n' \
  "$(per_step spstress_area)" "$(per_step spstress_pop)" "$(per_step spstress_area1)"
printf '  python %s ms wall (streaming 1y %s s, 3y %s s)\n' \
  "$(awk -v a="$py_s3" -v b="$py_s1" 'BEGIN { printf "%.2f", (a - b) / 730 * 1000 }')" "$py_s1" "$py_s3"
echo
echo "agreement, spstress (area) against the python baseline, first 3 days of the 1y field:"
echo "  $($PY "$ROOT/bench/compare.py" "$WORK/area_1y.csv" "$WORK/python_1y.csv" 3)"
for y in 1y 3y; do
  if cmp -s "$WORK/area_$y.csv" "$WORK/area1_$y.csv"; then same="identical"; else same="DIFFERENT"; fi
  echo "spstress output on 1 thread and on $(nproc), $y: $same"
done
echo "checksums of the bare reads: $(cat "$WORK/bare_float_1y.stdout") | $(cat "$WORK/bare_float_3y.stdout")"
