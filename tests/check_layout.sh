#!/bin/sh
# Fails when a stage includes what the dependency direction of docs/architecture.md keeps away
# from it, or when a public header includes GDAL or netCDF.
set -u
top=${1:-$(dirname "$0")/..}
cd "$top" || exit 1
status=0
check() {
  dir=$1; shift
  pattern=$(printf '%s|' "$@"); pattern=${pattern%|}
  bad=$(grep -rnE "#include *[<\"]([^>\"]*/)?($pattern)" "$dir" --include='*.hpp' --include='*.cpp' 2>/dev/null)
  if [ -n "$bad" ]; then
    echo "$dir/ includes what it must not:"; echo "$bad"; status=1
  fi
}
check core 'hazards/' 'regions/' 'shocks/' 'protection/' 'scenarios/' 'viz/' 'gdal' 'ogr' 'netcdf' 'nlohmann'
check hazards 'regions/' 'shocks/' 'protection/' 'scenarios/' 'viz/'
check regions 'hazards/' 'shocks/' 'protection/' 'scenarios/' 'viz/'
check shocks 'protection/' 'scenarios/' 'viz/' 'regions/' 'hazards/' 'gdal' 'ogr' 'netcdf' 'nlohmann'
check protection 'hazards/' 'regions/' 'shocks/' 'scenarios/' 'viz/' 'gdal' 'ogr' 'netcdf' 'nlohmann' 'cairo'
check viz 'hazards/' 'regions/' 'shocks/' 'protection/'
leak=$(grep -rlE '#include *[<"](gdal|ogr|cpl_|netcdf)' core/include hazards/include regions/include shocks/include protection/include scenarios/include viz/include 2>/dev/null)
if [ -n "$leak" ]; then
  echo "public headers that include GDAL or netCDF:"; echo "$leak"; status=1
fi
[ $status = 0 ] && echo "layout: dependency direction respected"
exit $status
