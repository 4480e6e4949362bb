"""Times `budget serve` over HTTP on 127.0.0.1 (Scripts/bench-serve): edits, tables, grid pages, memory."""
import json
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.error
import urllib.request

budget, folder, name, edits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
server = subprocess.Popen([budget, "serve", folder, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    base = re.search(r"http://127\.0\.0\.1:[0-9]+/", line).group(0).rstrip("/")
    project = urllib.parse.quote(name)

    def call(method, path, body=None, csrf=None):
        request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
        if csrf:
            request.add_header("X-CSRF-Token", csrf)
            request.add_header("Content-Type", "application/json")
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request) as response:
                data = response.read()
        except urllib.error.HTTPError as error:
            sys.exit(f"{method} {path}: {error.code} {error.read().decode()}")
        return json.loads(data), (time.perf_counter() - start) * 1000

    csrf = call("GET", "/api/session")[0]["csrf"]
    opened = call("GET", f"/api/tables?project={project}&table=1")[1]  # opens the resident session
    count = call("GET", f"/api/items?project={project}&limit=0")[0]["count"]

    def pct(values, p):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    random.seed(1)
    edit_ms, tables_ms, both_ms = [], [], []
    for _ in range(edits):
        offset = random.randrange(count)
        item = call("GET", f"/api/items?project={project}&offset={offset}&limit=1")[0]["items"][0]
        new = f"{item['amount'] / 100 + random.randint(1, 100):.2f}"
        _, edit = call("PATCH", f"/api/items/{item['id']}?project={project}", {"changes": {"amount": new}, "seen": item}, csrf)
        _, tables = call("GET", f"/api/tables?project={project}&table=3")
        edit_ms.append(edit)
        tables_ms.append(tables)
        both_ms.append(edit + tables)
    whole_ms = [call("GET", f"/api/tables?project={project}")[1] for _ in range(3)]
    page_ms = [call("GET", f"/api/items?project={project}&offset={random.randrange(count)}&limit=200")[1] for _ in range(30)]
    filtered_ms = [call("GET", f"/api/items?project={project}&economic=302&offset=0&limit=200")[1] for _ in range(5)]
    status = open(f"/proc/{server.pid}/status").read()
    rss = {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM")}

    def row(label, values):
        return f"| {label} | {statistics.median(values):.1f} | {pct(values, 95):.1f} | {max(values):.1f} |"

    print(f"\n{count:,} line items; first tables (opening the session) {opened:.0f} ms; {edits} edits\n")
    print("| request | p50 ms | p95 ms | max ms |\n| --- | ---: | ---: | ---: |")
    for label, values in [
        ("edit (PATCH amount)", edit_ms), ("table 3 after it (GET /api/tables?table=3)", tables_ms), ("edit + table", both_ms),
        ("every table's list and table 1 (the whole document)", whole_ms), ("grid page, 200 rows by position", page_ms), ("grid page, filtered (economic 302)", filtered_ms),
    ]:
        print(row(label, values))
    print(f"\nserver memory: {rss['VmRSS']:.0f} MiB now, {rss['VmHWM']:.0f} MiB peak")
finally:
    server.terminate()
    server.wait()
