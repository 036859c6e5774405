"""benchmarks/rejection.png: both engines' rejection curves in one picture (`make bench`)."""

from collections.abc import Mapping, Sequence
from pathlib import Path

PICTURE = Path(__file__).with_name("rejection.png")
Row = Mapping[str, object]


def _pct(row: Row, key: str) -> float:
    value = row[key]
    assert isinstance(value, float | int)
    return 100.0 * float(value)


def _worst_recall(row: Row) -> float:
    """Curves hold recall per word in the row; shipped figures hold it under "recall"."""
    recall = row.get("recall", row)
    assert isinstance(recall, Mapping)
    return min(_pct(recall, w) for w in ("yes", "no", "stop"))


def draw(curves: Mapping[str, Sequence[Row]], shipped: Mapping[str, Row], path: Path) -> Path:
    """Left: the worst recall of yes/no/stop against false acceptance, one line per engine and
    grammar as its threshold moves; the shipped points starred. Right: go heard as no."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    for name, rows in curves.items():
        fa = [_pct(r, "false_acceptance") for r in rows]
        left.plot(fa, [_worst_recall(r) for r in rows], marker="o", label=name)
        swept = [r for r in rows if "threshold" in r]
        if swept:
            thresholds = [float(str(r["threshold"])) for r in swept]
            right.plot(thresholds, [_pct(r, "go_as_no") for r in swept], marker="o", label=name)
    for name, row in shipped.items():
        left.plot(
            _pct(row, "false_acceptance"), _worst_recall(row), "*", markersize=16,
            label=f"{name} (shipped)",
        )  # fmt: skip
    left.axvline(2.0, color="grey", linestyle="--", linewidth=1)
    left.axhline(95.0, color="grey", linestyle="--", linewidth=1)
    left.set_xlabel("false acceptance of other words and noise (%)")
    left.set_ylabel("recall of the worst of yes / no / stop (%)")
    left.set_title("Held-out speakers: recall against false acceptance")
    left.legend(fontsize=8)
    right.axhline(1.0, color="grey", linestyle="--", linewidth=1)
    right.set_xlabel("Vosk's threshold: the lowest word confidence")
    right.set_ylabel('"go" heard as "no" (%)')
    right.set_title('"go" heard as "no" as the threshold moves')
    right.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path
