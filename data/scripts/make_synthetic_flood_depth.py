#!/usr/bin/env python3
"""Write the SYNTHETIC flood-depth grid data/hazards/flood/synthetic_yangtze_flood_depth_m.tif.

This is an assumption field, not observed or modelled flood data: no flood-depth grid for China could
be obtained offline, so the flood stress test runs on a hypothetical riverine flood of the middle and
lower Yangtze drawn from the simple rule below. Every parameter here is an assumption.

Grid: EPSG:4326, 0.025 degree cells, 110E-120E x 28N-33N (400 columns x 200 rows), Float32, DEFLATE,
depth in metres; nodata is declared as -9999 but no cell uses it (0 = dry).

Depth rule, for each cell centre:
    depth = max over features of Dmax * exp(-(d / w)^2)
where d (km) is the distance from the cell centre to the feature:
  - river: a polyline through riverside city coordinates (Yichang, Jingzhou, Yueyang, Wuhan, Jiujiang,
    Anqing, Wuhu, Nanjing); Dmax = 2.5 m, w = 12 km;
  - lakes: the points Dongting (112.9E, 29.3N) and Poyang (116.3E, 29.1N); Dmax = 3.0 m, w = 25 km.
Distances use a local equirectangular projection centred on the cell (x = R cos(lat_cell) lon,
y = R lat, R = 6371 km), which is accurate to well under 1 % over the few tens of km that matter.
Depths below 0.05 m are set to 0; the rest are rounded to 0.01 m.

The grid goes through a temporary ESRI ASCII grid and a VRT (which carries the band unit "m" and the
metadata) and is converted with gdal_translate. Deterministic: no randomness, same bytes each run.

Usage, from the repository root:
    python3 data/scripts/make_synthetic_flood_depth.py
"""

import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "..", "hazards", "flood", "synthetic_yangtze_flood_depth_m.tif")

WEST_DEG, SOUTH_DEG = 110.0, 28.0
CELL_DEG = 0.025
NCOLS, NROWS = 400, 200
NODATA = -9999

EARTH_RADIUS_KM = 6371.0

# (name, lon, lat) in river order, upstream to downstream.
RIVER_VERTICES = [
    ("Yichang", 111.29, 30.70),
    ("Jingzhou", 112.24, 30.33),
    ("Yueyang", 113.13, 29.36),
    ("Wuhan", 114.30, 30.59),
    ("Jiujiang", 116.00, 29.71),
    ("Anqing", 117.05, 30.53),
    ("Wuhu", 118.38, 31.33),
    ("Nanjing", 118.80, 32.06),
]
RIVER_DMAX_M = 2.5
RIVER_WIDTH_KM = 12.0

LAKES = [
    ("Dongting", 112.9, 29.3),
    ("Poyang", 116.3, 29.1),
]
LAKE_DMAX_M = 3.0
LAKE_WIDTH_KM = 25.0

MIN_DEPTH_M = 0.05


def to_km(lon_deg, lat_deg, cos_ref):
    k = EARTH_RADIUS_KM * math.pi / 180.0
    return (lon_deg * k * cos_ref, lat_deg * k)


def point_segment_km(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    seg2 = dx * dx + dy * dy
    t = ((px - ax) * dx + (py - ay) * dy) / seg2 if seg2 > 0 else 0.0
    t = min(1.0, max(0.0, t))
    qx, qy = ax + t * dx, ay + t * dy
    return math.hypot(px - qx, py - qy)


def depth_at(lon_deg, lat_deg):
    cos_ref = math.cos(math.radians(lat_deg))
    px, py = to_km(lon_deg, lat_deg, cos_ref)
    river = [to_km(lon, lat, cos_ref) for _, lon, lat in RIVER_VERTICES]
    d_river = min(point_segment_km(px, py, *river[i], *river[i + 1]) for i in range(len(river) - 1))
    depth = RIVER_DMAX_M * math.exp(-(d_river / RIVER_WIDTH_KM) ** 2)
    for _, lon, lat in LAKES:
        lx, ly = to_km(lon, lat, cos_ref)
        d_lake = math.hypot(px - lx, py - ly)
        depth = max(depth, LAKE_DMAX_M * math.exp(-(d_lake / LAKE_WIDTH_KM) ** 2))
    if depth < MIN_DEPTH_M:
        return 0.0
    return depth


def main():
    rows = []
    wet = 0
    max_depth = 0.0
    for j in range(NROWS):  # north to south, as ESRI ASCII grids are stored
        lat = SOUTH_DEG + (NROWS - j - 0.5) * CELL_DEG
        values = []
        for i in range(NCOLS):
            lon = WEST_DEG + (i + 0.5) * CELL_DEG
            text = "%.2f" % depth_at(lon, lat)
            value = float(text)
            if value > 0:
                wet += 1
                max_depth = max(max_depth, value)
            values.append(text)
        rows.append(" ".join(values))

    asc = (
        "ncols %d\nnrows %d\nxllcorner %.3f\nyllcorner %.3f\ncellsize %.3f\nNODATA_value %d\n"
        % (NCOLS, NROWS, WEST_DEG, SOUTH_DEG, CELL_DEG, NODATA)
    ) + "\n".join(rows) + "\n"

    vrt = """<VRTDataset rasterXSize="%d" rasterYSize="%d">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>%.3f, %.3f, 0.0, %.3f, 0.0, %.3f</GeoTransform>
  <Metadata>
    <MDI key="TITLE">SYNTHETIC flood depth, hypothetical middle and lower Yangtze flood</MDI>
    <MDI key="SOURCE">data/scripts/make_synthetic_flood_depth.py</MDI>
    <MDI key="COMMENT">Assumption for demonstrating the flood stress test; not observed or modelled flood data. 0 = dry.</MDI>
  </Metadata>
  <VRTRasterBand dataType="Float32" band="1">
    <Description>flood_depth</Description>
    <NoDataValue>%d</NoDataValue>
    <UnitType>m</UnitType>
    <SimpleSource>
      <SourceFilename relativeToVRT="1">depth.asc</SourceFilename>
      <SourceBand>1</SourceBand>
    </SimpleSource>
  </VRTRasterBand>
</VRTDataset>
""" % (NCOLS, NROWS, WEST_DEG, CELL_DEG, SOUTH_DEG + NROWS * CELL_DEG, -CELL_DEG, NODATA)

    out_path = os.path.normpath(OUT_PATH)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    env = dict(os.environ, GDAL_PAM_ENABLED="NO")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "depth.asc"), "w", encoding="ascii", newline="\n") as f:
            f.write(asc)
        with open(os.path.join(tmp, "depth.vrt"), "w", encoding="ascii", newline="\n") as f:
            f.write(vrt)
        if os.path.exists(out_path):
            os.remove(out_path)
        subprocess.run(
            ["gdal_translate", "-q", "-of", "GTiff", "-ot", "Float32", "-a_srs", "EPSG:4326",
             "-a_nodata", str(NODATA), "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3",
             os.path.join(tmp, "depth.vrt"), out_path],
            check=True, env=env)
    for leftover in (out_path + ".aux.xml",):
        if os.path.exists(leftover):
            os.remove(leftover)

    print("wrote %s" % out_path)
    print("cells %d, wet cells (depth > 0) %d, max depth %.2f m" % (NCOLS * NROWS, wet, max_depth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
