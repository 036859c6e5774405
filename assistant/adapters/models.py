"""Vosk models on disk: where they are, whether they are whole, and fetching one when asked.

Nothing here downloads unless `download` is called (`massage-assistant models download`).
"""

import http.client
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from assistant.config import Settings
from assistant.errors import UserFacingError

DEFAULT_MODEL_URL = "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
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


def _by_hand(url: str, models_dir: Path) -> str:
    return f"download {url} by hand and unzip it into {models_dir}/ (or pass --model DIR)"


def _fetch(url: str, into: Path) -> None:
    with urllib.request.urlopen(url, timeout=30) as response, into.open("wb") as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        received = 0
        with tqdm(total=total, unit="B", unit_scale=True, desc="model", leave=False) as bar:
            while chunk := response.read(1 << 16):
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
        if total is not None and received != total:
            raise UserFacingError(f"the download was cut short ({received} of {total} bytes)")


def _unpack(archive: Path, into: Path) -> Path:
    """The one model directory the archive holds, extracted under `into`."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            if zipped.testzip() is not None:
                raise zipfile.BadZipFile("a member fails its checksum")
            zipped.extractall(into)
    except zipfile.BadZipFile as error:
        raise UserFacingError(f"the downloaded archive is not a valid zip: {error}") from error
    folders = [p for p in into.iterdir() if p.is_dir()]
    if len(folders) != 1:
        raise UserFacingError("the downloaded archive does not hold exactly one model directory")
    return require_model(folders[0])


def download(models_dir: Path, url: str = DEFAULT_MODEL_URL) -> Path:
    """Fetch, check and unpack into a temporary place, then move: never a half-written model."""
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as scratch:
        archive = Path(scratch) / "model.zip"
        try:
            _fetch(url, archive)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise UserFacingError(
                f"could not fetch the model ({reason}); {_by_hand(url, models_dir)}"
            ) from error
        except UserFacingError as error:
            raise UserFacingError(f"{error}; {_by_hand(url, models_dir)}") from error
        unpacked = _unpack(archive, Path(scratch) / "unpacked")
        target = models_dir / unpacked.name
        if target.exists():
            raise UserFacingError(f"{target} already exists; remove it first to download again")
        shutil.move(str(unpacked), str(target))
    return target
