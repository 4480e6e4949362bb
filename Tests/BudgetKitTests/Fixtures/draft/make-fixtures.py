#!/usr/bin/env python3
"""Makes the draft-workbook fixtures of DraftWorkbookTests: the bundled sample as workbooks written
by producers other than budget itself.

- openpyxl-sample.xlsx: written by openpyxl straight from Workbooks/sample-2023's CSV files, laid
  out as a clerk might make it by hand: other sheet names and order, the header in row 1, columns
  in another order (English names on one sheet), codes typed as numbers, amounts converted from
  万元 to 元 as numbers, a 合计 row with a formula (and, as openpyxl writes it, no cached value)
  under the line items, the 截止时间 of the assets as a date cell, rich text in one cell, a sheet of
  notes the importer skips, and no 项目 sheet (projects come from the line items, their goals from
  the 绩效目标 column of the indicators, as with the CSV imports).
- libreoffice-sample.xlsx: an edited copy of the workbook `budget template` writes for the sample,
  saved again by LibreOffice (`soffice --headless --convert-to xlsx`): the read-me sheet deleted, the
  line items' sheet renamed and moved, some unit and code cells typed as bare numbers, an amount
  typed as text with thousands separators, the 资产 sheet moved first. LibreOffice rewrites every
  part: its own shared strings, styles and recalculated formulas.

Needs python3 with openpyxl 3.1, LibreOffice (soffice) and a built budget (BUDGET, default
.build/debug/budget from the package root). Run from anywhere:

    python3 Tests/BudgetKitTests/Fixtures/draft/make-fixtures.py
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SAMPLE = ROOT / "Workbooks" / "sample-2023"
BUDGET = Path(os.environ.get("BUDGET", ROOT / ".build" / "debug" / "budget"))
WAN = Decimal(10000)


def rows(name):
    with open(SAMPLE / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def yuan(text):
    """A 万元 amount of the CSV as a number of 元 (exact: at most 2 decimals)."""
    if text == "":
        return None
    value = Decimal(text) * WAN
    return int(value) if value == value.to_integral_value() else float(value)


def openpyxl_fixture(path):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes["A1"] = "石家庄高新技术产业开发区行政服务局 2023 年预算（手工整理）"
    notes["A2"] = "金额单位：元"

    # Line items: English headers in another order, codes as numbers, amounts in 元.
    items = rows("items.csv")
    header = items[0]
    sheet = book.create_sheet("明细")
    order = ["amount", "unit", "functional", "economic", "type", "nature", "project", "source", "note"]
    chinese = {"amount": "金额", "unit": "单位编码", "functional": "功能分类科目编码", "economic": "经济分类科目编码",
               "type": "支出类型", "nature": "经费类型", "project": "项目名称", "source": "资金来源", "note": "备注"}
    sheet.append(order)
    for row in items[1:]:
        values = dict(zip(header, row))
        record = []
        for key in order:
            text = values[chinese[key]]
            if key == "amount":
                record.append(yuan(text))
            elif key in ("unit", "functional", "economic"):
                record.append(int(text))
            else:
                record.append(text if text else None)
        sheet.append(record)
    last = sheet.max_row
    sheet.append([f"=SUM(A2:A{last})", "合计"])

    # Units: Chinese headers in another order, the code as a number.
    units = rows("units.csv")
    sheet = book.create_sheet("单位情况")
    sheet.append(["单位名称", "单位编码", "单位性质", "单位规格", "经费保障形式"])
    for code, name, nature, level, funding in units[1:]:
        sheet.append([name, int(code), nature, level, funding])

    # Indicators as the CSV has them, with the goal on every row; one cell in rich text.
    indicators = rows("indicators.csv")
    sheet = book.create_sheet("绩效")
    for row in indicators:
        sheet.append([value if value else None for value in row])
    sheet["E3"] = CellRichText([TextBlock(InlineFont(b=True), sheet["E3"].value[:2]), sheet["E3"].value[2:]])

    # Procurement in 元.
    procurement = rows("procurement.csv")
    sheet = book.create_sheet("采购")
    sheet.append(procurement[0])
    money = {"预算资金", "单价", "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金",
             "财政拨款结转", "非财政拨款结转结余", "预留中小微企业份额"}
    for row in procurement[1:]:
        record = []
        for name, text in zip(procurement[0], row):
            if name in money:
                record.append(yuan(text))
            elif name == "数量":
                record.append(int(text))
            elif name == "单位编码":
                record.append(int(text))
            else:
                record.append(text if text else None)
        sheet.append(record)

    # Assets (the figures Scripts/demo gives `asset set`), the date as a date cell.
    sheet = book.create_sheet("资产")
    sheet.append(["截止时间", "资产总额", "车辆数", "车辆价值", "其他固定资产价值"])
    sheet.append([datetime.date(2022, 12, 31), yuan("970"), 3, yuan("46.93"), yuan("923.07")])
    sheet["A2"].number_format = "yyyy-mm-dd"

    # Last year's figures in 元.
    prior = rows("prior.csv")
    sheet = book.create_sheet("上年")
    sheet.append(prior[0])
    for item, amount, reason in prior[1:]:
        sheet.append([item, yuan(amount), reason if reason else None])

    book.save(path)


def libreoffice_fixture(path, work):
    project = work / "sample.budget"
    template = work / "template.xlsx"
    department = rows("department.csv")[1]
    def budget(*arguments):
        subprocess.run([str(BUDGET), *arguments], check=True, stdout=subprocess.DEVNULL)
    budget("init", str(project), "--department-code", department[0], "--department-name", department[1], "--year", department[2])
    budget("unit", "import", str(project), str(SAMPLE / "units.csv"))
    budget("import", str(project), str(SAMPLE / "items.csv"), "--unit", "wan")
    budget("indicator", "import", str(project), str(SAMPLE / "indicators.csv"))
    budget("procurement", "import", str(project), str(SAMPLE / "procurement.csv"), "--unit", "wan")
    budget("asset", "set", str(project), "--as-of", "2022-12-31", "--total", "970", "--vehicles", "3", "--vehicle-value", "46.93",
           "--other-value", "923.07", "--amount-unit", "wan")
    budget("prior", "import", str(project), str(SAMPLE / "prior.csv"), "--unit", "wan")
    budget("template", str(project), str(template))

    book = openpyxl.load_workbook(template)
    del book["填表说明"]
    items = book["预算明细"]
    items.title = "明细表（2023）"
    for row in range(3, items.max_row + 1, 2):
        items.cell(row, 1).value = int(str(items.cell(row, 1).value).split(" ")[0])
    for row in range(3, items.max_row + 1, 3):
        items.cell(row, 2).value = int(str(items.cell(row, 2).value).split(" ")[0])
    items["H3"] = f"{items['H3'].value:,.2f}"
    book.move_sheet("资产", offset=-book.index(book["资产"]))
    edited = work / "edited" / "libreoffice-sample.xlsx"
    edited.parent.mkdir()
    book.save(edited)

    out = work / "out"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(edited)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    shutil.copyfile(out / "libreoffice-sample.xlsx", path)


def main():
    if not BUDGET.exists():
        sys.exit(f"{BUDGET} not found: run `swift build` first, or set BUDGET")
    openpyxl_fixture(HERE / "openpyxl-sample.xlsx")
    with tempfile.TemporaryDirectory() as work:
        libreoffice_fixture(HERE / "libreoffice-sample.xlsx", Path(work))
    for name in ("openpyxl-sample.xlsx", "libreoffice-sample.xlsx"):
        print(name, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
