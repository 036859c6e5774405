"""Model management: finding, checking, and downloading from a local server (never the internet)."""

import argparse
import io
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.adapters import models
from assistant.adapters.factory import make_recognizer
from assistant.cli import main
from assistant.commands.models import main as main_models
from assistant.config import Settings
from assistant.errors import UserFacingError

MODEL_FILES = ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst")


def make_model(folder: Path, skip: str = "") -> Path:
    for name in MODEL_FILES:
        if name != skip:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"model data")
    return folder


def model_zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in MODEL_FILES:
            archive.writestr(f"{name}/{file}", b"model data")
    return buffer.getvalue()


ROUTES: dict[str, tuple[bytes, int]] = {
    "/good.zip": (model_zip("vosk-model-test"), 0),
    "/cut-short.zip": (model_zip("vosk-model-test")[:200], 5000),
    "/corrupt.zip": (b"this is not a zip archive at all" * 10, 0),
}


class Handler(BaseHTTPRequestHandler):
    """Serves ROUTES; a non-zero second field claims a longer body than is sent, then hangs up."""

    def do_GET(self) -> None:
        if self.path not in ROUTES:
            self.send_error(404)
            return
        body, claimed = ROUTES[self.path]
        self.send_response(200)
        self.send_header("Content-Length", str(claimed or len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def leftovers(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir())


def test_download_installs_the_model(server: str, tmp_path: Path) -> None:
    installed = models.download(tmp_path, f"{server}/good.zip")
    assert installed == tmp_path / "vosk-model-test"
    assert models.inspect_model(installed).problem is None
    assert leftovers(tmp_path) == ["vosk-model-test"]


def test_an_interrupted_download_leaves_nothing_behind(server: str, tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="by hand"):
        models.download(tmp_path, f"{server}/cut-short.zip")
    assert leftovers(tmp_path) == []


def test_a_corrupt_archive_is_refused(server: str, tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="not a valid zip"):
        models.download(tmp_path, f"{server}/corrupt.zip")
    assert leftovers(tmp_path) == []


def test_offline_says_where_to_put_a_model_by_hand(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError) as raised:
        models.download(tmp_path / "models", "http://127.0.0.1:9/vosk-model.zip")
    message = str(raised.value)
    assert "by hand" in message and str(tmp_path / "models") in message and "\n" not in message


def test_download_command_prints_where_it_installed(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(models_command="download", url=f"{server}/good.zip")
    assert main_models(args, Settings(models_dir=tmp_path)) == 0
    assert capsys.readouterr().out == f"installed {tmp_path / 'vosk-model-test'}\n"


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
