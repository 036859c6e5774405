"""The last step of `make bench`: issue 11's table of floors, both engines side by side.

Read from the figures the sections wrote (`results.json`), never measured again, so a section
not rerun shows its last figures. Not a section itself (no `run()`): `benchmarks/__main__.py`
calls `summarise` after the sections. A figure a section did not write shows as missing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ENGINES = ("vosk", "pocketsphinx")


@dataclass(frozen=True)
class Figure:
    name: str
    floor: float | None
    """None: reported, no floor."""
    at_most: bool
    """True when the figure must stay at or below its floor (false acceptance, latency)."""
    unit: str
    """"%" for shares (stored as 0..1), else the unit the section stored."""
    paths: Mapping[str, Sequence[str]]
    """Per engine, the keys leading to the figure in results.json."""


def _recognition(engine_key: str, *keys: str) -> tuple[str, ...]:
    return ("recognition", engine_key, *keys)


def _voice(*keys: str) -> dict[str, tuple[str, ...]]:
    """Both engines' figure under the voice bench's `engines` (`benchmarks/voice.py`)."""
    return {engine: ("voice", "engines", engine, *keys) for engine in ENGINES}


_VOSK = "vosk_english"
_PS = "pocketsphinx_english"
_PS_SHIPPED = "garbage_words (shipped)"
FIGURES = (
    *(
        Figure(
            f"recall {word}, held-out speakers",
            0.95,
            False,
            "%",
            {
                "vosk": _recognition(_VOSK, "shipped", "recall", word),
                "pocketsphinx": _recognition(_PS, _PS_SHIPPED, "recall", word),
            },
        )
        for word in ("yes", "no", "stop")
    ),
    Figure(
        "false acceptance",
        0.02,
        True,
        "%",
        {
            "vosk": _recognition(_VOSK, "shipped", "false_acceptance"),
            "pocketsphinx": _recognition(_PS, _PS_SHIPPED, "false_acceptance"),
        },
    ),
    Figure(
        '"go" heard as "no"',
        0.01,
        True,
        "%",
        {
            "vosk": _recognition(_VOSK, "shipped", "go_as_no"),
            "pocketsphinx": _recognition(_PS, _PS_SHIPPED, "go_as_no"),
        },
    ),
    Figure(
        "menu questions understood",
        0.90,
        False,
        "%",
        {
            engine: ("utterances", f"{engine}_understood", "all_voices", "menu_questions")
            for engine in ENGINES
        },
    ),
    Figure(
        "response p50",
        500.0,
        True,
        "ms",
        _voice("response", "median_ms"),
    ),
    Figure(
        "stop while talking p95",
        200.0,
        True,
        "ms",
        _voice("stop_while_talking_partial", "p95_ms"),
    ),
    Figure(
        "start to first prompt",
        2.0,
        True,
        "s",
        _voice("start", "start_to_first_sound_s"),
    ),
    Figure(
        "memory while running (RSS)",
        300.0,
        True,
        "MB",
        _voice("start", "memory_mb_while_running"),
    ),
    Figure(
        "real-time factor",
        None,
        True,
        "",
        {
            "vosk": _recognition(_VOSK, "real_time_factor"),
            "pocketsphinx": _recognition(_PS, "real_time_factor", "garbage"),
        },
    ),
    Figure(
        "model load",
        None,
        True,
        "s",
        {
            "vosk": _recognition(_VOSK, "load_s"),
            "pocketsphinx": _recognition(_PS, "load_s"),
        },
    ),
)


def _lookup(results: Mapping[str, Any], path: Sequence[str]) -> float | None:
    value: Any = results
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _meets(figure: Figure, value: float | None) -> bool | None:
    if value is None or figure.floor is None:
        return None
    return value <= figure.floor if figure.at_most else value >= figure.floor


def summarise(results: Mapping[str, Any]) -> list[dict[str, object]]:
    """One row per figure: its floor, and per engine the value and whether it meets the floor
    (None where there is no floor or no figure)."""
    rows: list[dict[str, object]] = []
    for figure in FIGURES:
        row: dict[str, object] = {"figure": figure.name, "unit": figure.unit,
                                  "floor": figure.floor, "at_most": figure.at_most}  # fmt: skip
        for engine in ENGINES:
            value = _lookup(results, figure.paths[engine])
            row[engine] = value
            row[f"{engine}_meets"] = _meets(figure, value)
            row[f"{engine}_from"] = ".".join(figure.paths[engine])
        rows.append(row)
    return rows


def _shown(value: object, unit: str) -> str:
    if not isinstance(value, float):
        return "missing"
    return f"{value:.1%}" if unit == "%" else f"{value:g} {unit}".strip()


def _mark(meets: object) -> str:
    return "ok" if meets is True else "BELOW" if meets is False else "  "


def table(rows: Sequence[Mapping[str, object]]) -> str:
    """The rows as a plain-text table: floor, then each engine's value with ok / BELOW."""
    lines = [f"{'figure':<30}{'floor':>12}{'Vosk':>18}{'PocketSphinx':>20}"]
    for row in rows:
        unit = str(row["unit"])
        floor = row["floor"]
        bound = "<= " if row["at_most"] else ">= "
        floor_text = bound + _shown(floor, unit) if floor is not None else "-"
        cells = [f"{_shown(row[e], unit)} {_mark(row[f'{e}_meets'])}" for e in ENGINES]
        lines.append(f"{row['figure']!s:<30}{floor_text:>12}{cells[0]:>18}{cells[1]:>20}")
    return "\n".join(lines)
