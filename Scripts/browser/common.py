"""What every browser scenario of the workbench shares: headless Chromium through Selenium
(Debian's chromium, chromium-driver and python3-selenium, which Scripts/setup installs),
waiting for a condition, failing with a screenshot, and reading the page as a clerk sees it."""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

DRIVERS = []
SCREENSHOT = None


def fail(message):
    """Prints the failure, keeps a screenshot of the first browser, and exits 1."""
    print(f"FAIL {message}")
    if DRIVERS and SCREENSHOT:
        DRIVERS[0].save_screenshot(SCREENSHOT)
        print(f"screenshot of the failure: {SCREENSHOT}")
    sys.exit(1)


def wait(what, condition, seconds=15, interval=0.1):
    """The first true value of `condition()` within `seconds` (asked every `interval` seconds),
    else a failure naming `what`."""
    end = time.time() + seconds
    while time.time() < end:
        try:
            value = condition()
            if value:
                return value
        except Exception:
            pass
        time.sleep(interval)
    fail(f"timed out waiting for {what}")


def browser(screenshot, chromedriver="/usr/bin/chromedriver", downloads=None):
    """A headless Chromium; every one opened is quit by `quit_all`. `downloads`, a folder,
    receives the files the page downloads."""
    global SCREENSHOT
    SCREENSHOT = screenshot
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000", "--lang=zh-CN"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    if downloads:
        options.add_experimental_option(
            "prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    DRIVERS.append(driver)
    return driver


def quit_all():
    while DRIVERS:
        DRIVERS.pop().quit()


def open_project(driver, url, project):
    """Opens the workbench on `project` and waits until the page says it is ready."""
    driver.get(f"{url}?project={project}")
    wait("the page to be ready", lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")


def choose_table(driver, table):
    choice = driver.find_element(By.ID, "table-choice")
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))", choice, table)


def figure_right_of(driver, label):
    """The text of the cell right of the shown table's cell reading `label`, or None."""
    cells = driver.find_elements(By.CSS_SELECTOR, "#table-view table.report td")
    for index, cell in enumerate(cells):
        if cell.text == label and index + 1 < len(cells):
            return cells[index + 1].text
    return None


def grid_cell(driver, row, column):
    """A cell of the grid, looked up afresh: the grid draws its rows anew as pages arrive."""
    return driver.find_element(By.CSS_SELECTOR, f'#grid .row[data-row="{row}"] .cell[data-col="{column}"]')
