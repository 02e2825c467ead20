#!/usr/bin/env python3
"""Write the SYNTHETIC monthly precipitation grid
data/hazards/drought/synthetic_precipitation_monthly_1991_2022.nc.

This is an assumption field, not observed data: no monthly precipitation grid for China could be
obtained offline, so the drought stress test runs on values drawn from the rules below. Every
parameter here is an assumption, chosen only to give plausible orders of magnitude.

Grid: 1 degree cells, lon centres 73.5..134.5 E (62), lat centres 18.5..53.5 N (36, ascending);
monthly totals in mm, 1991-01 .. 2022-12 (384 months, time stamp on the 15th of each month).

1. Mean annual precipitation (mm per year):
       P_east(lat) = 250 + 1600 / (1 + exp((lat - 33.5) / 4))
       P_ann(lon, lat) = P_east(lat) * exp(-0.05 * s(110 - lon)),  s(x) = 2 ln(1 + exp(x / 2))
   P_east is a north-south monsoon gradient for eastern China; the second factor (a smoothed
   max(0, 110 - lon)) dries the interior towards the north-west.
   Gives about 1760 mm at (120E, 22N), 1710 Guangzhou, 1310 Wuhan, 520 Beijing, 94 at (80E, 42N).
2. Seasonal cycle: weights w_m proportional to exp(kappa cos(2 pi (m - 7) / 12)), m = 1..12,
   normalised to sum to 1 (peak in July); kappa = 0.8 + 1.2 * clamp((lat - 20) / 20, 0, 1), so the
   July/January ratio is about 6 at 22N and about 55 from 40N northwards.
3. Year-to-year variability: monthly total = P_ann * w_m * A * C, where
     A = large-scale anomaly factor, Gamma(shape 4, scale 1/4) (mean 1), one draw per month per
         5 x 5 degree block (blocks start at 73E and 18N: 13 lon x 8 lat blocks, the last ones partial);
     C = cell factor, Gamma(shape 8, scale 1/8) (mean 1), one draw per month per cell.
   Drawn with random.Random(20221001).gammavariate in this order: for each month (chronological),
   first all block factors (lat block ascending, then lon block ascending), then all cell factors
   (lat ascending, then lon ascending).
4. Hypothetical drought: cells with centres in 105E-122E x 27N-33N (middle and lower Yangtze and the
   Sichuan basin) have their July, August, September and October 2022 totals multiplied by 0.35.
   Inspired by the 2022 Yangtze drought; not a reconstruction of it.
5. Values rounded to 0.1 mm.

The file is netCDF-4 (deflate level 4, shuffle, chunks 1 x 36 x 62), written by `ncgen -k nc4` from a
temporary CDL file. Deterministic: same bytes each run.

Usage, from the repository root:
    python3 data/scripts/make_synthetic_precipitation.py
"""

import datetime
import math
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "..", "hazards", "drought",
                        "synthetic_precipitation_monthly_1991_2022.nc")

SEED = 20221001
LONS = [73.5 + i for i in range(62)]
LATS = [18.5 + j for j in range(36)]
FIRST_YEAR, LAST_YEAR = 1991, 2022
BLOCK_DEG = 5
BLOCK_LON0, BLOCK_LAT0 = 73.0, 18.0
ANOMALY_SHAPE = 4.0
CELL_SHAPE = 8.0

DROUGHT_LON = (105.0, 122.0)
DROUGHT_LAT = (27.0, 33.0)
DROUGHT_YEAR = 2022
DROUGHT_MONTHS = (7, 8, 9, 10)
DROUGHT_FACTOR = 0.35


def annual_mean_mm(lon, lat):
    p_east = 250.0 + 1600.0 / (1.0 + math.exp((lat - 33.5) / 4.0))
    x = 110.0 - lon
    softplus = 2.0 * math.log1p(math.exp(x / 2.0))
    return p_east * math.exp(-0.05 * softplus)


def monthly_weights(lat):
    kappa = 0.8 + 1.2 * min(1.0, max(0.0, (lat - 20.0) / 20.0))
    raw = [math.exp(kappa * math.cos(2.0 * math.pi * (m - 7) / 12.0)) for m in range(1, 13)]
    total = sum(raw)
    return [r / total for r in raw]


def in_drought_box(lon, lat):
    return DROUGHT_LON[0] <= lon <= DROUGHT_LON[1] and DROUGHT_LAT[0] <= lat <= DROUGHT_LAT[1]


def block_index(lon, lat):
    return (int((lat - BLOCK_LAT0) // BLOCK_DEG), int((lon - BLOCK_LON0) // BLOCK_DEG))


def main():
    rng = random.Random(SEED)
    n_block_lon = int(math.ceil((LONS[-1] + 0.5 - BLOCK_LON0) / BLOCK_DEG))
    n_block_lat = int(math.ceil((LATS[-1] + 0.5 - BLOCK_LAT0) / BLOCK_DEG))
    mean_mm = [[annual_mean_mm(lon, lat) for lon in LONS] for lat in LATS]
    weights = [monthly_weights(lat) for lat in LATS]

    epoch = datetime.date(FIRST_YEAR, 1, 1)
    times = []
    values = []  # values[t][j][i], rounded text
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month in range(1, 13):
            times.append((datetime.date(year, month, 15) - epoch).days)
            blocks = [[rng.gammavariate(ANOMALY_SHAPE, 1.0 / ANOMALY_SHAPE) for _ in range(n_block_lon)]
                      for _ in range(n_block_lat)]
            drought = year == DROUGHT_YEAR and month in DROUGHT_MONTHS
            field = []
            for j, lat in enumerate(LATS):
                row = []
                for i, lon in enumerate(LONS):
                    cell = rng.gammavariate(CELL_SHAPE, 1.0 / CELL_SHAPE)
                    bj, bi = block_index(lon, lat)
                    v = mean_mm[j][i] * weights[j][month - 1] * blocks[bj][bi] * cell
                    if drought and in_drought_box(lon, lat):
                        v *= DROUGHT_FACTOR
                    row.append("%.1f" % v)
                field.append(row)
            values.append(field)

    cdl = []
    cdl.append("netcdf synthetic_precipitation_monthly_1991_2022 {")
    cdl.append("dimensions:")
    cdl.append("\ttime = %d ;" % len(times))
    cdl.append("\tlat = %d ;" % len(LATS))
    cdl.append("\tlon = %d ;" % len(LONS))
    cdl.append("variables:")
    cdl.append("\tdouble time(time) ;")
    cdl.append('\t\ttime:standard_name = "time" ;')
    cdl.append('\t\ttime:long_name = "time (middle of the month)" ;')
    cdl.append('\t\ttime:units = "days since 1991-01-01 00:00:00" ;')
    cdl.append('\t\ttime:calendar = "standard" ;')
    cdl.append('\t\ttime:axis = "T" ;')
    cdl.append("\tdouble lat(lat) ;")
    cdl.append('\t\tlat:standard_name = "latitude" ;')
    cdl.append('\t\tlat:long_name = "latitude of the cell centre" ;')
    cdl.append('\t\tlat:units = "degrees_north" ;')
    cdl.append('\t\tlat:axis = "Y" ;')
    cdl.append("\tdouble lon(lon) ;")
    cdl.append('\t\tlon:standard_name = "longitude" ;')
    cdl.append('\t\tlon:long_name = "longitude of the cell centre" ;')
    cdl.append('\t\tlon:units = "degrees_east" ;')
    cdl.append('\t\tlon:axis = "X" ;')
    cdl.append("\tfloat pr(time, lat, lon) ;")
    cdl.append('\t\tpr:standard_name = "lwe_thickness_of_precipitation_amount" ;')
    cdl.append('\t\tpr:long_name = "monthly precipitation total" ;')
    cdl.append('\t\tpr:units = "mm" ;')
    cdl.append('\t\tpr:cell_methods = "time: sum" ;')
    cdl.append("\t\tpr:_FillValue = -9999.f ;")
    cdl.append('\t\tpr:comment = "SYNTHETIC: drawn from an assumed climatology with random anomalies; '
               'July-October 2022 reduced to 35 percent over 105E-122E, 27N-33N" ;')
    cdl.append("\t\tpr:_DeflateLevel = 4 ;")
    cdl.append('\t\tpr:_Shuffle = "true" ;')
    cdl.append("\t\tpr:_ChunkSizes = 1, 36, 62 ;")
    cdl.append("")
    cdl.append("// global attributes:")
    cdl.append('\t\t:title = "SYNTHETIC monthly precipitation over China, 1991-2022, with a hypothetical '
               '2022 Yangtze drought" ;')
    cdl.append('\t\t:source = "data/scripts/make_synthetic_precipitation.py" ;')
    cdl.append('\t\t:comment = "An assumption for demonstrating the drought stress test, not observed '
               'data. Every parameter is stated in the generating script and in data/hazards/drought/README.md. '
               'The 2022 drought is inspired by the 2022 Yangtze drought and is not a reconstruction of it." ;')
    cdl.append('\t\t:Conventions = "CF-1.8" ;')
    cdl.append('\t\t:history = "Generated by data/scripts/make_synthetic_precipitation.py (random seed %d) '
               'and ncgen -k nc4" ;' % SEED)
    cdl.append("data:")
    cdl.append("")
    cdl.append(" time = " + ", ".join("%d" % t for t in times) + " ;")
    cdl.append("")
    cdl.append(" lat = " + ", ".join("%.1f" % v for v in LATS) + " ;")
    cdl.append("")
    cdl.append(" lon = " + ", ".join("%.1f" % v for v in LONS) + " ;")
    cdl.append("")
    rows = [", ".join(row) for field in values for row in field]
    cdl.append(" pr =\n  " + ",\n  ".join(rows) + " ;")
    cdl.append("}")
    cdl_text = "\n".join(cdl) + "\n"

    out_path = os.path.normpath(OUT_PATH)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cdl_path = os.path.join(tmp, "pr.cdl")
        with open(cdl_path, "w", encoding="ascii", newline="\n") as f:
            f.write(cdl_text)
        if os.path.exists(out_path):
            os.remove(out_path)
        subprocess.run(["ncgen", "-k", "nc4", "-o", out_path, cdl_path], check=True)

    # Checks printed for the README: the drought box's July-October totals.
    box = [(j, i) for j, lat in enumerate(LATS) for i, lon in enumerate(LONS) if in_drought_box(lon, lat)]

    def jaso_box_mean(year):
        t0 = (year - FIRST_YEAR) * 12
        total = 0.0
        for j, i in box:
            total += sum(float(values[t0 + m - 1][j][i]) for m in DROUGHT_MONTHS)
        return total / len(box)

    baseline = [jaso_box_mean(y) for y in range(1991, 2021)]
    base_mean = sum(baseline) / len(baseline)
    print("wrote %s" % out_path)
    print("drought box: %d cells; Jul-Oct total, box mean: 2022 %.1f mm, 1991-2020 mean %.1f mm "
          "(ratio %.3f), 1991-2020 range %.1f .. %.1f mm"
          % (len(box), jaso_box_mean(2022), base_mean, jaso_box_mean(2022) / base_mean,
             min(baseline), max(baseline)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
