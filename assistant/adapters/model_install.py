"""Installing the small English Vosk model: official site first, then Maven Central.

vosk's own downloader, `vosk.Model(lang="en-us")`, does not serve here: it asks alphacephei.com
for a model list (no other source when that site is out of reach), writes into ~/.cache/vosk
rather than `models/`, fetches with `urlretrieve` (no timeout: a stalled link hangs) and unzips in
place, so a failure leaves a half model that its next call takes as installed; on an unknown
language it calls `sys.exit`. Here an archive is fetched into a scratch directory beside the
target, checked (expected files, size) and only then renamed into place: all or nothing.
"""

import http.client
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from assistant.errors import UserFacingError

TIMEOUT_S = 15.0
"""Per socket operation: a refused or unresolved host fails at once, a stalled one in 15 s."""
MAVEN_TIMEOUT_S = 900.0


@dataclass(frozen=True)
class ModelSource:
    """Where one model can be fetched from, and what a whole copy of it holds."""

    name: str
    """The directory it gets under `models/`."""
    url: str
    url_root: str
    """The folder inside the official zip that holds the model."""
    maven_artifact: str
    """group:artifact:version:type on Maven Central (Alpha Cephei's Android model package);
    empty for none."""
    maven_root: str
    """The folder inside the AAR that holds the model."""
    required_files: tuple[str, ...]
    min_bytes: int
    """A whole unpacked copy is at least this big: a truncated file fails here."""


SMALL_EN_US = ModelSource(
    name="vosk-model-small-en-us-0.15",
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    url_root="vosk-model-small-en-us-0.15",
    # Its README is that of vosk-model-small-en-us-0.15 ("Accuracy: 10.38 (tedlium test) 9.85
    # (librispeech test-clean)"); 0.3.46, 0.3.47 and 0.3.70 are not served by Maven Central.
    maven_artifact="com.alphacephei:vosk-model-en:0.3.45:aar",
    maven_root="assets/model-en-us",
    required_files=(
        "am/final.mdl",
        "conf/mfcc.conf",
        "conf/model.conf",
        "graph/Gr.fst",
        "graph/HCLr.fst",
        "graph/disambig_tid.int",
        "graph/phones/word_boundary.int",
        "ivector/final.dubm",
        "ivector/final.ie",
        "ivector/final.mat",
        "ivector/global_cmvn.stats",
        "ivector/online_cmvn.conf",
        "ivector/splice.conf",
    ),
    min_bytes=70_000_000,
)


def fetch_url(url: str, into: Path) -> None:
    """The archive at `url`, with a progress bar; a short body is an error, not a model."""
    with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response, into.open("wb") as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        received = 0
        with tqdm(total=total, unit="B", unit_scale=True, desc="model", leave=False) as bar:
            while chunk := response.read(1 << 16):
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if total is not None and received != total:
        raise UserFacingError(f"the download was cut short ({received} of {total} bytes)")


def fetch_maven(artifact: str, into: Path, settings_xml: Path | None = None) -> None:
    """The artifact through Maven's own client (checksums strict, cached failures retried)."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise UserFacingError("Maven's client (mvn) is not installed")
    folder = into.parent / "maven"
    command = [mvn, "-B", "-U", "-C", "dependency:copy", f"-Dartifact={artifact}"]
    command += [f"-DoutputDirectory={folder}", "-Dmdep.stripVersion=false"]
    command += ["-s", str(settings_xml)] if settings_xml is not None else []
    print(f"fetching {artifact} from Maven Central", flush=True)
    try:
        done = subprocess.run(
            command, cwd=into.parent, capture_output=True, text=True, timeout=MAVEN_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as error:
        raise UserFacingError(f"Maven took over {MAVEN_TIMEOUT_S:.0f} s") from error
    for line in done.stdout.splitlines():
        if line.startswith("Downloaded from") and artifact.split(":")[1] in line:
            print(line, flush=True)
    fetched = list(folder.glob("*")) if folder.is_dir() else []
    if done.returncode != 0 or len(fetched) != 1:
        errors = [line for line in done.stdout.splitlines() if line.startswith("[ERROR]")]
        reason = errors[0].removeprefix("[ERROR] ")[:200] if errors else f"exit {done.returncode}"
        raise UserFacingError(f"Maven could not fetch {artifact}: {reason}")
    fetched[0].rename(into)


def unpack(archive: Path, root: str, into: Path, source: ModelSource) -> None:
    """The model folder `root` of the zip (or AAR) as `into`, checked before it is used."""
    prefix = root.strip("/") + "/"
    try:
        with zipfile.ZipFile(archive) as zipped:
            if zipped.testzip() is not None:
                raise zipfile.BadZipFile("a member fails its checksum")
            members = [m for m in zipped.infolist() if m.filename.startswith(prefix)]
            for member in members:
                relative = member.filename[len(prefix) :]
                target = (into / relative).resolve()
                if not relative or not target.is_relative_to(into.resolve()):
                    continue
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, EOFError) as error:
        raise UserFacingError(f"the downloaded archive is not a valid zip: {error}") from error
    missing = [f for f in source.required_files if not (into / f).is_file()]
    if missing:
        raise UserFacingError(f"the archive is not a whole model: {', '.join(missing)} missing")
    size = sum(p.stat().st_size for p in into.rglob("*") if p.is_file())
    if size < source.min_bytes:
        raise UserFacingError(f"the model is too small ({size} bytes, expected {source.min_bytes})")


def install(
    models_dir: Path,
    source: ModelSource = SMALL_EN_US,
    maven_settings: Path | None = None,
) -> Path:
    """The model under `models_dir/<name>`: from the official site, else from Maven Central.

    Everything happens in a scratch directory beside the target and ends in one rename, so an
    interrupted or failed install leaves nothing that looks like a model.
    """
    target = models_dir / source.name
    if target.exists():
        raise UserFacingError(f"{target} already exists; remove it first to download again")
    models_dir.mkdir(parents=True, exist_ok=True)
    failures = []

    def maven(artifact: str, into: Path) -> None:
        fetch_maven(artifact, into, maven_settings)

    ways: list[tuple[Callable[[str, Path], None], str, str]] = [
        (fetch_url, source.url, source.url_root)
    ]
    if source.maven_artifact:
        ways.append((maven, source.maven_artifact, source.maven_root))
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as scratch:
        for fetch, where, root in ways:
            archive, unpacked = Path(scratch) / "archive.zip", Path(scratch) / source.name
            shutil.rmtree(unpacked, ignore_errors=True)
            try:
                fetch(where, archive)
                unpack(archive, root, unpacked, source)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                failures.append(f"{where}: {getattr(error, 'reason', error)}")
                continue
            except UserFacingError as error:
                failures.append(f"{where}: {error}")
                continue
            finally:
                archive.unlink(missing_ok=True)
            os.rename(unpacked, target)
            return target
    raise UserFacingError(
        f"no Vosk model installed ({'; '.join(failures)}); download {source.url} by hand and "
        f"unzip it into {models_dir}/ (or pass --model DIR); until then PocketSphinx is used"
    )
