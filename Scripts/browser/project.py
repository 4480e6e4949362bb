"""The rest of the project in the workbench, driven in headless Chromium as a clerk would:
save a snapshot, change an amount in the grid, see the diff against the snapshot (the figure
old → new in its table); download the workbook and find the new figure in it; import a CSV
with a bad row and see its located error, with nothing imported; restore the snapshot and see the figure as it was."""
import glob
import os
import re
import time
import zipfile

from common import browser, choose_table, fail, figure_right_of, grid_cell, open_project, quit_all, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def tab(driver, name):
    driver.find_element(By.CSS_SELECTOR, f'#tabs button[data-tab="{name}"]').click()


def text_of(driver, selector):
    found = driver.find_elements(By.CSS_SELECTOR, selector)
    return found[0].text if found else ""


def save_snapshot(driver, name):
    tab(driver, "snapshots")
    field = wait("the snapshot name field", lambda: driver.find_element(By.ID, "snapshot-name"))
    field.send_keys(name)
    driver.find_element(By.CSS_SELECTOR, "#snapshot-save button[type=submit]").click()
    wait(f"snapshot {name} in the list", lambda: name in text_of(driver, "#snapshot-list"))
    print(f"ok snapshot {name} saved and listed")


def change_amount(driver, amount, label, after):
    tab(driver, "items")
    choose_table(driver, "1")

    def click(column):
        grid_cell(driver, 0, column).click()
        return True

    wait("the first row's amount", lambda: grid_cell(driver, 0, 8).text not in ("", "…"))
    wait("a click on the amount", lambda: click(8))
    driver.find_element(By.ID, "grid").send_keys(Keys.ENTER)
    editor = wait("the amount editor", lambda: driver.find_element(By.CSS_SELECTOR, "#grid input.editor"))
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(amount, Keys.ENTER)
    wait(f"table 1 {label} to read {after}", lambda: figure_right_of(driver, label) == after)
    print(f"ok amount changed: table 1 {label} = {after}")


def see_diff(driver, snapshot, label, before, after):
    tab(driver, "snapshots")
    button = wait("the compare button", lambda: driver.find_element(By.CSS_SELECTOR, f'#snapshot-list button.diff-button[data-name="{snapshot}"]'))
    button.click()

    def row():
        for tr in driver.find_elements(By.CSS_SELECTOR, '#diff-view table.diff-table[data-table="1"] tbody tr'):
            cells = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            if cells and label in cells[0]:
                return cells
        return None

    cells = wait(f"table 1's {label} in the diff", row)
    if cells[2] != before or cells[3] != after:
        fail(f"the diff shows {label} {cells[2]} → {cells[3]}, expected {before} → {after}")
    summary = text_of(driver, "#diff-view .summary")
    if "修改 1 条" not in summary:
        fail(f"the diff's summary does not count one changed item: {summary}")
    print(f"ok diff: table 1 {label} {cells[2]} → {cells[3]} ({cells[4]}); {summary}")


def download_workbook(driver, folder, figure):
    tab(driver, "transfer")
    wait("the export button", lambda: driver.find_element(By.ID, "export-workbook")).click()

    def downloaded():
        files = [f for f in glob.glob(os.path.join(folder, "*")) if not f.endswith(".crdownload")]
        return files[0] if files and os.path.getsize(files[0]) > 0 else None

    path = wait("the downloaded workbook", downloaded, seconds=60)
    time.sleep(0.5)
    name = os.path.basename(path)
    if not name.endswith("部门预算公开表.xlsx"):
        fail(f"the download is named {name}")
    # The figure as the workbook holds it: a number in a sheet's XML (<v>2344.44</v>) or a text
    # in the shared strings.
    pattern = re.compile(r"<v>" + re.escape(figure) + r"</v>|>" + re.escape(figure) + r"<")
    with zipfile.ZipFile(path) as workbook:
        parts = [n for n in workbook.namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]
        found = [n for n in parts if pattern.search(workbook.read(n).decode("utf-8"))]
    if not found:
        fail(f"{figure} is not in the downloaded workbook {name}")
    print(f"ok downloaded {name}: {figure} in {', '.join(found[:3])}")


def import_bad_csv(driver, csv, value, line):
    tab(driver, "transfer")
    driver.find_element(By.ID, "import-file").send_keys(csv)
    driver.find_element(By.CSS_SELECTOR, "#import-form button[type=submit]").click()
    message = wait("the import's refusal", lambda: text_of(driver, "#transfer-message.bad"))
    name = os.path.basename(csv)
    for expected in (name, f"第 {line} 行", value, "没有写入"):
        if expected not in message:
            fail(f"the refusal does not say {expected}: {message}")
    print(f"ok import refused: {message.splitlines()[1] if len(message.splitlines()) > 1 else message}")


def restore(driver, snapshot, label, before):
    """Restores the snapshot (accepting the page's question) and waits for table 1 to read as before."""
    tab(driver, "snapshots")
    button = wait("the restore button", lambda: driver.find_element(By.CSS_SELECTOR, f'#snapshot-list button.restore-button[data-name="{snapshot}"]'))
    button.click()
    wait("the question before restoring", lambda: driver.switch_to.alert).accept()
    wait(f"table 1 {label} to read {before} again", lambda: figure_right_of(driver, label) == before)
    message = text_of(driver, "#snapshot-message")
    if "恢复前的内容已保存为快照" not in message:
        fail(f"the restore does not say where the state before went: {message}")
    print(f"ok restored {snapshot}: table 1 {label} = {before}")


def run(args):
    driver = browser(args.screenshot, args.chromedriver, downloads=args.downloads)
    # Headless Chromium saves downloads only where it is told to.
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": args.downloads})
    try:
        open_project(driver, args.url, args.project)
        save_snapshot(driver, args.snapshot)
        change_amount(driver, args.amount, args.label, args.after)
        see_diff(driver, args.snapshot, args.label, args.before, args.after)
        download_workbook(driver, args.downloads, args.after)
        import_bad_csv(driver, args.bad_csv, args.bad_value, args.bad_line)
        restore(driver, args.snapshot, args.label, args.before)
        driver.save_screenshot(args.screenshot)
        print(f"ok screenshot {args.screenshot}")
    finally:
        quit_all()
