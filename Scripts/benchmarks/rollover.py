"""Times `budget rollover` on a generated project (Scripts/bench-rollover)."""
import os
import sqlite3
import statistics
import subprocess
import sys
import time

budget, work, items, units, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])


def run(*args):
    result = subprocess.run([budget, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"budget {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result


base = os.path.join(work, "last.budget")
run("generate", base, "--units", str(units), "--items", str(items), "--seed", "1")
# The codes the generated lines use most (read straight from the file, read-only): the change moves them.
with sqlite3.connect(f"file:{base}?mode=ro", uri=True) as db:
    top_functional = [row[0] for row in db.execute("SELECT functional FROM line_item GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")]
    top_economic = [row[0] for row in db.execute("SELECT economic FROM line_item GROUP BY 1 ORDER BY count(*) DESC LIMIT 4")]
    year = db.execute("SELECT year FROM department").fetchone()[0]
if len(top_functional) < 1 or len(top_economic) < 4:
    sys.exit("too few codes in the generated project")
mapping = os.path.join(work, "map.csv")
with open(mapping, "w", encoding="utf-8") as f:
    f.write("旧编码,新编码,比例\n")
    f.write(f"{top_functional[0]},2019999,\n")  # a 项 renamed
    f.write(f"{top_economic[0]},{top_economic[1]},\n")  # two 款 merged
    f.write(f"{top_economic[2]},30299,60\n{top_economic[2]},30227,40\n")  # one split 60/40
print(f"{items} items in {units} units; the change: {top_functional[0]}→2019999, {top_economic[0]}→{top_economic[1]}, "
      f"{top_economic[2]}→30299 60 % / 30227 40 %\n")
print("| rollover | median | best | peak memory |")
print("| --- | ---: | ---: | ---: |")
for choice in ["all", "basic", "none"]:
    times = []
    peak = 0
    for _ in range(runs):
        next_path = os.path.join(work, "next.budget")
        for leftover in [next_path, os.path.join(work, "next-结转报告.txt")]:
            if os.path.exists(leftover):
                os.remove(leftover)
        start = time.perf_counter()
        # wait4: this run's own peak memory, not the generator's.
        child = subprocess.Popen([budget, "rollover", base, next_path, "--year", str(year + 1), "--items", choice, "--map", mapping],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        if status != 0:
            sys.exit(f"rollover --items {choice} failed: {child.stderr.read().decode()[-2000:]}")
        peak = max(peak, usage.ru_maxrss)
    print(f"| --items {choice} | {statistics.median(times):.2f} s | {min(times):.2f} s | {peak // 1024} MiB |", flush=True)
