"""`make bench`: run every benchmark module of this package that defines `main()`.

    python -m bench [name ...]      # e.g. python -m bench read_api auth

Modules run in name order, each with its own defaults; one failing does not stop the
others, and the exit status says whether all of them succeeded.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"common", "__main__"}


def benchmark_modules() -> list[str]:
    """Names of the modules of `bench` that define `main()`."""
    names = []
    for module in sorted(pkgutil.iter_modules([str(PACKAGE_DIR)]), key=lambda m: m.name):
        if module.name in NOT_BENCHMARKS or module.ispkg:
            continue
        if "def main(" in (PACKAGE_DIR / f"{module.name}.py").read_text(encoding="utf-8"):
            names.append(module.name)
    return names


def main(argv: list[str] | None = None) -> int:
    wanted = sys.argv[1:] if argv is None else argv
    names = [n for n in benchmark_modules() if not wanted or n in wanted]
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        print(f"no benchmark named {', '.join(unknown)}; have {', '.join(benchmark_modules())}")
        return 2

    failed = []
    for name in names:
        print(f"\n=== bench.{name} " + "=" * max(0, 60 - len(name)), flush=True)
        started = time.perf_counter()
        try:
            status = importlib.import_module(f"bench.{name}").main([])
        except Exception:  # noqa: BLE001 - report and carry on with the next benchmark
            traceback.print_exc()
            status = 1
        if isinstance(status, int) and not isinstance(status, bool) and status != 0:
            failed.append(name)
        print(f"=== bench.{name} done in {time.perf_counter() - started:.0f} s", flush=True)

    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
