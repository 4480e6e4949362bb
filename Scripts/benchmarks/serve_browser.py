#!/usr/bin/python3
"""The workbench end to end in headless Chromium (Scripts/bench-serve, when chromium,
chromium-driver and python3-selenium are installed): EDITS amounts changed in the grid with the
keyboard, each timed by the page from the PATCH leaving to table 3 redrawn with the new figures
(the performance measure "edit")."""
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))

import common  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

budget, folder, name, edits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
server = subprocess.Popen([budget, "serve", folder, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
driver = common.browser(None)


def wait(condition, seconds=60):
    return common.wait("the page", condition, seconds, interval=0.02)


try:
    base = re.search(r"http://127\.0\.0\.1:[0-9]+/", server.stdout.readline()).group(0)
    driver.get(f"{base}?project={name}")
    wait(lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    choice = driver.find_element(By.ID, "table-choice")
    driver.execute_script("arguments[0].value = '3'; arguments[0].dispatchEvent(new Event('change'))", choice)
    wait(lambda: driver.find_element(By.CSS_SELECTOR, 'table.report[data-table="3"]'))
    measures = lambda: driver.execute_script("return performance.getEntriesByName('edit').map(e => e.duration)")
    for index in range(edits):
        cell = lambda: driver.find_element(By.CSS_SELECTOR, f'#grid .row[data-row="{index}"] .cell[data-col="8"]')
        wait(lambda: cell().text not in ("", "…"))
        amount = float(cell().text.replace(",", ""))
        wait(lambda: cell().click() or True)
        driver.find_element(By.ID, "grid").send_keys(Keys.ENTER)
        editor = wait(lambda: driver.find_element(By.CSS_SELECTOR, "#grid input.editor"))
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(f"{amount + 1:.2f}", Keys.ENTER)
        wait(lambda: len(measures()) > index)
        time.sleep(0.3)  # the page settles (the check is asked once edits pause)
    times = sorted(measures())
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"| edit → table 3 redrawn, in the browser ({len(times)} edits) | {statistics.median(times):.1f} | {p95:.1f} | {max(times):.1f} |")
finally:
    driver.quit()
    server.terminate()
    server.wait()
