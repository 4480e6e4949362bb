"""Times the 基本支出 calculation on a generated department (Scripts/bench-roster)."""
import os
import shutil
import statistics
import subprocess
import sys
import time

budget, work, units, people, items, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])


def run(*args):
    result = subprocess.run([budget, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"budget {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result


def timed(label, setup, *args):
    """Median wall time of `runs` runs, each on a fresh copy made by `setup`."""
    times = []
    for _ in range(runs):
        project = setup()
        start = time.perf_counter()
        run(*[project if a == "{p}" else a for a in args])
        times.append(time.perf_counter() - start)
    print(f"| {label} | {statistics.median(times):.3f} s | {min(times):.3f} s |", flush=True)


base = os.path.join(work, "base.budget")
run("generate", base, "--units", str(units), "--items", str(items), "--seed", "1")
# The generated units are coded by the generator; read them back from the units list.
listing = run("unit", "list", base).stdout.splitlines()
codes = [line.split()[0] for line in listing if line[:1].isdigit()]
if len(codes) != units:
    sys.exit(f"expected {units} units, found {len(codes)}")
groups_per_unit = 5
per_group = max(1, people // (units * groups_per_unit))
roster = os.path.join(work, "roster.csv")
with open(roster, "w", encoding="utf-8") as f:
    f.write("单位编码,人员类别,组名,实有人数,月数,基本工资,津贴补贴,绩效工资,离退休费,列支科目\n")
    for i, code in enumerate(codes):
        f.write(f"{code},行政编制,科员,{per_group},12,{3000 + i % 7 * 100},5000,,,2010301\n")
        f.write(f"{code},行政编制,科长,{per_group},12,4200,6000,,,\n")
        f.write(f"{code},事业编制,专技,{per_group},12,3800,1200,3000,,\n")
        f.write(f"{code},工勤,,{per_group},9,2600,2000,,,\n")
        f.write(f"{code},退休,,{per_group},12,,,,5200,\n")
print(f"{units} units, {units * groups_per_unit * per_group} people in {units * groups_per_unit} groups, {items} typed items\n")
print("| phase | median | best |")
print("| --- | ---: | ---: |")


def fresh():
    path = os.path.join(work, "run.budget")
    shutil.copyfile(base, path)
    return path


timed("roster import (every unit calculated)", fresh, "roster", "import", "{p}", roster)
calculated = os.path.join(work, "calculated.budget")
shutil.copyfile(base, calculated)
run("roster", "import", calculated, roster)


def copy():
    path = os.path.join(work, "run.budget")
    shutil.copyfile(calculated, path)
    return path


timed("standards set (every unit recalculated)", copy, "standards", "set", "{p}", "养老", "15%")
timed("roster set (one unit recalculated)", copy, "roster", "set", "{p}", "1", "--count", str(per_group + 1))
timed("check", copy, "check", "{p}")
