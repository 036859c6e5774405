"""The house rules that keep the core pure and the modules small."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"
IO_MODULES = {
    "os", "sys", "io", "time", "datetime", "threading", "asyncio", "subprocess", "socket",
    "select", "signal", "random", "pathlib", "shutil", "tempfile", "logging", "wave",
    "sounddevice", "pyttsx3", "vosk", "pocketsphinx", "numpy", "soxr", "tomllib",
}  # fmt: skip


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_core_imports_no_io_and_nothing_above_it() -> None:
    for path in sorted((PACKAGE / "core").glob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top not in IO_MODULES, f"{path.name} imports {module}"
            if top == "assistant":
                assert module.startswith("assistant.core"), f"{path.name} imports {module}"


def test_modules_stay_short() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text().splitlines())
        assert lines <= 300, f"{path.relative_to(PACKAGE)} has {lines} lines"


def test_core_modules_stay_within_the_designs_250_lines() -> None:
    for path in sorted((PACKAGE / "core").glob("*.py")):
        lines = len(path.read_text().splitlines())
        assert lines <= 250, f"core/{path.name} has {lines} lines"
