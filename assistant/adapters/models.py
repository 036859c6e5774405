"""Vosk models on disk: where they are and whether they are whole (`model_install` fetches)."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.errors import UserFacingError

MODEL_ENV = "ASSISTANT_VOSK_MODEL"


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    problem: str | None
    """Why the directory is not a usable model, or None."""
    grammar: bool
    """True if the model can switch grammars per listen (small models; big ones cannot)."""


def inspect_model(path: Path) -> ModelInfo:
    """Checks the files Vosk needs, so a broken model fails with a reason, not a crash."""
    graph = path / "graph"
    grammar = (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
    if not path.is_dir():
        problem: str | None = f"{path} is not a directory"
    elif not (path / "am" / "final.mdl").is_file():
        problem = f"{path} is not a complete Vosk model: am/final.mdl is missing"
    elif not (path / "conf" / "model.conf").is_file():
        problem = f"{path} is not a complete Vosk model: conf/model.conf is missing"
    elif not grammar and not (graph / "HCLG.fst").is_file():
        problem = f"{path} is not a complete Vosk model: no decoding graph in graph/"
    else:
        problem = None
    return ModelInfo(path, problem, grammar)


def installed_models(models_dir: Path) -> list[ModelInfo]:
    if not models_dir.is_dir():
        return []
    return [
        inspect_model(p)
        for p in sorted(models_dir.iterdir())
        if p.is_dir() and not p.name.startswith(".")
    ]


def find_model(settings: Settings, environ: Mapping[str, str]) -> Path | None:
    """`--model`, else `ASSISTANT_VOSK_MODEL`, else the first whole model under `models/`."""
    if settings.model_path is not None:
        return settings.model_path
    if environ.get(MODEL_ENV):
        return Path(environ[MODEL_ENV])
    return next((m.path for m in installed_models(settings.models_dir) if m.problem is None), None)


def require_model(path: Path) -> Path:
    problem = inspect_model(path).problem
    if problem is not None:
        raise UserFacingError(problem)
    return path
