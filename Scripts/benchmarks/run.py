"""Times each phase of the workbench as a whole process, with baselines, at several sizes.

Called by Scripts/bench, which builds everything first. For each size it generates a project
(budget generate, seed 1), exports its CSV, and runs every phase RUNS times; it reports the
median wall time and the peak resident memory (GNU time), and writes a Markdown table.
"""
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys

RUNS = int(os.environ.get("RUNS", "5"))


def measure(command, setup=None):
    """Median seconds and largest peak RSS (MiB) over RUNS runs of a shell command."""
    times, peaks = [], []
    for run in range(RUNS):
        if setup:
            setup()
        text = command(run) if callable(command) else command
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "sh", "-c", "{ " + text + "; } >/dev/null"],
                                stderr=subprocess.PIPE, text=True)
        last = result.stderr.strip().splitlines()[-1]
        if result.returncode != 0:
            sys.exit(f"failed ({result.returncode}): {command}\n{result.stderr}")
        seconds, kib = last.split()
        times.append(float(seconds))
        peaks.append(int(kib) / 1024)
    return statistics.median(times), max(peaks)


def main(budget, floor, work, sizes):
    pandas_script = os.path.join(os.path.dirname(__file__), "pandas_tables.py")
    rows = []
    for size in sizes:
        units = max(10, size // 1000)
        base = os.path.join(work, f"g{size}")
        for suffix in (".budget", ".csv", "-empty.budget", "-units.csv"):
            if os.path.exists(base + suffix):
                os.remove(base + suffix)
        subprocess.run([budget, "generate", base + ".budget", "--units", str(units), "--items", str(size), "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([budget, "export-csv", base + ".budget", base + ".csv"], check=True, stdout=subprocess.DEVNULL)
        with sqlite3.connect(base + ".budget") as db, open(base + "-units.csv", "w", encoding="utf-8") as out:
            out.write("code,name,nature\n")
            for code, name, nature in db.execute("SELECT code, name, nature FROM unit ORDER BY code"):
                out.write(f"{code},{name},{nature}\n")
        subprocess.run([budget, "init", base + "-empty.budget", "--department-code", "900", "--department-name", "模拟部门",
                        "--year", "2025"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([budget, "unit", "import", base + "-empty.budget", base + "-units.csv"], check=True, stdout=subprocess.DEVNULL)

        # The baseline must give the same figures as the tool: the 合计 rows of tables 3 and 6.
        out = subprocess.run(["python3", pandas_script, base + ".csv", os.path.join(work, "pandas.xlsx")],
                             check=True, capture_output=True, text=True).stdout
        expected = json.loads(out.strip().splitlines()[-1])
        for table, values in expected.items():
            shown = subprocess.run([budget, "show", base + ".budget", table, "--csv"], check=True, capture_output=True,
                                   text=True).stdout.splitlines()[2].split(",")[3:6]
            if shown != values:
                sys.exit(f"pandas baseline disagrees with the tool on table {table}: {values} vs {shown}")

        project, imported = base + ".budget", os.path.join(work, "import.budget")
        xlsx, folder = os.path.join(work, "out.xlsx"), os.path.join(work, "units")

        def fresh_import():
            shutil.copyfile(base + "-empty.budget", imported)

        def fresh_folder():
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)

        phases = [
            ("import CSV (validated, one transaction)", f"{budget} import {imported} {base}.csv", fresh_import),
            ("recompute all tables (show)", f"{budget} show {project} 1 --csv", None),
            ("check", f"{budget} check {project}", None),
            ("recompute + check + export workbook", f"{budget} export {project} {xlsx}", None),
            ("export with a sheet of every item", f"{budget} export {project} {xlsx} --with-items", None),
            ("change one item, then export", None, None),
            ("change one item, then check", None, None),
            (f"export one workbook per unit ({units})", f"{budget} export-units {project} {folder}", fresh_folder),
            ("baseline: pandas + XlsxWriter tables", f"python3 {pandas_script} {base}.csv {os.path.join(work, 'pandas.xlsx')}", None),
            ("floor: C on SQLite + libxlsxwriter", f"{floor} {project} {os.path.join(work, 'floor.xlsx')}", None),
            (f"floor: C, one workbook per unit ({units}, one core)", f"{floor} {project} {folder} --per-unit", fresh_folder),
        ]
        results = {}
        for name, command, setup in phases:
            if command is None:
                tail = f"{budget} export {project} {xlsx}" if "export" in name else f"{budget} check {project}"
                command = lambda run, tail=tail: f"{budget} item set {project} 1 --amount {1000 + run} && {tail}"
            seconds, peak = measure(command, setup)
            results[name] = (seconds, peak)
            print(f"{size:>9,} items  {name:<45} {seconds:7.3f} s  {peak:7.1f} MiB", flush=True)
        export = results["recompute + check + export workbook"]
        pandas = results["baseline: pandas + XlsxWriter tables"]
        floor_result = results["floor: C on SQLite + libxlsxwriter"]
        per_unit = results[f"export one workbook per unit ({units})"]
        floor_units = results[f"floor: C, one workbook per unit ({units}, one core)"]
        rows.append((size, results, export[0] / floor_result[0], pandas[0] / export[0], pandas[1] / export[1], per_unit[0] / floor_units[0]))

    lines = ["| items | phase | median s | peak MiB |", "| ---: | --- | ---: | ---: |"]
    for size, results, *_ in rows:
        for name, (seconds, peak) in results.items():
            lines.append(f"| {size:,} | {name} | {seconds:.3f} | {peak:.1f} |")
    lines += ["", "| items | export ÷ C floor (time) | pandas ÷ export (time) | pandas ÷ export (memory) | per unit ÷ C floor per unit (time) |",
              "| ---: | ---: | ---: | ---: | ---: |"]
    for size, _, to_floor, pandas_time, pandas_memory, units_to_floor in rows:
        lines.append(f"| {size:,} | {to_floor:.2f}× | {pandas_time:.1f}× | {pandas_memory:.1f}× | {units_to_floor:.2f}× |")
    report = "\n".join(lines) + "\n"
    with open(os.path.join(work, "results.md"), "w", encoding="utf-8") as out:
        out.write(report)
    print()
    print(report)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4:]])
