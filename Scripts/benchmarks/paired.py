"""Times two builds of `budget` side by side on the same generated project: for each phase, the
old and the new executable alternate, ROUNDS times, so that a busy machine slows both alike.

Called by Scripts/bench-compare. Reports, per phase, the median wall time and the median CPU time
(user + system, which another process on the machine disturbs less) of each build, and the peak
resident memory (GNU time).
"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys

ROUNDS = int(os.environ.get("ROUNDS", "5"))


def run(command):
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "sh", "-c", "{ " + command + "; } >/dev/null"],
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {command}\n{result.stderr}")
    wall, user, system, kib = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kib) / 1024


def main(old, new, work, size):
    units = max(10, size // 1000)
    os.makedirs(work, exist_ok=True)
    base = os.path.join(work, f"g{size}")
    for suffix in (".budget", ".csv", "-empty.budget", "-units.csv"):
        if os.path.exists(base + suffix):
            os.remove(base + suffix)
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    # The project and its CSV come from the old build, so both builds read the same bytes.
    subprocess.run([old, "generate", base + ".budget", "--units", str(units), "--items", str(size), "--seed", "1"], **quiet)
    subprocess.run([old, "export-csv", base + ".budget", base + ".csv"], **quiet)
    subprocess.run([old, "init", base + "-empty.budget", "--department-code", "900", "--department-name", "模拟部门", "--year", "2025"],
                   **quiet)
    units_csv = base + "-units.csv"
    with sqlite3.connect(base + ".budget") as db, open(units_csv, "w", encoding="utf-8") as out:
        out.write("code,name,nature\n")
        for code, name, nature in db.execute("SELECT code, name, nature FROM unit ORDER BY code"):
            out.write(f"{code},{name},{nature}\n")
    subprocess.run([old, "unit", "import", base + "-empty.budget", units_csv], **quiet)
    # Each build works on its own copy of the project, so an edit by one never reaches the other.
    projects = {}
    for name, budget in (("old", old), ("new", new)):
        projects[name] = os.path.join(work, f"{name}.budget")
        shutil.copyfile(base + ".budget", projects[name])
    xlsx, folder, imported = os.path.join(work, "out.xlsx"), os.path.join(work, "units"), os.path.join(work, "import.budget")

    def phases(budget, project, round_):
        return [
            ("import CSV (validated, one transaction)", lambda: shutil.copyfile(base + "-empty.budget", imported),
             f"{budget} import {imported} {base}.csv"),
            ("recompute all tables (show)", None, f"{budget} show {project} 1 --csv"),
            ("check", None, f"{budget} check {project}"),
            ("recompute + check + export workbook", None, f"{budget} export {project} {xlsx}"),
            ("change one item, then export", None, f"{budget} item set {project} 1 --amount {1000 + round_} && {budget} export {project} {xlsx}"),
            ("change one item, then check", None, f"{budget} item set {project} 1 --amount {2000 + round_} && {budget} check {project}"),
            ("export with a sheet of every item", None, f"{budget} export {project} {xlsx} --with-items"),
            (f"export one workbook per unit ({units})", lambda: (shutil.rmtree(folder, ignore_errors=True), os.makedirs(folder)),
             f"{budget} export-units {project} {folder}"),
        ]

    results = {}
    for round_ in range(ROUNDS):
        for name, budget in (("old", old), ("new", new)) if round_ % 2 == 0 else (("new", new), ("old", old)):
            for phase, setup, command in phases(budget, projects[name], round_):
                if setup:
                    setup()
                results.setdefault(phase, {}).setdefault(name, []).append(run(command))
        print(f"round {round_ + 1} of {ROUNDS} done", file=sys.stderr, flush=True)
    lines = [f"| phase ({size:,} items) | wall s, old → new (medians) | CPU s, old → new (medians) | peak MiB, old → new |",
             "| --- | ---: | ---: | ---: |"]
    for phase, by_build in results.items():
        def median(build, index):
            return statistics.median(r[index] for r in by_build[build])
        wall = f"{median('old', 0):.2f} → {median('new', 0):.2f}"
        cpu = f"{median('old', 1):.2f} → {median('new', 1):.2f} ({(median('new', 1) / median('old', 1) - 1) * 100:+.0f} %)"
        peak = f"{max(r[2] for r in by_build['old']):.0f} → {max(r[2] for r in by_build['new']):.0f}"
        lines.append(f"| {phase} | {wall} | {cpu} | {peak} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
