#!/usr/bin/env python3
"""Write parameters/sectors.csv: one row per GB/T 4754-2017 section A..T, keyed by the census
industry suffix used in statistics/province_stats.csv (employed_longform_sample_<sector_id>).
Every parameter is an ASSUMPTION (docs/model.md tag [A]); where docs/model.md gives a range it is quoted in `source`.
Rules applied here:
  intensity_w, sun_share  docs/model.md §1.3: 400 W in the sun (A, E) -> sun_share 1; 300 W shade (B, C, D) -> 0;
                          300 W 50 % sun (G, N) -> 0.5; 200 W shade (all other sections) -> 0.
  pay_pass_through_share  docs/model.md §1.4: 1.0 for piece-rate/daily/informal pay, 0-0.3 for salaried pay.
                          Blend: informal_share * 1.0 + (1 - informal_share) * 0.15 (0.15 = middle of 0-0.3),
                          except A and E where daily/piece-rate pay dominates formal jobs too: 1.0.
  base_insured_share      docs/model.md §6 table where it has the group, else an assumption; values were chosen so that,
                          weighted with the 2020 census sector shares and 2024 employment, the national implied
                          insured total is close to the 2.45e8 anchor (derive_province_inputs.py prints it).
  ac_share, informal_share, wage_basis: assumptions without a docs/model.md range.
Usage: make_sectors.py <data dir>
"""
import csv
import sys

D = sys.argv[1]
SALARIED_PASS_THROUGH = 0.15

# (sector_id, section, name_en, intensity_w, sun_share, ac_share, base_insured_share, informal_share, wage_basis,
#  note on base_insured_share)
ROWS = [
    ("agriculture_forestry_animal_husbandry_fishery", "A", "Agriculture, forestry, animal husbandry and fishery",
     400, 1.0, 0.0, 0.01, 0.90, "minimum", "docs/model.md §6 agriculture ~0"),
    ("mining", "B", "Mining", 300, 0.0, 0.10, 0.70, 0.10, "average", "no docs/model.md range (mostly state-owned)"),
    ("manufacturing", "C", "Manufacturing", 300, 0.0, 0.20, 0.60, 0.20, "migrant", "docs/model.md §6 manufacturing 0.5-0.9"),
    ("electricity_heat_gas_water", "D", "Production and supply of electricity, heat, gas and water",
     300, 0.0, 0.20, 0.90, 0.05, "average", "no docs/model.md range (mostly state-owned utilities)"),
    ("construction", "E", "Construction", 400, 1.0, 0.0, 0.10, 0.60, "migrant", "docs/model.md §6 construction 0.05-0.2"),
    ("wholesale_retail", "F", "Wholesale and retail trade", 200, 0.0, 0.50, 0.15, 0.60, "migrant",
     "no docs/model.md range (many self-employed)"),
    ("transport_storage_post", "G", "Transport, storage and postal services", 300, 0.5, 0.10, 0.35, 0.40, "migrant",
     "no docs/model.md range (couriers and drivers often uninsured)"),
    ("accommodation_catering", "H", "Accommodation and catering", 200, 0.0, 0.30, 0.10, 0.60, "minimum",
     "no docs/model.md range"),
    ("information_software_it", "I", "Information transmission, software and IT services", 200, 0.0, 0.90, 0.60, 0.10,
     "average", "no docs/model.md range"),
    ("finance", "J", "Finance", 200, 0.0, 0.90, 0.95, 0.03, "average", "docs/model.md §6 finance ~1"),
    ("real_estate", "K", "Real estate", 200, 0.0, 0.60, 0.40, 0.30, "average", "no docs/model.md range"),
    ("leasing_business_services", "L", "Leasing and business services", 200, 0.0, 0.70, 0.40, 0.30, "migrant",
     "no docs/model.md range (includes outsourced security and cleaning)"),
    ("scientific_research_technical", "M", "Scientific research and technical services", 200, 0.0, 0.70, 0.70, 0.10,
     "average", "no docs/model.md range"),
    ("water_environment_public_facilities", "N", "Water conservancy, environment and public facilities management",
     300, 0.5, 0.10, 0.60, 0.20, "minimum", "no docs/model.md range (sanitation work often outsourced)"),
    ("resident_repair_other_services", "O", "Resident services, repair and other services", 200, 0.0, 0.30, 0.05, 0.80,
     "minimum", "no docs/model.md range (mostly self-employed)"),
    ("education", "P", "Education", 200, 0.0, 0.50, 0.90, 0.05, "average",
     "no docs/model.md range (largely public institutions; set a little below the public-sector ~1)"),
    ("health_social_work", "Q", "Health and social work", 200, 0.0, 0.70, 0.85, 0.10, "average",
     "no docs/model.md range (largely public institutions; set a little below the public-sector ~1)"),
    ("culture_sports_entertainment", "R", "Culture, sports and entertainment", 200, 0.0, 0.50, 0.40, 0.30, "average",
     "no docs/model.md range"),
    ("public_admin_social_security_orgs", "S", "Public administration, social security and social organisations",
     200, 0.0, 0.80, 0.95, 0.0, "average", "docs/model.md §6 public sector ~1"),
    ("international_organizations", "T", "International organisations", 200, 0.0, 0.90, 0.90, 0.0, "average",
     "no docs/model.md range (negligible employment)"),
]

assert [r[1] for r in ROWS] == [chr(ord("A") + i) for i in range(20)]
out = []
for sid, sec, name, w, sun, ac, ins, inf, basis, ins_note in ROWS:
    assert w in (200, 300, 400) and basis in ("average", "minimum", "migrant")
    assert 0 <= ins and 0 <= inf and ins + inf <= 1 + 1e-12, sid
    if sec in ("A", "E"):
        pt, pt_note = 1.0, "1.0 (daily/piece-rate pay dominates)"
    else:
        pt = round(inf * 1.0 + (1 - inf) * SALARIED_PASS_THROUGH, 6)
        pt_note = "informal_share*1.0+(1-informal_share)*0.15"
    intensity_note = {(400, 1.0): "400 W sun", (300, 0.0): "300 W shade", (300, 0.5): "300 W 50% sun",
                      (200, 0.0): "200 W shade"}[(w, sun)]
    src = ("assumption; docs/model.md §1.3/§1.4/§6 ranges: intensity/sun per §1.3 (%s); pay_pass_through per §1.4 "
           "(1.0 piece-rate/daily/informal, 0-0.3 salaried) = %s; base_insured_share: %s; "
           "ac_share, informal_share, wage_basis: assumption, no docs/model.md range" % (intensity_note, pt_note, ins_note))
    out.append([sid, sec, name, w, repr(float(sun)), repr(float(ac)), repr(pt), repr(float(ins)), repr(float(inf)),
                basis, "assumption", src])

with open(f"{D}/parameters/sectors.csv", "w", encoding="utf-8", newline="") as fh:
    wr = csv.writer(fh, lineterminator="\n")
    wr.writerow(["sector_id", "gb_section", "name_en", "intensity_w", "sun_share", "ac_share", "pay_pass_through_share",
                 "base_insured_share", "informal_share", "wage_basis", "status", "source"])
    wr.writerows(out)
print(f"{D}/parameters/sectors.csv", len(out), "rows")
