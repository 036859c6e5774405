"""Model management: finding and checking installed models (installing: test_model_install.py)."""

from pathlib import Path

import pytest

from assistant.adapters import models
from assistant.adapters.factory import make_recognizer
from assistant.cli import main
from assistant.config import Settings
from assistant.errors import UserFacingError

MODEL_FILES = ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst")


def make_model(folder: Path, skip: str = "") -> Path:
    for name in MODEL_FILES:
        if name != skip:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"model data")
    return folder


@pytest.mark.parametrize("missing", MODEL_FILES[:3])
def test_an_incomplete_model_names_what_is_missing(tmp_path: Path, missing: str) -> None:
    problem = models.inspect_model(make_model(tmp_path / "m", skip=missing)).problem
    assert problem is not None and missing.split("/")[0] in problem


def test_the_first_whole_model_under_models_is_found(tmp_path: Path) -> None:
    make_model(tmp_path / "a-broken", skip="am/final.mdl")
    whole = make_model(tmp_path / "b-whole")
    assert models.find_model(Settings(models_dir=tmp_path), {}) == whole


def test_model_flag_beats_environment_beats_models_dir(tmp_path: Path) -> None:
    make_model(tmp_path / "in-dir")
    env = {models.MODEL_ENV: str(tmp_path / "from-env")}
    assert models.find_model(Settings(models_dir=tmp_path), env) == tmp_path / "from-env"
    flagged = Settings(models_dir=tmp_path, model_path=tmp_path / "flag")
    assert models.find_model(flagged, env) == tmp_path / "flag"


def test_a_broken_model_is_one_clear_line(tmp_path: Path) -> None:
    broken = make_model(tmp_path / "broken", skip="conf/model.conf")
    with pytest.raises(UserFacingError, match=r"conf/model\.conf is missing"):
        make_recognizer(Settings(engine="vosk", model_path=broken))


def test_vosk_without_any_model_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(models.MODEL_ENV, raising=False)
    with pytest.raises(UserFacingError, match="models download"):
        make_recognizer(Settings(engine="vosk", models_dir=tmp_path))


def test_models_list_shows_installed_models_and_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(models.MODEL_ENV, raising=False)
    model = make_model(tmp_path / "vosk-model-small")
    assert main(["models", "list", "--model", str(model)]) == 0
    assert f"engine: vosk, model {model}" in capsys.readouterr().out


def test_a_model_that_will_not_load_says_so_at_the_first_listen(tmp_path: Path) -> None:
    """The model loads while the first prompt plays: a broken one fails at the first listen,
    in one line, not with a traceback from a thread."""
    from assistant.adapters.vosk import VoskLoadingInBackground

    recognizer = VoskLoadingInBackground(make_model(tmp_path / "garbled"))
    with pytest.raises(UserFacingError, match="could not load the model"):
        recognizer.set_expected(["yes"])
