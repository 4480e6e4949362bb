"""What a clerk's analyst would write instead: pandas reads the line-item CSV and writes the
nine disclosure tables through XlsxWriter. A baseline for Scripts/bench, not part of the tool.

Usage: python3 pandas_tables.py ITEMS.csv OUT.xlsx
Prints the 合计 row of tables 3 and 6 (万元, 2 decimals) as JSON, for the bench to compare
with the tool's own tables.
"""
import json
import sys

import pandas as pd

CURRENT = ["general", "fund", "soe", "special", "business", "operating", "superior", "affiliate", "other"]
CARRY = ["carryover-general", "carryover-fund", "carryover-soe", "carryover-other"]


def hierarchy(frame, code, columns):
    """类/款/项 rows (3/5/7 digits, or 3/5 for economic codes) with a 合计 row first."""
    levels = [3, 5, 7] if frame[code].str.len().max() == 7 else [3, 5]
    parts = []
    for digits in levels:
        keyed = frame.assign(key=frame[code].str[:digits])
        parts.append(keyed.pivot_table(index="key", columns="col", values="amount", aggfunc="sum", fill_value=0))
    table = pd.concat(parts).sort_index()
    table = table.reindex(columns=columns, fill_value=0)
    total = table.loc[[k for k in table.index if len(k) == 3]].sum().to_frame("合计").T
    return pd.concat([total, table]) / 1e6


def main(source, target):
    items = pd.read_csv(source, dtype={"unit": str, "functional": str, "economic": str}, encoding="utf-8-sig")
    items["amount"] = (items["amount"] * 100).round().astype("int64")
    tables = {}
    t2 = items.assign(col=items["source"].map(lambda s: "财政拨款收入" if s in ("general", "fund", "soe") else ("上年结转" if s in CARRY else s)))
    tables["2 收入总表"] = hierarchy(t2, "functional", ["财政拨款收入", "special", "business", "operating", "superior", "affiliate", "other", "上年结转"])
    t3 = items.assign(col=items["type"])
    tables["3 支出总表"] = hierarchy(t3, "functional", ["basic", "project", "operating", "remit", "subsidy"])
    tables["3 支出总表"].insert(0, "合计", tables["3 支出总表"].sum(axis=1))
    for name, sources in [("5 一般公共预算支出表", ["general", "carryover-general"]), ("7 政府性基金支出表", ["fund", "carryover-fund"]),
                          ("8 国有资本经营支出表", ["soe", "carryover-soe"])]:
        part = items[items["source"].isin(sources)].assign(col=lambda f: f["type"])
        tables[name] = hierarchy(part, "functional", ["basic", "project"]) if len(part) else pd.DataFrame()
    basic = items[items["source"].isin(["general", "carryover-general"]) & (items["type"] == "basic")].assign(col=lambda f: f["nature"])
    tables["6 基本支出表"] = hierarchy(basic, "economic", ["personnel", "public"])
    tables["6 基本支出表"].insert(0, "合计", tables["6 基本支出表"].sum(axis=1))
    classes = items.assign(key=items["functional"].str[:3]).groupby("key")["amount"].sum() / 1e6
    tables["1 收支总表"] = classes.to_frame("预算数")
    fiscal = items[items["source"].isin(["general", "fund", "soe", "carryover-general", "carryover-fund", "carryover-soe"])]
    tables["4 财政拨款收支总表"] = (fiscal.assign(key=fiscal["functional"].str[:3]).pivot_table(
        index="key", columns="source", values="amount", aggfunc="sum", fill_value=0) / 1e6)
    three = fiscal[fiscal["economic"].isin(["30212", "31013", "30913", "30231", "30217"])]
    tables["9 三公经费支出表"] = three.pivot_table(index="economic", columns="source", values="amount", aggfunc="sum", fill_value=0) / 1e6
    with pd.ExcelWriter(target, engine="xlsxwriter") as writer:
        for name in sorted(tables):
            tables[name].to_excel(writer, sheet_name=name, float_format="%.2f")
    def row(table, columns):
        return [f"{table.loc['合计', c]:.2f}" for c in columns]
    print(json.dumps({"3": row(tables["3 支出总表"], ["合计", "basic", "project"]),
                      "6": row(tables["6 基本支出表"], ["合计", "personnel", "public"])}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
