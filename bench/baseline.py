#!/usr/bin/python3
"""The baseline of the aggregation benchmark: a province-mean script written the way a careful
researcher would write it with Debian's numpy, scipy, netCDF4 and shapely (1.8 in Debian 12;
the calls used exist in shapely 2 as well).

Weights are built once: for each province, each 0.1° cell inside its bounding box becomes a
shapely box; with the polygon prepared, cells wholly inside get coverage 1, cells on the
boundary get intersection area / cell area (in lon/lat), and each cell's weight is
coverage × cos(latitude of the cell centre), which is proportional to its area on the sphere.
The weights form one scipy.sparse CSR matrix W (provinces × cells). The file is then streamed
one time step at a time with netCDF4; missing cells are left out and the weights renormalised:
mean = W @ (x with NaN→0) / W @ valid.

Usage: baseline.py FIELD.nc VAR REGIONS.geojson OUT.csv
Writes region_code,time,value like `spstress aggregate`, and prints the seconds spent building W
and streaming to standard error.
"""
import json
import sys
import time

import netCDF4
import numpy as np
import scipy.sparse
from shapely.geometry import box, shape
from shapely.prepared import prep


def cell_edges(centres):
    """Edges of a regular 1-D grid from its centres."""
    step = centres[1] - centres[0]
    return np.concatenate([centres - step / 2, [centres[-1] + step / 2]])


def build_weights(regions_path, lat, lon):
    with open(regions_path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    lat_edges, lon_edges = cell_edges(lat), cell_edges(lon)
    nlat, nlon = len(lat), len(lon)
    cos_lat = np.cos(np.deg2rad(lat))
    codes, rows, cols, vals = [], [], [], []
    for r, feat in enumerate(features):
        codes.append(feat["properties"]["code"])
        poly = shape(feat["geometry"])
        fast = prep(poly)
        x0, y0, x1, y1 = poly.bounds
        # Only the cells whose box meets the bounding box; latitude edges may run north to south.
        jj = np.nonzero((lon_edges[1:] > x0) & (lon_edges[:-1] < x1))[0]
        ii = np.nonzero((np.maximum(lat_edges[1:], lat_edges[:-1]) > y0)
                        & (np.minimum(lat_edges[1:], lat_edges[:-1]) < y1))[0]
        for i in ii:
            s, n = sorted((lat_edges[i], lat_edges[i + 1]))
            for j in jj:
                cell = box(lon_edges[j], s, lon_edges[j + 1], n)
                if fast.contains_properly(cell):
                    cover = 1.0
                elif fast.intersects(cell):
                    cover = cell.intersection(poly).area / cell.area
                else:
                    continue
                if cover > 0:
                    rows.append(r)
                    cols.append(i * nlon + j)
                    vals.append(cover * cos_lat[i])
    W = scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(len(features), nlat * nlon))
    return codes, W


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: baseline.py FIELD.nc VAR REGIONS.geojson OUT.csv")
    field_path, var_name, regions_path, out_path = sys.argv[1:]
    t0 = time.perf_counter()
    ds = netCDF4.Dataset(field_path)
    var = ds.variables[var_name]
    lat, lon = ds.variables["lat"][:].data, ds.variables["lon"][:].data
    codes, W = build_weights(regions_path, lat, lon)
    t_w = time.perf_counter() - t0

    tvar = ds.variables["time"]
    dates = netCDF4.num2date(tvar[:], tvar.units, calendar=getattr(tvar, "calendar", "standard"))
    labels = [d.strftime("%Y-%m-%d") for d in dates]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("region_code,time,value\n")
        for t, label in enumerate(labels):
            x = np.ma.filled(var[t].astype(np.float64), np.nan).ravel()
            valid = np.isfinite(x)
            num = W @ np.where(valid, x, 0.0)
            den = W @ valid.astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.where(den > 0, num / den, np.nan)
            out.writelines(f"{c},{label},{m:.10g}\n" for c, m in zip(codes, mean))
    ds.close()
    t_all = time.perf_counter() - t0
    print(f"baseline: build_W_seconds={t_w:.3f} stream_seconds={t_all - t_w:.3f} "
          f"steps={len(labels)} nnz={W.nnz}", file=sys.stderr)


if __name__ == "__main__":
    main()
