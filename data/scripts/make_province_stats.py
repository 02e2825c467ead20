#!/usr/bin/env python3
"""Build province_stats.csv (tidy) from raw files under raw/.
Only values read from those files are written; rows whose source says 'derived' are sums of
values from the same file (sector aggregates), nothing else is computed.
Usage: make_province_stats.py <data dir>

Paths adjusted for the spstress data/ layout: <data dir> is the repository's data/ folder; boundaries are read
from regions/china_provinces_mainland.geojson, raw files from statistics/raw/, and the output is
statistics/province_stats.csv. The county workbook raw/leiii_census_county_2020_v1.xlsx (3.4 MB) is not shipped;
when it is absent, the census province rows are read from its verbatim extract
statistics/raw/census2020_province_rows_from_leiii_county_xlsx.csv (same cell strings), which this script
itself writes when the workbook is present.
"""
import csv, json, re, sys, zipfile
import xml.etree.ElementTree as ET

D = sys.argv[1]
RAW = f"{D}/statistics/raw"
geo = json.load(open(f"{D}/regions/china_provinces_mainland.geojson", encoding="utf-8"))
by_gb = {f["properties"]["gb_code"]: f["properties"] for f in geo["features"] if f["properties"]["mainland"]}
assert len(by_gb) == 31
by_en = {}
for gb, p in by_gb.items():
    by_en[p["name_en"]] = gb
by_en["Tibet"] = "540000"; by_en["Inner Mongolia"] = "150000"

out = []
def add(gb, ind, year, val, unit, src):
    p = by_gb[gb]
    val = str(val)
    if '.' in val:  # xlsx stores e.g. 19.239999999999998 for 19.24: print shortest repr of the same double
        val = repr(float(val))
    out.append({"code": p["code"], "name_en": p["name_en"], "indicator": ind, "year": year,
                "value": val, "unit": unit, "source": src})

# ---- 1. 2020 census (7th national population census), leiii/census county-level workbook, province rows
SRC_C = ("github leiii/census@0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087 data/census/census_county_2020_v1.xlsx "
         "(MIT; digitised from 2020 census gazettes/yearbook); province row (区划代码 ending 0000)")
XLSX = f"{RAW}/leiii_census_county_2020_v1.xlsx"
EXTRACT = f"{RAW}/census2020_province_rows_from_leiii_county_xlsx.csv"
import os
if os.path.exists(XLSX):
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(XLSX)
    ss = [''.join(t.text or '' for t in si.iter('{%s}t' % ns['m']))
          for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)]
    def colidx(ref):
        n = 0
        for ch in re.match(r'([A-Z]+)', ref).group(1):
            n = n * 26 + ord(ch) - 64
        return n - 1
    rows = []
    for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter('{%s}row' % ns['m']):
        vals = {}
        for c in row.findall('m:c', ns):
            v = c.find('m:v', ns)
            if v is None:
                continue
            vals[colidx(c.get('r'))] = ss[int(v.text)] if c.get('t') == 's' else v.text
        rows.append([vals.get(i, '') for i in range(max(vals) + 1)] if vals else [])
else:
    with open(EXTRACT, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh)]
hdr = rows[0]
ix = {k: i for i, k in enumerate(hdr)}
prov_rows = [r for r in rows[1:] if r and r[0].endswith('0000') and r[0] in by_gb]
assert len(prov_rows) == 31, len(prov_rows)
# raw province-level extract (all columns) for convenience; only rewritten from the workbook
if os.path.exists(XLSX):
    with open(EXTRACT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh); w.writerow(hdr)
        for r in [rows[1]] + prov_rows:
            w.writerow(r + [''] * (len(hdr) - len(r)))

simple = [
    ("人口数_合计", "population_census_total", "persons"),
    ("人口数_男", "population_census_male", "persons"),
    ("人口数_女", "population_census_female", "persons"),
    ("城镇人口", "population_census_urban", "persons"),
    ("乡村人口", "population_census_rural", "persons"),
    ("家庭户数", "households_family_census", "households"),
    ("人口比重_0-14岁", "population_share_age_0_14", "percent"),
    ("人口比重_15-64岁", "population_share_age_15_64", "percent"),
    ("人口比重_65岁及以上", "population_share_age_65_plus", "percent"),
    ("各种行业人口总计", "employed_by_industry_longform_sample_total", "persons (census long-form sample count, not grossed up)"),
]
industries = [
    ("农林牧渔业", "agriculture_forestry_animal_husbandry_fishery", "primary"),
    ("采矿业", "mining", "secondary"),
    ("制造业", "manufacturing", "secondary"),
    ("电力热力燃气及水生产和供应业", "electricity_heat_gas_water", "secondary"),
    ("建筑业", "construction", "secondary"),
    ("批发和零售业", "wholesale_retail", "tertiary"),
    ("交通运输仓储和邮政业", "transport_storage_post", "tertiary"),
    ("住宿和餐饮业", "accommodation_catering", "tertiary"),
    ("信息传输软件和信息技术服务业", "information_software_it", "tertiary"),
    ("金融业", "finance", "tertiary"),
    ("房地产业", "real_estate", "tertiary"),
    ("租赁和商务服务业", "leasing_business_services", "tertiary"),
    ("科学研究和技术服务业", "scientific_research_technical", "tertiary"),
    ("水利环境和公共设施管理业", "water_environment_public_facilities", "tertiary"),
    ("居民服务修理和其服务业", "resident_repair_other_services", "tertiary"),
    ("教育", "education", "tertiary"),
    ("卫生和社会工作", "health_social_work", "tertiary"),
    ("文化体育和娱乐业", "culture_sports_entertainment", "tertiary"),
    ("公共管理社会保障和社会组织", "public_admin_social_security_orgs", "tertiary"),
    ("国际组织", "international_organizations", "tertiary"),
]
unit_s = "persons (census long-form sample count, not grossed up)"
for r in prov_rows:
    gb = r[0]
    for col, ind, unit in simple:
        add(gb, ind, 2020, r[ix[col]], unit, SRC_C + f"; column {col}")
    sect = {"primary": 0, "secondary": 0, "tertiary": 0}
    for col, ind, s in industries:
        v = r[ix[col]] if ix[col] < len(r) else ''
        if v in ('', 'NA'):
            continue  # missing in source (only Ningxia 国际组织); counted as 0 in the sector sums below
        add(gb, "employed_longform_sample_" + ind, 2020, v, unit_s, SRC_C + f"; column {col}")
        sect[s] += int(v)
    assert sum(sect.values()) == int(r[ix["各种行业人口总计"]]), (gb, sect)
    for s, v in sect.items():
        add(gb, f"employed_longform_sample_{s}_sector", 2020, v, unit_s,
            SRC_C + "; derived: sum of the GB/T 4754 section columns " +
            {"primary": "A (农林牧渔业)", "secondary": "B-E (采矿业+制造业+电力热力燃气及水生产和供应业+建筑业)",
             "tertiary": "F-T (all remaining industry columns)"}[s])

# ---- 2. GCAM-China inputs (NBS China Statistical Yearbook extracts), years 2018-2019
def read_gcam(path):
    rr = [x for x in csv.reader(open(path, encoding="utf-8")) if x and not x[0].startswith('#')]
    return rr[0], {x[0]: x[1:] for x in rr[1:]}
SRC_P = ("github umd-cgs/gcam-china@99a28acdb391c52e880400adf12a079b954e500b "
         "input/gcamdata/inst/extdata/gcam-china/China_Statistics_Yearbook.csv "
         "(table 'Population at year-end by region', China Statistical Yearbook; copied verbatim to raw/gcam-china/)")
SRC_G = ("github umd-cgs/gcam-china@99a28acdb391c52e880400adf12a079b954e500b "
         "input/gcamdata/inst/extdata/gcam-china/GDP_raw.csv "
         "(provincial GDP, China Statistical Yearbook via CNKI; copied verbatim to raw/gcam-china/)")
for fname, ind, unit, src in [("China_Statistics_Yearbook.csv", "population_yearend", "10000 persons", SRC_P),
                              ("GDP_raw.csv", "gdp_nominal", "100 million RMB (current prices)", SRC_G)]:
    h, data = read_gcam(f"{RAW}/gcam-china/{fname}")
    for name, vals in data.items():
        if name in ("National Total", "sum", "difference"):
            continue
        gb = by_en[name]
        for y in ("2018", "2019"):
            v = vals[h.index(y) - 1].replace(",", "")
            add(gb, ind, int(y), v, unit, src)

out.sort(key=lambda r: (r["code"], r["indicator"], r["year"]))
with open(f"{D}/statistics/province_stats.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=["code", "name_en", "indicator", "year", "value", "unit", "source"])
    w.writeheader(); w.writerows(out)
print(len(out), "rows")
