#!/usr/bin/env python3
"""Write the 31 mainland province-level features of china_provinces.geojson (34 features:
31 mainland + Hong Kong, Macao, Taiwan) to regions/china_provinces_mainland.geojson.
Features with properties.mainland == true are kept in their original order, with every property and
every coordinate unchanged (json round-trips floats exactly; the output uses the input's compact layout).
Usage: make_mainland_regions.py <china_provinces.geojson> <out.geojson>
"""
import json
import sys

src, out = sys.argv[1:3]
with open(src, encoding="utf-8") as fh:
    text = fh.read()
geo = json.loads(text)
# Guard the claim "coordinates identical": re-serialising the whole input must give the input back.
assert json.dumps(geo, separators=(",", ":"), ensure_ascii=False) == text, "input layout not reproducible"
geo["name"] = "china_provinces_mainland"
geo["features"] = [f for f in geo["features"] if f["properties"]["mainland"] is True]
assert len(geo["features"]) == 31, len(geo["features"])
with open(out, "w", encoding="utf-8", newline="") as fh:
    fh.write(json.dumps(geo, separators=(",", ":"), ensure_ascii=False))
print(out, len(geo["features"]), "features")
