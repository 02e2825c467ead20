#!/usr/bin/env python3
"""Build province_sp_stats.csv (tidy) from the raw files in ../raw/. Python stdlib only.
Values are copied as printed in the source files; nothing is computed.
Paths adjusted for the spstress data/ layout: raw files are read from data/statistics/raw/ and the output is
data/statistics/province_sp_stats.csv (this script lives in data/scripts/)."""
import csv, io, re, sys, os

BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = os.path.join(BASE, 'statistics', 'raw')

ZH2CODE = {'北京':'CN-BJ','天津':'CN-TJ','河北':'CN-HE','山西':'CN-SX','内蒙古':'CN-NM','辽宁':'CN-LN',
 '吉林':'CN-JL','黑龙江':'CN-HL','上海':'CN-SH','江苏':'CN-JS','浙江':'CN-ZJ','安徽':'CN-AH','福建':'CN-FJ',
 '江西':'CN-JX','山东':'CN-SD','河南':'CN-HA','湖北':'CN-HB','湖南':'CN-HN','广东':'CN-GD','广西':'CN-GX',
 '海南':'CN-HI','重庆':'CN-CQ','四川':'CN-SC','贵州':'CN-GZ','云南':'CN-YN','西藏':'CN-XZ','陕西':'CN-SN',
 '甘肃':'CN-GS','青海':'CN-QH','宁夏':'CN-NX','新疆':'CN-XJ'}
EN2ZH = {'Beijing':'北京','Tianjin':'天津','Hebei':'河北','Shanxi':'山西','Inner Mongolia':'内蒙古','Liaoning':'辽宁',
 'Jilin':'吉林','Heilongjiang':'黑龙江','Shanghai':'上海','Jiangsu':'江苏','Zhejiang':'浙江','Anhui':'安徽',
 'Fujian':'福建','Jiangxi':'江西','Shandong':'山东','Henan':'河南','Hubei':'湖北','Hunan':'湖南','Guangdong':'广东',
 'Guangxi':'广西','Hainan':'海南','Chongqing':'重庆','Sichuan':'四川','Guizhou':'贵州','Yunnan':'云南','Tibet':'西藏',
 'Shaanxi':'陕西','Gansu':'甘肃','Qinghai':'青海','Ningxia':'宁夏','Xinjiang':'新疆'}

def short(name):
    for suf in ('维吾尔自治区','壮族自治区','回族自治区','自治区','省','市'):
        if name.endswith(suf):
            name = name[:-len(suf)]
            break
    if name not in ZH2CODE:
        raise SystemExit('unknown province name: %r' % name)
    return name

rows = []
def add(zh, indicator, year, value, unit, source):
    rows.append((ZH2CODE[zh], zh, indicator, str(year), value, unit, source))

# 1. Minimum wage (MOHRSS table as of 2025-07-01, via tools-web Vue component)
SRC_MW = ('github 2424004764/tools-web@b525dad2935ae4684031450a8464c1dff6c26cf1 '
          'src/components/Tools/MinimumWage/MinimumWage.vue (index copy, total_chars 11445); '
          'table says 数据来源 人力资源和社会保障部 全国各地区最低工资标准情况, 截至2025年7月1日; field %s')
vue = open(os.path.join(RAW, 'tools-web_MinimumWage.vue'), encoding='utf-8').read()
pat = re.compile(r"\{ region: '([^']+)', monthly1: '([^']*)', monthly2: '([^']*)', monthly3: '([^']*)', monthly4: '([^']*)', "
                 r"hourly1: '([^']*)', hourly2: '([^']*)', hourly3: '([^']*)', hourly4: '([^']*)' \}")
n = 0
for m in pat.finditer(vue):
    region = m.group(1)
    if region == '深圳':   # city, not a province; Guangdong row is used
        continue
    n += 1
    vals = m.groups()[1:]
    for i, field in enumerate(['monthly1','monthly2','monthly3','monthly4']):
        if vals[i]:
            add(region, 'min_wage_monthly_tier%d' % (i+1), 2025, vals[i], 'CNY per month', SRC_MW % field)
    for i, field in enumerate(['hourly1','hourly2','hourly3','hourly4']):
        if vals[4+i]:
            add(region, 'min_wage_hourly_tier%d' % (i+1), 2025, vals[4+i], 'CNY per hour', SRC_MW % field)
assert n == 31, n

# 2./3. NBS 分省年度数据 exports (GB18030) from RenJiyi163/panel_data_analysis_for_thesis
REPO_RJ = 'github RenJiyi163/panel_data_analysis_for_thesis@756964b145f2ca33ab3c2390922b91e0070a2ed4 (MIT)'
def nbs_export(fname, src_path, indicator, unit, years):
    txt = open(os.path.join(RAW, fname), 'rb').read().decode('gb18030')
    lines = txt.splitlines()
    assert lines[0].startswith('数据库：分省年度数据'), lines[0]
    ind_line = lines[1]
    hdr = next(csv.reader([lines[3]]))
    assert hdr[0] == '地区'
    yrs = [h.rstrip('年') for h in hdr[1:]]
    count = 0
    for rec in csv.reader(lines[4:]):
        if not rec or rec[0].startswith('注') or rec[0].startswith('数据来源') or rec[0].startswith('\u3000'):
            continue
        zh = short(rec[0])
        count += 1
        for y, v in zip(yrs, rec[1:]):
            if y.isdigit() and int(y) in years and v.strip() != '':
                add(zh, indicator, y, v.strip(), unit,
                    '%s %s; NBS export, %s; column %s年' % (REPO_RJ, src_path, ind_line, y))
    assert count == 31, (fname, count)

nbs_export('renjiyi163_fsnd_3_urban_unit_employment_GB18030.csv', '分省年度数据 (3).csv',
           'employed_urban_units', '10,000 persons', range(2018, 2025))
nbs_export('renjiyi163_fsnd_4_private_selfemployed_employment_GB18030.csv', '分省年度数据 (4).csv',
           'employed_private_enterprises_and_self_employed', '10,000 persons', range(2018, 2025))

# 整合 (author-compiled) panel: column 就业人员数_万人
with open(os.path.join(RAW, 'renjiyi163_fsnd_integrated_panel.csv'), encoding='utf-8-sig', newline='') as f:
    rd = csv.DictReader(f)
    seen = set()
    for r in rd:
        y = r['年份']
        if not y.isdigit() or not (2018 <= int(y) <= 2024):
            continue
        v = r['就业人员数_万人'].strip()
        if v == '':
            continue
        zh = short(r['地区'])
        seen.add(zh)
        add(zh, 'employed_persons_total', y, v, '10,000 persons',
            '%s 分省年度数据_整合.csv (author-compiled panel, README: NBS stats.gov.cn); column 就业人员数_万人' % REPO_RJ)
    assert len(seen) == 31, len(seen)

# 4. On-post staff average wage 2018-2019 (student compilation of NBS data)
SRC_YT = ('github YeTian97/Birthrate-Fighter@884e5dcbda0642e9141dbdcc6494bb990c644f09 Economy2.csv (no licence file; '
          'no source statement; values match NBS 城镇非私营单位在岗职工平均工资, see README); column Wage')
with open(os.path.join(RAW, 'yetian97_birthrate_fighter_Economy2.csv'), encoding='utf-8', newline='') as f:
    rd = csv.DictReader(f)
    cnt = {}
    for r in rd:
        if r['Year'] in ('2018', '2019'):
            zh = EN2ZH[r['Province']]
            cnt[r['Year']] = cnt.get(r['Year'], 0) + 1
            add(zh, 'avg_wage_urban_nonprivate_onpost_staff', r['Year'], r['Wage'], 'CNY per year', SRC_YT)
    assert cnt == {'2018': 31, '2019': 31}, cnt

rows.sort(key=lambda t: (t[0], t[2], t[3]))
out = os.path.join(BASE, 'statistics', 'province_sp_stats.csv')
with open(out, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['code', 'name_zh', 'indicator', 'year', 'value', 'unit', 'source'])
    w.writerows(rows)
print('wrote', out, len(rows), 'rows')
