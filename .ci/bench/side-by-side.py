#!/usr/bin/env python3
"""Runs a command and its baseline alternately (A B, B A, A B, … so neither always goes first), PAIRS
times each, and prints the medians of wall time, CPU time (user + system, the process and its
children) and peak memory (the largest resident set of the process or a child) beside each other,
with the ratio A/B. Figures on a shared machine drift from minute to minute; a ratio of runs that
alternate within the same minutes does not.

Usage: side-by-side.py [--pairs N] [--title T] [--before SHELL] [--stdin FILE] [--env K=V …] [--ok CODES]
                       LABEL_A -- COMMAND_A… ::: LABEL_B -- COMMAND_B…
  --before SHELL  run (through sh) before every run, not timed: clearing a cache, an output folder
  --stdin FILE    the standard input of every run
  --ok CODES      exit statuses that count as a run (default 0,1: findings exit 1)
  --warm N        untimed runs of each first (default 1), so both start from the same page cache
  --summary FILE  also write the medians there, a line per side: label, wall s, CPU s, peak KB
Prints one line: TITLE: A wall, CPU, peak | B wall, CPU, peak | A/B ratios (N pairs). Exits 1 when a run fails.
Set SIDE_BY_SIDE_TSV=FILE to append every run as a line (label, wall, cpu, peak KB)."""
import os, resource, subprocess, sys, time

def parse(argv):
    options = {"pairs": 5, "title": "", "before": None, "stdin": None, "env": {}, "ok": {0, 1}, "warm": 1, "summary": None}
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        name, value = argv[i][2:], argv[i + 1]
        if name == "pairs": options["pairs"] = max(1, int(value))
        elif name == "warm": options["warm"] = max(0, int(value))
        elif name == "env": k, _, v = value.partition("="); options["env"][k] = v
        elif name == "ok": options["ok"] = {int(x) for x in value.split(",")}
        elif name in ("title", "before", "stdin", "summary"): options[name] = value
        else: sys.exit("side-by-side: unknown option --" + name)
        i += 2
    rest = argv[i:]
    if ":::" not in rest: sys.exit(__doc__)
    split = rest.index(":::")
    sides = []
    for side in (rest[:split], rest[split + 1:]):
        if len(side) < 3 or side[1] != "--": sys.exit(__doc__)
        sides.append((side[0], side[2:]))
    return options, sides

def run_once(command, options):
    if options["before"]: subprocess.run(options["before"], shell=True, check=True)
    env = dict(os.environ, **options["env"])
    stdin = open(options["stdin"], "rb") if options["stdin"] else subprocess.DEVNULL
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if stdin is not subprocess.DEVNULL: stdin.close()
    code = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if code not in options["ok"]:
        sys.stderr.write("side-by-side: %s exited %d\n%s\n" % (" ".join(command), code, error[-2000:]))
        sys.exit(1)
    # wait4's usage covers the process and the children it waited for.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss

def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2

def main():
    options, sides = parse(sys.argv[1:])
    for _ in range(options["warm"]):
        for _, command in sides: run_once(command, options)
    runs = {0: [], 1: []}
    tsv = os.environ.get("SIDE_BY_SIDE_TSV")
    for pair in range(options["pairs"]):
        order = (0, 1) if pair % 2 == 0 else (1, 0)
        for side in order:
            result = run_once(sides[side][1], options)
            runs[side].append(result)
            if tsv:
                with open(tsv, "a") as f: f.write("%s\t%s\t%.4f\t%.4f\t%d\n" % (options["title"], sides[side][0], *result))
    figures = []
    for side in (0, 1):
        wall = median([r[0] for r in runs[side]]); cpu = median([r[1] for r in runs[side]]); peak = median([r[2] for r in runs[side]])
        figures.append((wall, cpu, peak))
    (aw, ac, am), (bw, bc, bm) = figures
    ratio = lambda a, b: (a / b) if b > 0 else float("nan")
    print("%s: %s %.3f s wall, %.3f s CPU, %d MB | %s %.3f s wall, %.3f s CPU, %d MB | %s/%s %.2fx wall, %.2fx CPU, %.2fx memory (median of %d alternating pairs)"
          % (options["title"], sides[0][0], aw, ac, am // 1024, sides[1][0], bw, bc, bm // 1024, sides[0][0], sides[1][0],
             ratio(aw, bw), ratio(ac, bc), ratio(am, bm), options["pairs"]))
    sys.stdout.flush()
    if options["summary"]:
        with open(options["summary"], "w") as f:
            for (label, _), (wall, cpu, peak) in zip(sides, figures): f.write("%s\t%.4f\t%.4f\t%d\n" % (label, wall, cpu, peak))

main()
