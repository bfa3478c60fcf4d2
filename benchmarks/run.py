"""warrantwise's performance figures, each beside its target (issue 5; docs/performance.md).

    python3 benchmarks/run.py            # the recorded figures: 1,000,000 encounters (a few minutes)
    python3 benchmarks/run.py --quick    # the same figures on 100,000 encounters, fewer runs

Every figure is the median of several runs of the real command, started by this interpreter,
with its baseline measured in the same run (alternating with it where both are started). The
batch ratios are medians of ratios taken round by round, each from runs back to back. The
data is generated here (benchmarks/data.py), so the script runs from a fresh clone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import data  # noqa: E402  (benchmarks/data.py)

HELLO = '''import typer

app = typer.Typer()


@app.command()
def hello(name: str):
    print(f"Hello {name}")


@app.command()
def goodbye(name: str, formal: bool = False):
    print(f"Goodbye Ms. {name}. Have a good day." if formal else f"Bye {name}!")


if __name__ == "__main__":
    app()
'''
CHECK = ["check", "-j", "pg-county", "--date", "2019-08-01", "--custody", "detained", "--held-minutes", "5",
         "--ncic-text", "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "--json"]
MIB = 1024 * 1024


class Report:
    def __init__(self):
        self.failed: list[str] = []
        print(f"{'figure':44} {'measured':>14} {'target':>12}  baseline and ratio")

    def row(self, figure: str, measured: str, target: str, ok: bool | None, baseline: str = "") -> None:
        mark = {True: "ok", False: "NOT MET", None: ""}[ok]
        print(f"{figure:44} {measured:>14} {target:>12}  {baseline} {mark}".rstrip(), flush=True)
        if ok is False:
            self.failed.append(figure)


def warrantwise() -> list[str]:
    """The installed console script, run by this interpreter; else the entry point itself."""
    script = Path(sysconfig.get_path("scripts")) / "warrantwise"
    if script.is_file() and script.read_bytes()[:2] == b"#!" and b"cli.app" in script.read_bytes():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from cli.app import main; sys.argv[0] = 'warrantwise'; main()"]


# Starts the command and reports its wall time, CPU time and peak memory. A child's peak
# memory counts its parent's at the fork, so the measuring parent must be this small one.
RUNNER = r"""
import os, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
start = time.perf_counter()
pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as fh:
    fh.write(f"{time.perf_counter() - start} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(cmd: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one run of `cmd`."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        subprocess.run([sys.executable, "-S", "-c", RUNNER, report.name, *cmd], env=env, cwd=ROOT, check=True)
        wall, cpu, peak, code = report.read().split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:4])}... exited {code}")
    return float(wall), float(cpu), float(peak) / 1024


def alternate(a: list[str], b: list[str], runs: int, env: dict) -> tuple[list[float], list[float]]:
    """Wall times of `a` and `b`, run by turns (after one warm-up each, for the .pyc files)."""
    run(a, env), run(b, env)
    times_a, times_b = [], []
    for i in range(runs):
        for cmd, times in ((a, times_a), (b, times_b)) if i % 2 == 0 else ((b, times_b), (a, times_a)):
            times.append(run(cmd, env)[0])
    return times_a, times_b


def startup(report: Report, runs: int, env: dict, work: Path) -> None:
    hello = work / "hello.py"
    hello.write_text(HELLO)
    base = [sys.executable, str(hello), "--help"]
    ours, theirs = alternate(warrantwise() + ["--help"], base, runs, env)
    ratio = statistics.median(ours) / statistics.median(theirs)
    report.row(f"warrantwise --help (median of {runs})", f"{statistics.median(ours):.3f} s", "<= 1.00 x", ratio <= 1.0,
               f"typer hello-world --help {statistics.median(theirs):.3f} s: {times(ratio, 1.0)}")
    ours, theirs = alternate(warrantwise() + CHECK, base, runs, env)
    ratio = statistics.median(ours) / statistics.median(theirs)
    report.row(f"warrantwise check --json, NCIC text ({runs})", f"{statistics.median(ours):.3f} s", "<= 1.50 x",
               ratio <= 1.5, f"typer hello-world --help {statistics.median(theirs):.3f} s: {times(ratio, 1.5)}")


def wizard(report: Report, runs: int, env: dict, work: Path) -> None:
    """Seconds from starting `warrantwise wizard` on a terminal to its first question on screen."""
    from cli.app import COMMANDS

    if "wizard" not in {row[0] for row in COMMANDS}:
        report.row("wizard: first question on screen", "not built", "<= 0.50 s", None, "BENCHMARK HOOK: no wizard command yet")
        return
    try:
        import pexpect
    except ImportError:
        report.row("wizard: first question on screen", "skipped", "<= 0.50 s", None, "needs pexpect (pip install -e '.[test]')")
        return
    cmd = warrantwise() + ["wizard"]
    times = []
    for i in range(runs + 1):
        home = work / f"home{i}"
        home.mkdir()
        start = time.perf_counter()
        child = pexpect.spawn(cmd[0], cmd[1:], cwd=str(ROOT), env={**env, "WARRANTWISE_HOME": str(home), "TERM": "xterm"},
                              dimensions=(40, 100), encoding="utf-8", codec_errors="replace")
        screen = ""
        while "?" not in screen:  # questionary marks each question with "?"
            chunk = child.read_nonblocking(65536, timeout=10)
            if "\x1b[6n" in chunk:  # answer prompt_toolkit's cursor-position query as a terminal would
                child.send("\x1b[1;1R")
            screen += chunk.replace("\x1b[6n", "")
        times.append(time.perf_counter() - start)
        child.terminate(force=True)
    median = statistics.median(times[1:])  # the first run warms the .pyc files
    report.row(f"wizard: first question on screen ({runs})", f"{median:.3f} s", "<= 0.50 s", median <= 0.5)


def batch(report: Report, n: int, runs: int, env: dict, work: Path) -> None:
    stops = work / "stops.jsonl"
    started = time.perf_counter()
    data.write(stops, n, bad_every=1000)
    print(f"  ({n:,} encounters generated in {time.perf_counter() - started:.0f} s, {stops.stat().st_size / MIB:.0f} MiB; "
          "output to /dev/null)", flush=True)
    one = warrantwise() + ["batch", str(stops), "-o", os.devnull]
    two = one + ["--workers", "2"]
    floor = [sys.executable, str(HERE / "floor.py"), str(stops), os.devnull]
    # What two CPUs give at best: the floor on each half of the input, side by side.
    halves = split_in_two(stops)
    both = [[sys.executable, str(HERE / "floor.py"), str(half), os.devnull] for half in halves]
    walls: dict[str, list] = {"one": [], "two": [], "floor": [], "halves": []}
    rss: dict[str, float] = {"one": 0.0, "two": 0.0}
    for i in range(runs):
        order = [("one", one), ("floor", floor), ("two", two), ("halves", both)]
        for name, cmd in order if i % 2 == 0 else order[::-1]:
            if name == "halves":
                walls[name].append(side_by_side(cmd, env))
                continue
            wall, _, peak = run(cmd, env)
            walls[name].append(wall)
            rss[name] = max(rss.get(name, 0.0), peak)
    # This machine's speed drifts by a fifth over minutes, so each ratio is taken within a round
    # (the commands run back to back), and the median of those is reported with their range.
    to_floor = paired(walls["one"], walls["floor"])
    speed_up = paired(walls["one"], walls["two"])
    ceiling = paired(walls["floor"], walls["halves"])
    one_s, two_s, floor_s = (statistics.median(walls[k]) for k in ("one", "two", "floor"))
    rate, floor_rate = n / one_s, n / floor_s
    report.row(f"batch, one process ({runs} runs)", f"{rate:,.0f} /s", ">= 50,000 /s", rate >= 50_000,
               f"{one_s:.1f} s for {n:,}")
    report.row("batch vs floor (read+validate+write only)", times(statistics.median(to_floor), 2.0), "<= 2.00 x",
               statistics.median(to_floor) <= 2.0, f"per round {spread(to_floor)}; floor {floor_rate:,.0f} /s ({floor_s:.1f} s)")
    report.row(f"batch peak memory at {n:,}", f"{rss['one']:.0f} MiB", "<= 120 MiB",
               rss["one"] <= 120 if n >= 1_000_000 else None, f"(--workers 2: parent {rss['two']:.0f} MiB)")
    report.row("batch --workers 2 speed-up", times(statistics.median(speed_up), 1.7), ">= 1.70 x",
               statistics.median(speed_up) >= 1.7 if n >= 1_000_000 else None,
               f"per round {spread(speed_up)}; {n / two_s:,.0f} /s ({two_s:.1f} s)")
    report.row("two CPUs at once: the floor on each half", f"{statistics.median(ceiling):.2f} x", "", None,
               f"per round {spread(ceiling)}: the most two processes gained on this machine")
    worst_case = work / "unique.jsonl"
    data.write(worst_case, n // 10, bad_every=1000, unique=1.0)
    wall = statistics.median(run(warrantwise() + ["batch", str(worst_case), "-o", os.devnull], env)[0] for _ in range(runs))
    report.row("batch, every NCIC text unique (worst case)", f"{n // 10 / wall:,.0f} /s", "", None, f"{wall:.1f} s for {n // 10:,}")


def split_in_two(path: Path) -> list[Path]:
    """The first half of the lines of `path` and the rest, as two files beside it."""
    lines = path.read_bytes().splitlines(keepends=True)
    halves = [path.with_suffix(".1.jsonl"), path.with_suffix(".2.jsonl")]
    halves[0].write_bytes(b"".join(lines[:len(lines) // 2]))
    halves[1].write_bytes(b"".join(lines[len(lines) // 2:]))
    return halves


def side_by_side(cmds: list[list[str]], env: dict) -> float:
    """Wall seconds from starting `cmds` at once until the last of them ends."""
    start = time.perf_counter()
    procs = [subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for cmd in cmds]
    if any(proc.wait() for proc in procs):
        raise SystemExit(f"{' '.join(cmds[0][:3])}... failed")
    return time.perf_counter() - start


def paired(ours: list[float], theirs: list[float]) -> list[float]:
    """Our wall time over the baseline's, round by round."""
    return [a / b for a, b in zip(ours, theirs)]


def spread(ratios: list[float]) -> str:
    return f"{min(ratios):.2f}-{max(ratios):.2f} x"


def times(ratio: float, limit: float) -> str:
    """A ratio to two places, or three where two would round it onto its limit (2.004 is not 2.00)."""
    shown = f"{ratio:.2f}"
    return f"{shown} x" if ratio == limit or float(shown) != limit else f"{ratio:.3f} x"


def ncic(report: Report, runs: int) -> None:
    import random

    from rules.ncic import read_ncic

    def timed(*texts: str) -> list[list[float]]:
        """CPU seconds of `runs` readings of each text, the texts read by turns so that the
        machine's drift over the runs reaches each of them alike."""
        times: list[list[float]] = [[] for _ in texts]
        for _ in range(runs):
            for text, each in zip(texts, times):
                start = time.process_time()
                read_ncic(text)
                each.append(time.process_time() - start)
        return times

    rng = random.Random(7)
    hits = "\n".join(data.ncic_text(rng) for _ in range(20_000))[:MIB]
    seconds = statistics.median(timed(hits)[0])
    report.row(f"NCIC reader: 1 MB of hit text ({runs})", f"{seconds:.3f} s", "< 1.00 s", seconds < 1.0, "(CPU time)")
    worst, name, growth, grower = 0.0, "", 0.0, ""
    for case, text in adversarial().items():
        big, quarter = map(min, timed(text[:MIB], text[:MIB // 4]))
        if big < 0.02:  # read in a blink (all spaces is no text at all): a ratio of two blinks is noise
            continue
        if big / quarter > growth:
            growth, grower = big / quarter, case
        if big > worst:
            worst, name = big, case
    report.row("NCIC reader: adversarial input x4, time x", f"{growth:.1f} x", "linear: < 8 x", growth < 8,
               f"({grower!r}, fastest of {runs}; linear is 4 x, quadratic 16 x)")
    report.row("NCIC reader: slowest adversarial 1 MB", f"{worst:.3f} s", "", None, f"({name!r}, CPU time)")


def adversarial() -> dict[str, str]:
    """Inputs built to make a reader backtrack or do the most work per character."""
    def rep(piece: str) -> str:
        return piece * (MIB // len(piece) + 1)

    return {
        "negations": rep("not "), "negation, far judge": rep("not the ") + "judge", "comparisons": rep("confused "),
        "offence words": rep("off-"), "field codes": rep("OFF/"), "one word": rep("immigration "),
        "phrase starts": rep("warrant of "), "statutes": rep("8 u.s.c. "), "form numbers": rep("i-"),
        "spaces": " " * MIB, "one long word": "writ of " + "a" * MIB, "unicode dashes": rep("\u2014\u00a0ICE "),
        "mixed": rep("not the judge or court nor criminal ICE detainer OFF/8004 "),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 encounters and fewer runs")
    parser.add_argument("-n", type=int, help="encounters for the batch figures")
    args = parser.parse_args()
    n = args.n or (100_000 if args.quick else 1_000_000)
    starts, runs = (7, 1) if args.quick else (21, 5)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARRANTWISE_")}
    env.update({"COLUMNS": "100", "PYTHONPATH": str(ROOT)})
    print(f"warrantwise benchmarks: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {'quick' if args.quick else 'full'}")
    # An installed package has its bytecode compiled at install time; a checkout under
    # PYTHONDONTWRITEBYTECODE would compile every module on every start instead.
    import compileall

    for package in ("cli", "rules"):
        compileall.compile_dir(ROOT / package, quiet=1)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="ww-bench-") as tmp:
        work = Path(tmp)
        env["WARRANTWISE_HOME"] = str(work / "home")
        startup(report, starts, env, work)
        wizard(report, max(3, starts // 3), env, work)
        ncic(report, 3)
        batch(report, n, runs, env, work)
    if report.failed:
        print(f"\nNot met: {', '.join(report.failed)}")


if __name__ == "__main__":
    main()
