"""The house rules: each floor imports only the floors below it; the core stays pure; modules
stay short."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"
IO_MODULES = {
    "os", "sys", "io", "time", "datetime", "threading", "asyncio", "subprocess", "socket",
    "select", "signal", "random", "pathlib", "shutil", "tempfile", "logging", "wave",
    "sounddevice", "pyttsx3", "vosk", "pocketsphinx", "numpy", "soxr", "tomllib",
}  # fmt: skip
BASE = ("assistant.core", "assistant.ports", "assistant.config", "assistant.errors")
"""The ground floor every other floor may stand on: the pure core, the interfaces, settings,
and the one error type users see."""
FLOORS: dict[str, tuple[str, ...]] = {
    "core": ("assistant.core",),
    "ports.py": ("assistant.core",),
    "config.py": (),
    "errors.py": (),
    "adapters": (*BASE, "assistant.adapters"),
    "content_schema.py": (*BASE,),
    "content_article.py": (*BASE, "assistant.content_schema"),
    "content_words.py": (*BASE, "assistant.content_schema"),
    "content_files.py": (*BASE, "assistant.content_schema", "assistant.content_article",
                         "assistant.content_words"),
    "voice": (*BASE, "assistant.voice"),
    "chat": (*BASE, "assistant.chat"),
    "commands": (*BASE, "assistant.adapters", "assistant.content_files", "assistant.voice",
                 "assistant.chat", "assistant.commands"),
    "cli.py": ("assistant.config", "assistant.errors", "assistant.commands"),
    "__main__.py": ("assistant.cli",),
    "__init__.py": (),
}  # fmt: skip
"""What the modules under each top-level name of `assistant/` may import of ours (adapters: only
their own siblings, never a floor above; voice and chat: never a concrete adapter, which the
commands open and hand in)."""
MAX_LINES = 250


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_core_imports_no_io_and_nothing_above_it() -> None:
    for path in sorted((PACKAGE / "core").glob("*.py")):
        for module in imported_modules(path):
            assert module.split(".")[0] not in IO_MODULES, f"{path.name} imports {module}"


def test_every_floor_imports_only_the_floors_below_it() -> None:
    for path in modules():
        floor = path.relative_to(PACKAGE).parts[0]
        assert floor in FLOORS, f"{floor} is on no floor: add it to FLOORS"
        allowed = FLOORS[floor]
        for module in imported_modules(path):
            if module.split(".")[0] != "assistant" or module == "assistant":
                continue
            assert any(module == a or module.startswith(a + ".") for a in allowed), (
                f"{path.relative_to(PACKAGE)} imports {module}"
            )


def test_the_voice_and_chat_transports_never_import_a_concrete_adapter() -> None:
    for path in [*(PACKAGE / "voice").rglob("*.py"), *(PACKAGE / "chat").rglob("*.py")]:
        for module in imported_modules(path):
            assert not module.startswith("assistant.adapters"), f"{path.name} imports {module}"


def test_modules_stay_short() -> None:
    for path in modules():
        name = path.relative_to(PACKAGE).as_posix()
        lines = len(path.read_text().splitlines())
        assert lines <= MAX_LINES, f"{name} has {lines} lines"
