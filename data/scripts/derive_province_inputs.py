#!/usr/bin/env python3
"""Build statistics/province_inputs.csv, the one province table that spstress reads.

Reads only files inside the data/ folder of the repository:
  regions/china_provinces_mainland.geojson   code, gb_code, name_en, name_zh of the 31 mainland provinces
  statistics/province_stats.csv               2020 census (population, households, long-form sector counts)
  statistics/province_sp_stats.csv            employment 2024, minimum wages 2025, average wage 2019
  statistics/national_anchors.csv             national figures typed from docs/model.md (with their sources)
  parameters/sectors.csv                      sector ids (and, for one printed check only, base_insured_share)
Writes statistics/province_inputs.csv with columns
  code,name_en,name_zh,gb_code,indicator,value,unit,status,source
status is one of: sourced (copied; a x10,000 unit conversion still counts as copied), derived (arithmetic on
sourced values only), assumption (national anchors apportioned to provinces by a stated rule).
Prints national sums as checks. Python 3 standard library only.
Usage: derive_province_inputs.py [data dir]   (default: the data/ folder that holds this script)
"""
import csv
import json
import os
import sys
from decimal import Decimal

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAT = os.path.join(D, "statistics")
OUT = os.path.join(STAT, "province_inputs.csv")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- inputs
with open(os.path.join(D, "regions", "china_provinces_mainland.geojson"), encoding="utf-8") as fh:
    geo = json.load(fh)
PROV = {f["properties"]["code"]: f["properties"] for f in geo["features"] if f["properties"]["mainland"] is True}
assert len(PROV) == 31, len(PROV)
CODES = sorted(PROV)

STATS = {}
for name in ("province_stats.csv", "province_sp_stats.csv"):
    for r in read_csv(os.path.join(STAT, name)):
        key = (r["code"], r["indicator"], r["year"])
        assert key not in STATS, key
        STATS[key] = r

ANCHOR = {}
for r in read_csv(os.path.join(STAT, "national_anchors.csv")):
    ANCHOR[(r["indicator"], r["year"])] = float(r["value"])


def anchor(indicator, year):
    return ANCHOR[(indicator, str(year))]


SECTORS = read_csv(os.path.join(D, "parameters", "sectors.csv"))
assert [s["gb_section"] for s in SECTORS] == [chr(ord("A") + i) for i in range(20)]
SECTOR_IDS = [s["sector_id"] for s in SECTORS]


def stat(code, indicator, year):
    return STATS[(code, indicator, str(year))]


# ---------------------------------------------------------------- output rows
ROWS = []
VAL = {}  # (code, indicator) -> float, exactly as written


def fmt_float(x):
    # 12 significant digits: readable, and national sums of the written values still match to ~1e-12
    s = "%.12g" % x
    assert abs(float(s) - x) <= 1e-11 * max(1.0, abs(x)), (x, s)
    return s


def add(code, indicator, value_text, unit, status, source):
    assert status in ("sourced", "derived", "assumption")
    assert '"' not in source
    v = float(value_text)
    if not (v >= 0):
        raise SystemExit(f"{code} {indicator}: value {value_text} is not >= 0")
    p = PROV[code]
    ROWS.append([code, p["name_en"], p["name_zh"], p["gb_code"], indicator, value_text, unit, status, source])
    VAL[(code, indicator)] = float(value_text)


def copy_as_printed(code, out_ind, src_ind, year, unit, note=""):
    r = stat(code, src_ind, year)
    add(code, out_ind, r["value"], unit, "sourced",
        f"{r['source']}; {src_ind} {year} ({r['unit']}) copied as printed{note}")


def copy_times_10000(code, out_ind, src_ind, year, note=""):
    r = stat(code, src_ind, year)
    assert r["unit"] == "10,000 persons", r["unit"]
    v = Decimal(r["value"]) * 10000
    assert v == v.to_integral_value(), v
    add(code, out_ind, str(int(v)), "persons", "sourced",
        f"{r['source']}; {src_ind} {year} in 10,000 persons x 10,000 (unit conversion only){note}")


def lowest_tier(code, kind):
    tiers = [(t, stat(code, f"min_wage_{kind}_tier{t}", 2025)) for t in (1, 2, 3, 4)
             if (code, f"min_wage_{kind}_tier{t}", "2025") in STATS]
    t, r = min(tiers, key=lambda x: (Decimal(x[1]["value"]), -x[0]))
    assert t == tiers[-1][0], (code, kind, "lowest value is not the last tier")
    return t, len(tiers), r


# 1. sourced
for c in CODES:
    copy_as_printed(c, "population_total", "population_census_total", 2020, "persons", "; 2020 census")
    copy_as_printed(c, "population_urban", "population_census_urban", 2020, "persons", "; 2020 census")
    copy_as_printed(c, "population_rural", "population_census_rural", 2020, "persons", "; 2020 census")
    copy_as_printed(c, "households_family", "households_family_census", 2020, "households", "; 2020 census")
    copy_times_10000(c, "employed_total", "employed_persons_total", 2024,
                     "; author-compiled panel of NBS data, weaker provenance than the raw NBS exports")
    copy_times_10000(c, "employed_urban_units", "employed_urban_units", 2024,
                     "; urban units exclude private units")
    copy_as_printed(c, "min_wage_monthly_tier1", "min_wage_monthly_tier1", 2025, "CNY per month",
                    "; tier 1 applies to the province's highest-wage areas; 2025 vintage")
    for kind, out_ind, unit in (("monthly", "min_wage_monthly_lowest", "CNY per month"),
                                ("hourly", "min_wage_hourly_lowest", "CNY per hour")):
        t, n, r = lowest_tier(c, kind)
        add(c, out_ind, r["value"], unit, "sourced",
            f"{r['source']}; min_wage_{kind}_tier{t} 2025 ({r['unit']}) copied as printed: the lowest of the "
            f"{n} tier(s) present; 2025 vintage" + ("; hourly standard is for part-time work" if kind == "hourly" else ""))
    copy_as_printed(c, "avg_wage_urban_nonprivate", "avg_wage_urban_nonprivate_onpost_staff", 2019, "CNY per year",
                    "; 2019, ON-POST STAFF basis (在岗职工), a few percent above the all-employed-persons series; "
                    "lower-confidence source, see data/README.md")
    assert VAL[(c, "population_urban")] + VAL[(c, "population_rural")] == VAL[(c, "population_total")], c
    assert VAL[(c, "employed_total")] > VAL[(c, "employed_urban_units")], c

# 2. derived: sector shares of the census long-form sample counts
for c in CODES:
    counts = {}
    for sid in SECTOR_IDS:
        key = (c, "employed_longform_sample_" + sid, "2020")
        counts[sid] = int(STATS[key]["value"]) if key in STATS else 0
    total = sum(counts.values())
    assert total == int(stat(c, "employed_by_industry_longform_sample_total", 2020)["value"]), c
    for sid in SECTOR_IDS:
        missing = (c, "employed_longform_sample_" + sid, "2020") not in STATS
        add(c, "employment_share_" + sid, fmt_float(counts[sid] / total), "share", "derived",
            f"derived: employed_longform_sample_{sid} / sum of the 20 GB/T 4754-2017 section counts "
            f"({total} persons), 2020 census long-form sample, statistics/province_stats.csv"
            + ("; count missing (NA) in the source, taken as 0" if missing else ""))

# 3. assumptions: national anchors apportioned to provinces
INS_NAT = anchor("ui_insured_end_september", 2024)
BAL_NAT = anchor("ui_fund_balance_year_end", 2023)
REC_NAT = anchor("ui_recipients_year_end", 2023)
REV_NAT = anchor("ui_fund_revenue", 2023)
EXP_NAT = anchor("ui_fund_expenditure", 2023)
BEN_NAT = anchor("ui_benefits_paid", 2023)
RATE = anchor("ui_contribution_rate", 2023)
DB_U_REC = anchor("dibao_urban_recipients", 2018)
DB_R_REC = anchor("dibao_rural_recipients", 2018)
DB_U_STD = anchor("dibao_urban_standard", 2018)
DB_R_STD = anchor("dibao_rural_standard", 2018)
MED_RATE, MED_WAGE_SHARE = 0.08, 0.60  # docs/model.md §7: 6-10 % x 60 % of the average wage [A]

eu = {c: VAL[(c, "employed_urban_units")] for c in CODES}
eu_sum = sum(eu.values())
share = {c: eu[c] / eu_sum for c in CODES}
wage_m = {c: VAL[(c, "avg_wage_urban_nonprivate")] / 12 for c in CODES}
ins = {c: INS_NAT * share[c] for c in CODES}
rec = {c: REC_NAT * share[c] for c in CODES}
med = {c: MED_RATE * MED_WAGE_SHARE * wage_m[c] for c in CODES}
kappa = REV_NAT / (RATE * 12 * sum(ins[c] * wage_m[c] for c in CODES))
med_year_nat = sum(rec[c] * med[c] * 12 for c in CODES)
other_year_nat = EXP_NAT - BEN_NAT - med_year_nat
if not (other_year_nat > 0):
    raise SystemExit(f"2023 expenditure left after benefits and medical premiums is {other_year_nat:.6g} CNY (<= 0)")
pop = {c: VAL[(c, "population_total")] for c in CODES}
urb = {c: VAL[(c, "population_urban")] for c in CODES}
rur = {c: VAL[(c, "population_rural")] for c in CODES}
mwl = {c: VAL[(c, "min_wage_monthly_lowest")] for c in CODES}
mwl_mean = sum(pop[c] * mwl[c] for c in CODES) / sum(pop.values())

EU_RULE = ("x this province's share of the 31-province sum of employed_urban_units 2024 "
           f"({eu_sum:.0f} persons)")
for c in CODES:
    add(c, "ui_insured", fmt_float(ins[c]), "persons", "assumption",
        f"assumption: national UI insured 2.45e8 persons (end-September 2024; MOHRSS via Xinhua 2024-10-08, "
        f"docs/model.md §7) {EU_RULE}")
    add(c, "ui_fund_balance", fmt_float(BAL_NAT * share[c]), "CNY", "assumption",
        f"assumption: national UI fund balance 3,213亿 CNY (end 2023; MOHRSS, docs/model.md §8) {EU_RULE}")
    add(c, "ui_recipients", fmt_float(rec[c]), "persons", "assumption",
        f"assumption: national UI recipients 352万 persons (stock at end 2023; MOHRSS via Xinhua 2024-10-08, "
        f"docs/model.md §7) {EU_RULE}")
    add(c, "ui_medical_premium", fmt_float(med[c]), "CNY per claimant-month", "assumption",
        "assumption [A, docs/model.md §7: medical premium 6-10% x 60% of the average wage per recipient-month]: "
        "0.08 x 0.60 x avg_wage_urban_nonprivate / 12")
    add(c, "ui_contribution_base", fmt_float(kappa * wage_m[c]), "CNY per insured person per month", "assumption",
        f"assumption: effective contribution base (compliance included) = kappa x avg_wage_urban_nonprivate / 12 "
        f"with one national kappa = {kappa:.6f}, chosen so that sum over provinces of 0.01 x 12 x ui_insured x "
        f"ui_contribution_base = 1,807亿 CNY (2023 UI fund revenue; MOHRSS, docs/model.md §8); kappa lies inside "
        f"docs/model.md §8's 0.6-1.0 x average wage")
    add(c, "ui_other_outlay", fmt_float(other_year_nat / 12 * share[c]), "CNY per month", "assumption",
        f"assumption: [1,485亿 (2023 UI expenditure) - 729亿 (2023 benefits paid) - sum over provinces of "
        f"ui_recipients x ui_medical_premium x 12 ({med_year_nat / 1e8:.2f}亿)] / 12 = 2023 expenditure besides "
        f"benefits and medical premiums (job-stabilisation refunds, training, subsidies; MOHRSS, docs/model.md §7-§8) "
        f"{EU_RULE}")
    add(c, "dibao_urban_recipients", fmt_float(DB_U_REC * urb[c] / sum(urb.values())), "persons", "assumption",
        "assumption: national urban Dibao recipients 1,224万 persons (February 2018; MCA press conference, "
        "docs/model.md §9) x this province's share of the national urban population (census 2020)")
    add(c, "dibao_rural_recipients", fmt_float(DB_R_REC * rur[c] / sum(rur.values())), "persons", "assumption",
        "assumption: national rural Dibao recipients 3,940.6万 persons (February 2018; MCA press conference, "
        "docs/model.md §9) x this province's share of the national rural population (census 2020)")
    ratio_note = (f"x min_wage_monthly_lowest / {mwl_mean:.4f} CNY per month (population-weighted 31-province mean "
                  f"of min_wage_monthly_lowest, weights population_total census 2020)")
    add(c, "dibao_urban_standard", fmt_float(DB_U_STD * mwl[c] / mwl_mean), "CNY per person per month", "assumption",
        f"assumption: national average urban Dibao standard 541 CNY per person per month (February 2018; MCA, "
        f"docs/model.md §9) {ratio_note}")
    add(c, "dibao_rural_standard", fmt_float(DB_R_STD * mwl[c] / mwl_mean), "CNY per person per year", "assumption",
        f"assumption: national average rural Dibao standard 4,301 CNY per person per year (February 2018; MCA, "
        f"docs/model.md §9) {ratio_note}")

with open(OUT, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["code", "name_en", "name_zh", "gb_code", "indicator", "value", "unit", "status", "source"])
    w.writerows(ROWS)

# ---------------------------------------------------------------- checks (on the values as written)
V = {}
for r in read_csv(OUT):
    V[(r["code"], r["indicator"])] = float(r["value"])
indicators = sorted({k[1] for k in V})
assert all((c, i) in V for c in CODES for i in indicators) and len(V) == len(ROWS)


def tot(ind):
    return sum(V[(c, ind)] for c in CODES)


def check(label, got, want):
    rel = abs(got - want) / abs(want)
    print(f"  {label:58s} {got:20.6f}  target {want:.6g}  rel.err {rel:.1e}")
    assert rel < 1e-9, label


print(f"wrote {OUT}: {len(ROWS)} rows, {len(CODES)} provinces, {len(indicators)} indicators")
print("national checks:")
check("sum ui_insured (persons)", tot("ui_insured"), INS_NAT)
check("sum ui_fund_balance (CNY)", tot("ui_fund_balance"), BAL_NAT)
check("sum ui_recipients (persons)", tot("ui_recipients"), REC_NAT)
check("sum 0.01 x 12 x ui_insured x ui_contribution_base (CNY/yr)",
      sum(RATE * 12 * V[(c, "ui_insured")] * V[(c, "ui_contribution_base")] for c in CODES), REV_NAT)
med_check = sum(V[(c, "ui_recipients")] * V[(c, "ui_medical_premium")] * 12 for c in CODES)
check("729亿 + medical premiums + 12 x sum ui_other_outlay (CNY/yr)",
      BEN_NAT + med_check + 12 * tot("ui_other_outlay"), EXP_NAT)
check("sum dibao_urban_recipients (persons)", tot("dibao_urban_recipients"), DB_U_REC)
check("sum dibao_rural_recipients (persons)", tot("dibao_rural_recipients"), DB_R_REC)
check("population-weighted mean dibao_urban_standard", sum(pop[c] * V[(c, "dibao_urban_standard")] for c in CODES)
      / sum(pop.values()), DB_U_STD)
check("population-weighted mean dibao_rural_standard", sum(pop[c] * V[(c, "dibao_rural_standard")] for c in CODES)
      / sum(pop.values()), DB_R_STD)
for c in CODES:
    s = sum(V[(c, "employment_share_" + sid)] for sid in SECTOR_IDS)
    assert abs(s - 1) < 1e-9, (c, s)
print("  employment shares sum to 1 (|error| < 1e-9) in all 31 provinces")
print(f"kappa = {kappa:.6f} (docs/model.md §8 range 0.6-1.0: {'inside' if 0.6 <= kappa <= 1.0 else 'OUTSIDE'})")
print(f"population-weighted mean min_wage_monthly_lowest = {mwl_mean:.4f} CNY per month")
print(f"2023 UI medical premiums implied = {med_check / 1e8:.2f}亿; other outlay = {12 * tot('ui_other_outlay') / 1e8:.2f}亿 "
      f"per year ({tot('ui_other_outlay') / 1e8:.4f}亿 per month)")
print("for information:")
print(f"  urban-recipient-weighted mean dibao_urban_standard = "
      f"{sum(V[(c, 'dibao_urban_recipients')] * V[(c, 'dibao_urban_standard')] for c in CODES) / DB_U_REC:.2f}; "
      f"rural-recipient-weighted mean dibao_rural_standard = "
      f"{sum(V[(c, 'dibao_rural_recipients')] * V[(c, 'dibao_rural_standard')] for c in CODES) / DB_R_REC:.2f}")
for ind in ("dibao_urban_standard", "dibao_rural_standard", "ui_contribution_base", "ui_medical_premium"):
    lo = min(CODES, key=lambda c: V[(c, ind)])
    hi = max(CODES, key=lambda c: V[(c, ind)])
    print(f"  {ind}: {V[(lo, ind)]:.2f} ({lo}) .. {V[(hi, ind)]:.2f} ({hi})")
ratio = {c: V[(c, "ui_insured")] / V[(c, "employed_total")] for c in CODES}
lo, hi = min(CODES, key=ratio.get), max(CODES, key=ratio.get)
print(f"  ui_insured / employed_total: {ratio[lo]:.3f} ({lo}) .. {ratio[hi]:.3f} ({hi}); "
      f"ui_insured / employed_urban_units = {INS_NAT / eu_sum:.3f} in every province")
for c in CODES:
    if V[(c, "ui_insured")] > 2 * V[(c, "employed_urban_units")] or V[(c, "ui_insured")] > 0.8 * V[(c, "employed_total")]:
        print(f"  FLAG {c}: ui_insured {V[(c, 'ui_insured')]:.0f} vs employed_urban_units "
              f"{V[(c, 'employed_urban_units')]:.0f} and employed_total {V[(c, 'employed_total')]:.0f} "
              f"(ratio to employed_total {ratio[c]:.3f})")
base = {s["sector_id"]: float(s["base_insured_share"]) for s in SECTORS}
implied = {c: V[(c, "employed_total")] * sum(V[(c, "employment_share_" + sid)] * base[sid] for sid in SECTOR_IDS)
           for c in CODES}
r2 = {c: V[(c, "ui_insured")] / implied[c] for c in CODES}
lo, hi = min(CODES, key=r2.get), max(CODES, key=r2.get)
print(f"  sectors.csv base_insured_share x employment shares x employed_total: national {sum(implied.values()):.4g} "
      f"insured vs {INS_NAT:.4g}; ui_insured / that: {r2[lo]:.2f} ({lo}) .. {r2[hi]:.2f} ({hi})")
