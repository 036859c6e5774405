"""`make bench`: runs every benchmark module here that defines `run() -> dict`.

Prints each as tables and writes all figures to benchmarks/results.json; then, from those
figures (nothing measured again), issue 11's table of floors for both engines (`summary.py`),
printed and stored under "summary". `python -m benchmarks summary` gives that table alone.
"""

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.summary import summarise, table

RESULTS = Path(__file__).with_name("results.json")


def _print(name: str, value: Any, indent: str = "") -> None:
    """Nested dicts as indented sections; lists of dicts (curves) as aligned tables."""
    if isinstance(value, dict):
        print(f"{indent}{name}:")
        for key, item in value.items():
            _print(str(key), item, indent + "  ")
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        columns = list(value[0])
        print(f"{indent}{name}:")
        print(indent + "  " + "  ".join(f"{c:>16}" for c in columns))
        for row in value:
            print(indent + "  " + "  ".join(f"{row.get(c, '')!s:>16}" for c in columns))
    else:
        print(f"{indent}{name}: {value}")


def main() -> int:
    wanted = set(sys.argv[1:])
    # Named modules replace their own figures only; the others' stay as they were.
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if wanted and RESULTS.exists() else {}
    for module_info in sorted(
        pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name
    ):
        if module_info.name.startswith("_") or (wanted and module_info.name not in wanted):
            continue
        module = importlib.import_module(f"benchmarks.{module_info.name}")
        if not callable(getattr(module, "run", None)):
            continue
        started = time.perf_counter()
        results[module_info.name] = module.run()
        results[module_info.name]["bench_seconds"] = round(time.perf_counter() - started, 1)
        _print(f"== {module_info.name}", results[module_info.name])
    results.pop("summary", None)
    results["summary"] = summarise(results)
    print("== summary: the floors of issue 11, both engines (from the figures above)")
    print(table(results["summary"]))
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
