"""The "any machine" matrix: the stored notebook outputs must come out as the same text under every
OpenBLAS kernel this CPU can run, with 1 and 2 BLAS threads, and on the oldest and newest supported
Python and NumPy.

    .venv/bin/python scripts/test_matrix.py          # the whole matrix (about 35 minutes on 2 cores)
    .venv/bin/python scripts/test_matrix.py --ci     # the part CI runs after the README's test command
    .venv/bin/python scripts/test_matrix.py --list   # the configurations, without running them
    .venv/bin/python scripts/test_matrix.py --only noise   # only the configurations whose name has "noise"

Kernels: OpenBLAS picks its matrix-product kernel from the CPU; OPENBLAS_CORETYPE forces one. Only
kernels whose instructions the CPU has (read from /proc/cpuinfo) are forced: forcing one it lacks
crashes. threadpoolctl confirms which kernel each run really used. A kernel this CPU cannot run
(SkylakeX without AVX-512) has a stand-in: scripts/last_bit_noise/ moves every parameter one unit
in the last place after every optimizer step, up or down as a hash of its bits decides (as
deterministic as a kernel), so a printed result that hangs on the last bits changes there too. It
is weaker than a real kernel change: on notebook 03 as it was before the any-machine work it failed
only the cell counting the loss rises of tanh's late zigzag (with every salt), not the three cells
whose final accuracy SkylakeX flipped. Kernel and
noise configurations run nbval over notebooks/; version configurations build a venv under .matrix/ (reused while its pins are
unchanged) and run the whole suite: "oldest" is Python 3.10 with every package at the lowest
version requirements.txt allows, "newest" is Python 3.13 with the newest of everything.

Prints one line per configuration (configuration, passed, failed, seconds) and exits 1 if any
configuration failed; a missing interpreter is reported on its line and does not fail the run.
Each run's full output goes to test-artifacts/matrix/.
"""
import argparse
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOGS = ROOT / "test-artifacts" / "matrix"
# The x86-64 kernels a CPU may pick, oldest first, and the CPU flags each one needs.
KERNELS = {"Prescott": {"pni"}, "SandyBridge": {"avx"}, "Haswell": {"avx2", "fma"}, "Zen": {"avx2", "fma"},
           "SkylakeX": {"avx512f", "avx512dq", "avx512bw", "avx512vl"}}
VERSIONS = {"oldest": "3.10", "newest": "3.13"}
NOISE_SEEDS = {"full": [1, 2, 3], "ci": [1]}     # salts of the hash
NOISE_PATH = ROOT / "scripts" / "last_bit_noise"
# How threadpoolctl reports a forced kernel: OpenBLAS names its Prescott kernel "Katmai", and runs
# Haswell's code for Zen.
REPORTED_AS = {"prescott": {"prescott", "katmai"}, "zen": {"zen", "haswell"}}
KERNEL_PROBE = ("import numpy, threadpoolctl; print(' '.join(sorted({i.get('architecture') or '?' for i in "
                "threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas'})) or 'no-OpenBLAS')")


def cpu_flags():
    """The CPU's feature flags (empty where /proc/cpuinfo is missing: no kernel is forced then)."""
    try:
        text = pathlib.Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    line = next((l for l in text.splitlines() if l.startswith("flags")), "")
    return set(line.partition(":")[2].split())


def runnable_kernels():
    if platform.machine() not in ("x86_64", "AMD64"):
        return []
    flags = cpu_flags()
    return [name for name, needs in KERNELS.items() if needs <= flags]


def used_kernel(python, env):
    out = subprocess.run([str(python), "-c", KERNEL_PROBE], env=env, capture_output=True, text=True)
    return out.stdout.strip() or f"probe failed: {out.stderr.strip()[-200:]}"


def find_python(version):
    """A python<version> interpreter: on PATH (a pyenv shim counts only if it runs) or in ~/.pyenv."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(pathlib.Path.home().glob(f".pyenv/versions/{version}.*/bin/python"), reverse=True)
    for c in filter(None, candidates):
        if subprocess.run([str(c), "--version"], capture_output=True).returncode == 0:
            return pathlib.Path(c)
    return None


def pins(which):
    """requirements.txt's lines: 'oldest' turns every 'name>=X' into 'name==X'; 'newest' keeps the ranges."""
    lines = [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    lines = [l for l in lines if l]
    return [re.sub(r">=", "==", l) if which == "oldest" else l for l in lines]


def venv_for(which):
    """Build (or reuse) .matrix/<which>/ and return its python, or (None, reason)."""
    version = VERSIONS[which]
    base = find_python(version)
    if base is None:
        return None, f"no Python {version} interpreter found (PATH, ~/.pyenv)"
    folder = ROOT / ".matrix" / which
    stamp, wanted = folder / "pins.txt", "\n".join(pins(which) + [str(base)])
    python = folder / "bin" / "python"
    if not (python.exists() and stamp.exists() and stamp.read_text() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([str(base), "-m", "venv", str(folder)], check=True)
        args = [str(python), "-m", "pip", "install", "-q"] + (["-U"] if which == "newest" else [])
        requirements = [word for line in pins(which) for word in line.split()]     # "-e ." is two words
        done = subprocess.run(args + requirements, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"FAILED: pip install: {done.stderr.strip().splitlines()[-1:]}"
        stamp.write_text(wanted)
    return python, ""


def run(name, python, env_changes, paths):
    """Run pytest on paths with env_changes; return (passed, failed, seconds, note)."""
    env = dict(os.environ, **env_changes)
    kernel = used_kernel(python, env)
    forced = env_changes.get("OPENBLAS_CORETYPE")
    if forced and kernel.lower() not in REPORTED_AS.get(forced.lower(), {forced.lower()}):
        return 0, 1, 0.0, f"asked for {forced}, OpenBLAS ran {kernel}: not run"
    start = time.perf_counter()
    done = subprocess.run([str(python), "-m", "pytest", "-q", *paths], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / (re.sub(r"\W+", "_", name).strip("_") + ".log")
    log.write_text(done.stdout + done.stderr)
    tail = "\n".join(done.stdout.splitlines()[-3:])
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|errors?)\b", tail)}
    failed = counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
    note = f"kernel {kernel}"
    if done.returncode != 0 and failed == 0:
        failed, note = 1, f"{note}; pytest exited {done.returncode} (see {log.relative_to(ROOT)})"
    for line in done.stdout.splitlines():
        if line.startswith(("FAILED", "ERROR")):
            note += "\n        " + re.sub(r"\x1b\[[0-9;]*m", "", line)[:160]
    return counts.get("passed", 0), failed, seconds, note


def configurations(ci):
    """(name, how) pairs: how is ("kernel", coretype or None, threads) or ("version", which)."""
    kernels, default = runnable_kernels(), used_kernel(sys.executable, dict(os.environ))
    # kernels whose code differs from the default's (forcing Zen on a Haswell-picking CPU runs the same code)
    others = [k for k in kernels if used_kernel(sys.executable, dict(os.environ, OPENBLAS_CORETYPE=k)) != default]
    if ci:   # the README's command already ran the default kernel with 1 thread
        configs = [(k, 1 + i % 2) for i, k in enumerate(others[:3])]
        if not configs:
            configs = [(None, 2)]
    else:
        configs = [(k, t) for k in kernels for t in (1, 2)] or [(None, 1), (None, 2)]
    rows = [(f"kernel {k or default}, {t} BLAS thread{'s' * (t > 1)}, notebooks", ("kernel", k, t))
            for k, t in configs]
    if not ci or "SkylakeX" not in kernels:
        rows += [(f"last-bit noise, salt {s} (stands in for other kernels), notebooks", ("noise", s))
                 for s in NOISE_SEEDS["ci" if ci else "full"]]
    rows.append((f"Python {VERSIONS['oldest']}, lowest versions, whole suite", ("version", "oldest")))
    if not ci:
        rows.append((f"Python {VERSIONS['newest']}, newest versions, whole suite", ("version", "newest")))
    return rows, kernels, default


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ci", action="store_true", help="the part CI runs: the kernels whose code differs from the default's, one noise seed, the oldest versions")
    parser.add_argument("--list", action="store_true", help="print the configurations and stop")
    parser.add_argument("--only", help="run only the configurations whose name contains this text")
    args = parser.parse_args()
    rows, kernels, default = configurations(args.ci)
    rows = [row for row in rows if args.only is None or args.only in row[0]]
    print(f"CPU kernels runnable here: {', '.join(kernels) or 'none forced (not x86-64)'}; OpenBLAS picks {default}")
    if args.list:
        print("\n".join(name for name, _ in rows))
        return 0
    bad = 0
    print(f"{'configuration':58s} {'passed':>6s} {'failed':>6s} {'seconds':>8s}")
    for name, how in rows:
        if how[0] == "kernel":
            _, coretype, threads = how
            env = {"OPENBLAS_NUM_THREADS": str(threads)} | ({"OPENBLAS_CORETYPE": coretype} if coretype else {})
            result = run(name, pathlib.Path(sys.executable), env, ["notebooks"])
        elif how[0] == "noise":
            path = os.pathsep.join(filter(None, [str(NOISE_PATH), os.environ.get("PYTHONPATH")]))
            env = {"NNLIB_LAST_BIT_NOISE": str(how[1]), "PYTHONPATH": path}
            result = run(name, pathlib.Path(sys.executable), env, ["notebooks"])
        else:
            python, reason = venv_for(how[1])
            if python is None:                  # a missing interpreter is reported; a failed install fails
                print(f"{name:58s} {'-':>6s} {'-':>6s} {'-':>8s}  not run: {reason}")
                bad += reason.startswith("FAILED")
                continue
            result = run(name, python, {}, [])
        passed, failed, seconds, note = result
        bad += failed > 0 or passed == 0
        print(f"{name:58s} {passed:6d} {failed:6d} {seconds:8.0f}  {note}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
