"""The workbench's grid as a clerk's spreadsheet, in headless Chromium: a block of rows pasted
from a spreadsheet (a paste event carrying tab-separated text, as Excel and WPS put it on the
clipboard), a bad cell in a pasted block marked with nothing written, a cell of a table
clicked and the grid showing its items, two browsers editing the same line, a code picked from
the list and undo (Ctrl+Z) restoring what was there, lines added (Insert) and removed
(Shift+↓, Ctrl+Delete) and both undone.

Each scenario prints one line per step and exits 1 at the first step that fails; the expected
figures are given by the caller, worked out by hand."""
import argparse
import time

from common import browser, choose_table, fail, figure_right_of, grid_cell, open_project, quit_all, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

AMOUNT = 8  # the grid's column of the amount (编号 0 … 金额 8)


def paste(driver, text):
    """Pastes `text` into the grid as the clipboard would: a paste event with text/plain."""
    driver.execute_script(
        """
        const grid = document.getElementById('grid'); grid.focus();
        const data = new DataTransfer(); data.setData('text/plain', arguments[0]);
        grid.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        """,
        text,
    )


def totals(driver):
    return driver.find_element(By.ID, "totals").text


def message(driver):
    return driver.find_element(By.ID, "message").text


def grid_keys(driver, *keys):
    driver.find_element(By.ID, "grid").send_keys(*keys)


def click_cell(driver, row, column):
    def click():
        cell = grid_cell(driver, row, column)
        if cell.text in ("", "…"):
            return False
        cell.click()
        return True

    wait(f"a click on the grid's row {row}, column {column}", click)


def edit_cell(driver, row, column, text, enter=True):
    """Opens the editor of a cell (F2), types `text` over what is there, and saves (Enter)."""
    click_cell(driver, row, column)
    grid_keys(driver, Keys.F2)
    editor = wait("the editor", lambda: driver.find_element(By.CSS_SELECTOR, "#grid input.editor"))
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(text)
    if enter:
        editor.send_keys(Keys.ENTER)
    return editor


def expect_figure(driver, label, value, what):
    wait(f"table 1 {label} to read {value} ({what})", lambda: figure_right_of(driver, label) == value)
    print(f"ok {what}: table 1 {label} = {value}")


def paste_file(driver, args):
    """Pastes the file `--tsv` after reading table 1's figure; the grid's totals before it."""
    choose_table(driver, "1")
    expect_figure(driver, args.label, args.before, "before the paste")
    before = wait("the grid's totals", lambda: totals(driver) if "合计" in totals(driver) else None)
    with open(args.tsv, encoding="utf-8") as file:
        paste(driver, file.read())
    return before


def scenario_paste(driver, args):
    before = paste_file(driver, args)
    expect_figure(driver, args.label, args.after, "after pasting the rows")
    wait(f"the grid's totals to read {args.total}", lambda: args.total in totals(driver))
    print(f"ok grid: {totals(driver)}")
    if "已粘贴 3 行" not in message(driver):
        fail(f"the message does not say three rows were pasted: {message(driver)}")
    print(f"ok {message(driver)}")
    grid_keys(driver, Keys.CONTROL, "z")
    expect_figure(driver, args.label, args.before, "after Ctrl+Z")
    wait("the grid's totals as before the paste", lambda: totals(driver) == before)
    print(f"ok undone: {message(driver)}")


def scenario_bad_paste(driver, args):
    before = paste_file(driver, args)
    marked = wait("the bad cell marked", lambda: driver.find_elements(By.CSS_SELECTOR, "#paste td.invalid"))
    texts = [cell.text for cell in marked]
    if texts != [args.bad]:
        fail(f"marked cells {texts}, expected [{args.bad}]")
    if not marked[0].get_attribute("title"):
        fail("the marked cell does not say what is wrong")
    listed = driver.find_element(By.CSS_SELECTOR, "#paste li").text
    if f"第 {args.line} 行" not in listed or args.bad not in listed:
        fail(f"the problem is not located by its row and value: {listed}")
    print(f"ok marked {texts}; listed: {listed}")
    if "没有写入" not in message(driver):
        fail(f"the message does not say nothing was written: {message(driver)}")
    time.sleep(1.5)  # a write would have reached the page by now (events, once a second)
    if figure_right_of(driver, args.label) != args.before or totals(driver) != before:
        fail(f"something was written: table 1 {figure_right_of(driver, args.label)}, grid {totals(driver)}")
    print(f"ok nothing written: table 1 {args.before}, grid {before}")


def scenario_cell(driver, args):
    choose_table(driver, args.table)

    def cell():
        cells = driver.find_elements(By.CSS_SELECTOR, "#table-view table.report td")
        for index, td in enumerate(cells):
            if td.text == args.row and index + args.offset < len(cells):
                return cells[index + args.offset]
        return None

    target = wait(f"table {args.table}, row {args.row}", cell)
    print(f"ok table {args.table} {args.row} = {target.text}")
    target.click()
    expected = f"共 {args.count} 条明细，合计 {args.total} 元"
    wait(f"the grid to show {expected}", lambda: expected in totals(driver))
    print(f"ok grid: {totals(driver)}")
    shown = wait(
        "the cell's items in the grid",
        lambda: [grid_cell(driver, r, AMOUNT).text for r in range(args.count)]
        if all(grid_cell(driver, r, AMOUNT).text not in ("", "…") for r in range(args.count)) else None)
    if sorted(shown) != sorted(args.amounts):
        fail(f"the grid shows {shown}, expected {args.amounts}")
    if driver.find_elements(By.CSS_SELECTOR, f'#grid .row[data-row="{args.count}"]'):
        fail("the grid shows more rows than the cell's items")
    print(f"ok the items: {shown}")
    driver.find_element(By.ID, "clear-cell").click()
    wait("every item again", lambda: f"共 {args.all} 条明细" in totals(driver))
    print(f"ok cleared: {totals(driver)}")


def scenario_two(driver, args):
    other = browser(args.screenshot, args.chromedriver)
    open_project(other, args.url, args.project)
    choose_table(driver, "1")
    choose_table(other, "1")
    # The second browser starts changing the first line's amount, and has not saved yet ...
    editor = edit_cell(other, 0, AMOUNT, args.second, enter=False)
    # ... when the first saves its own change of the same line.
    edit_cell(driver, 0, AMOUNT, args.first)
    expect_figure(driver, args.label, args.after, "the first browser's change")
    expect_figure(other, args.label, args.after, "the second browser sees it")
    editor.send_keys(Keys.ENTER)
    refused = wait("the second browser's refusal", lambda: message(other) if "没有写入" in message(other) else None)
    if "这一行已被别人改过" not in refused or args.fresh not in refused:
        fail(f"the refusal does not say someone else changed it and what it now is: {refused}")
    print(f"ok refused: {refused}")
    shown = wait("the fresh value in the cell", lambda: grid_cell(other, 0, AMOUNT).text == args.fresh and grid_cell(other, 0, AMOUNT))
    if "conflict" not in shown.get_attribute("class"):
        fail("the refused cell is not marked")
    print(f"ok the cell shows {args.fresh}, marked")
    if figure_right_of(driver, args.label) != args.after or figure_right_of(other, args.label) != args.after:
        fail("the second browser's change was written")
    print(f"ok table 1 {args.label} stays {args.after} in both browsers")
    # The second browser, now shown the fresh line, saves its change; the first browser's undo of
    # its own change would write over it, and is refused with the second's value.
    edit_cell(other, 0, AMOUNT, args.second)
    expect_figure(driver, args.label, args.final, "the second browser's change, made again")
    grid_keys(driver, Keys.CONTROL, "z")
    refused = wait("the refused undo", lambda: message(driver) if "撤销没有写入" in message(driver) else None)
    if "这一行已被别人改过" not in refused or args.second_text not in refused:
        fail(f"the refused undo does not say someone else changed the line and what it now is: {refused}")
    print(f"ok undo refused: {refused}")
    time.sleep(1.5)
    if figure_right_of(driver, args.label) != args.final:
        fail(f"the undo was written: table 1 {figure_right_of(driver, args.label)}")
    print(f"ok table 1 {args.label} stays {args.final}")


def scenario_undo(driver, args):
    choose_table(driver, "1")
    expect_figure(driver, args.label, args.before, "before")
    edit_cell(driver, 0, AMOUNT, args.amount)
    expect_figure(driver, args.label, args.after, "after the edit")
    # A code from the list: typed in part, ↓ to the code, Enter.
    click_cell(driver, 0, 3)
    grid_keys(driver, Keys.F2)
    editor = wait("the code editor", lambda: driver.find_element(By.CSS_SELECTOR, "#grid input.editor"))
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(args.query)

    def listed():
        texts = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ul.picker li[data-index]")]
        return texts if any(text.startswith(args.code + " ") for text in texts) else None

    choices = wait(f"{args.code} in the code list", listed)
    wanted = next(i for i, text in enumerate(choices) if text.startswith(args.code + " "))
    if not all(text.startswith(args.query) for text in choices):
        fail(f"the list for {args.query} has other codes: {choices}")
    print(f"ok the list for {args.query}: {len(choices)} codes, {choices[wanted]} among them")
    for _ in range(wanted + 1):
        editor.send_keys(Keys.ARROW_DOWN)
    editor.send_keys(Keys.ENTER)
    wait(f"the line's code to read {args.code}", lambda: grid_cell(driver, 0, 3).text.startswith(args.code + " "))
    print(f"ok chosen: {grid_cell(driver, 0, 3).text}")
    grid_keys(driver, Keys.CONTROL, "z")
    wait("the old code back", lambda: not grid_cell(driver, 0, 3).text.startswith(args.code + " "))
    print(f"ok Ctrl+Z: {grid_cell(driver, 0, 3).text}")
    grid_keys(driver, Keys.CONTROL, "z")
    expect_figure(driver, args.label, args.before, "after the second Ctrl+Z")
    wait(f"the amount back to {args.amount_before}", lambda: grid_cell(driver, 0, AMOUNT).text == args.amount_before)
    print(f"ok the first line's amount is {args.amount_before} again")


def scenario_rows(driver, args):
    choose_table(driver, "1")
    expect_figure(driver, args.label, args.before, "before")
    wait(f"{args.all} items", lambda: f"共 {args.all} 条明细" in totals(driver))
    # Insert on the first line: a line with its unit and codes, last in the grid, its amount in edit.
    first = {column: grid_cell(driver, 0, column).text for column in (1, 2, 3)}
    click_cell(driver, 0, AMOUNT)
    grid_keys(driver, Keys.INSERT)
    editor = wait("the new line's amount editor", lambda: driver.find_element(By.CSS_SELECTOR, f'#grid .row[data-row="{args.all}"] input.editor'))
    added = {column: grid_cell(driver, args.all, column).text for column in (1, 2, 3)}
    if added != first:
        fail(f"the new line has {added}, not the first line's unit and codes {first}")
    print(f"ok a line added with {added}")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(args.amount, Keys.ENTER)
    expect_figure(driver, args.label, args.after, "after the new line's amount")
    grid_keys(driver, Keys.CONTROL, "z")
    expect_figure(driver, args.label, args.before, "the amount undone")
    grid_keys(driver, Keys.CONTROL, "z")
    wait("the added line undone", lambda: f"共 {args.all} 条明细" in totals(driver))
    print(f"ok the added line undone: {totals(driver)}")
    # The first two lines selected (Ctrl+Home, Shift+↓) and removed (Ctrl+Delete, confirmed).
    grid_keys(driver, Keys.CONTROL, Keys.HOME)
    click_cell(driver, 0, AMOUNT)
    grid_keys(driver, Keys.SHIFT, Keys.ARROW_DOWN)
    selected = driver.find_elements(By.CSS_SELECTOR, "#grid .row.selected")
    if len(selected) != 2:
        fail(f"{len(selected)} lines selected, expected 2")
    grid_keys(driver, Keys.CONTROL, Keys.DELETE)
    alert = wait("the confirmation", lambda: driver.switch_to.alert)
    print(f"ok asked: {alert.text.splitlines()[0]}")
    alert.accept()
    expect_figure(driver, args.label, args.removed, "after removing two lines")
    wait(f"{args.all - 2} items", lambda: f"共 {args.all - 2} 条明细" in totals(driver))
    grid_keys(driver, Keys.CONTROL, "z")
    expect_figure(driver, args.label, args.before, "the removal undone")
    wait(f"{args.all} items again", lambda: f"共 {args.all} 条明细" in totals(driver))
    print(f"ok the removal undone: {totals(driver)}")


SCENARIOS = {
    "paste": scenario_paste,
    "bad-paste": scenario_bad_paste,
    "cell": scenario_cell,
    "two": scenario_two,
    "undo": scenario_undo,
    "rows": scenario_rows,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("project")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--label", help="a row label of table 1; its figure is the cell right of it")
    parser.add_argument("--before")
    parser.add_argument("--after")
    parser.add_argument("--tsv", help="a file holding the tab-separated text to paste")
    parser.add_argument("--total", help="the grid's total after the paste, or of the cell's items")
    parser.add_argument("--bad", help="the text of the one cell to be marked")
    parser.add_argument("--line", help="the line of the pasted text the bad cell is on")
    parser.add_argument("--table")
    parser.add_argument("--row", help="the text of a cell of the row (its code)")
    parser.add_argument("--offset", type=int, default=2, help="how many cells right of --row the figure is")
    parser.add_argument("--count", type=int)
    parser.add_argument("--amounts", nargs="*", default=[])
    parser.add_argument("--all", type=int, help="how many items the project has")
    parser.add_argument("--first", help="the first browser's new amount")
    parser.add_argument("--second", help="the second browser's new amount")
    parser.add_argument("--fresh", help="the amount the second browser is shown, as the grid shows it")
    parser.add_argument("--final", help="table 1's figure after the second browser's change")
    parser.add_argument("--second-text", help="the second browser's amount as the grid shows it")
    parser.add_argument("--amount", help="the first line's new amount")
    parser.add_argument("--amount-before", help="the first line's amount as the grid shows it")
    parser.add_argument("--removed", help="table 1's figure after the first two lines are removed")
    parser.add_argument("--query")
    parser.add_argument("--code")
    args = parser.parse_args(argv)

    driver = browser(args.screenshot, args.chromedriver)
    try:
        open_project(driver, args.url, args.project)
        SCENARIOS[args.scenario](driver, args)
        driver.save_screenshot(args.screenshot)
        print(f"ok screenshot {args.screenshot}")
    finally:
        quit_all()
