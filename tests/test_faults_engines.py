"""Faults in the engines, injected at their boundary while the real ones run: the recogniser
raising mid-utterance, the synthesiser failing on one line, a model directory full of junk."""

import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from assistant.adapters.pulse import write_wav
from assistant.adapters.recognizer_guard import GuardedRecognizer
from assistant.adapters.wav import read_wav
from assistant.errors import EXIT_USAGE
from assistant.ports import UNKNOWN, AudioDeviceLost, Hypothesis

pytestmark = pytest.mark.slow

SPEECH = Path(__file__).resolve().parents[2] / "shared" / "speech" / "commands"
PERSON_SAYING_STOP = SPEECH / "stop" / "022cd682_nohash_0.wav"
PERSON_SAYING_YES = SPEECH / "yes" / "022cd682_nohash_0.wav"
BLOCK = 3200


class FailsOnCall:
    """The real PocketSphinx, whose `accept` raises on the listed calls (a decoder error)."""

    def __init__(self, failing_calls: set[int]) -> None:
        self.engine = PocketSphinxRecognizer()
        self.sample_rate_hz = self.engine.sample_rate_hz
        self.name = self.engine.name
        self.failing_calls = failing_calls
        self.calls = 0

    def set_expected(self, phrases: list[str] | tuple[str, ...], eager: bool = False) -> None:
        self.engine.set_expected(phrases, eager)

    def accept(self, pcm: bytes) -> Hypothesis | None:
        self.calls += 1
        if self.calls in self.failing_calls:
            raise RuntimeError("ps_process_raw failed")
        return self.engine.accept(pcm)

    def finish(self) -> Hypothesis | None:
        return self.engine.finish()


def finals(recognizer: GuardedRecognizer, pcm: bytes) -> list[str]:
    heard = [recognizer.accept(pcm[i : i + BLOCK]) for i in range(0, len(pcm), BLOCK)]
    heard.append(recognizer.finish())
    return [h.word for h in heard if h is not None and h.final]


def test_a_recogniser_raising_mid_utterance_loses_that_utterance_and_hears_the_next(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The user said "yes" as the decoder failed: the rest of it is a fresh utterance, heard
    as "yes" or not at all (then asked again); their "stop" right after is heard as ever."""
    engine = FailsOnCall({7})
    recognizer = GuardedRecognizer(engine)
    recognizer.set_expected(["yes", "no", "stop"])
    yes = bytes(8000) + read_wav(PERSON_SAYING_YES) + bytes(16000)
    stop = bytes(8000) + read_wav(PERSON_SAYING_STOP) + bytes(16000)
    with caplog.at_level(logging.WARNING):
        assert set(finals(recognizer, yes)) <= {"yes", UNKNOWN}
    assert "the speech recogniser failed (ps_process_raw failed)" in caplog.text
    assert finals(recognizer, stop) == ["stop"]
    assert recognizer.failures == 1


def test_a_recogniser_that_keeps_failing_ends_the_session_like_a_lost_device() -> None:
    t = [0.0]
    recognizer = GuardedRecognizer(FailsOnCall({1, 2, 3}), clock=lambda: t[0])
    recognizer.set_expected(["yes", "no"])
    assert recognizer.accept(bytes(BLOCK)) is None
    t[0] = 1.0
    assert recognizer.accept(bytes(BLOCK)) is None
    t[0] = 2.0
    with pytest.raises(AudioDeviceLost, match="keeps failing"):
        recognizer.accept(bytes(BLOCK))


def test_failures_far_apart_are_each_survived() -> None:
    t = [0.0]
    recognizer = GuardedRecognizer(FailsOnCall({1, 3, 5, 7}), clock=lambda: t[0])
    recognizer.set_expected(["yes", "no"])
    for call in range(8):
        t[0] = call * 6.0
        recognizer.accept(bytes(BLOCK))
    assert recognizer.failures == 4


def junk_model(folder: Path, junk: bytes) -> Path:
    """A directory laid out like a Vosk model, its files junk (a corrupt or partial copy)."""
    model = folder / "vosk-model-junk"
    for name in ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst"):
        (model / name).parent.mkdir(parents=True, exist_ok=True)
        (model / name).write_bytes(junk)
    (model / "graph" / "phones.txt").write_bytes(junk[:10])
    return model


@pytest.mark.parametrize("junk", [b"", b"\x00" * 4096, bytes(range(256)) * 64, b"--min-active=x\n"])
def test_a_model_directory_of_junk_is_one_line_and_exit_2(tmp_path: Path, junk: bytes) -> None:
    model = junk_model(tmp_path, junk)
    wav = tmp_path / "silence.wav"
    write_wav(wav, np.zeros(8000, np.int16))
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "listen", "--engine", "vosk", "--model", str(model),
         str(wav)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == EXIT_USAGE, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr and str(model) in done.stderr


def test_a_partial_model_directory_names_what_is_missing(tmp_path: Path) -> None:
    model = junk_model(tmp_path, b"junk")
    (model / "conf" / "model.conf").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--hear", "--engine", "vosk", "--model",
         str(model)], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == EXIT_USAGE
    missing = "is not a complete Vosk model: conf/model.conf is missing"
    assert done.stderr == f"error: {model} {missing}\n"


def test_a_synthesiser_failing_on_one_line_prints_it_and_speaks_the_next(
    caplog: pytest.LogCaptureFixture, virtual_audio: object
) -> None:
    """espeak-ng fails on one line (twice, past the retry): that line is printed, the
    session's next line is spoken."""
    from assistant.adapters.speaker import SoundDeviceSpeaker
    from assistant.adapters.speech_synth import Rendered, SpeechSynth, Voice
    from assistant.config import Settings

    class FailsOnOneLine(SpeechSynth):
        def render(self, text: str, voice: Voice) -> Rendered:
            if text == "Is your blood pressure high?":
                raise RuntimeError("espeak-ng: audio output failed")
            return super().render(text, voice)

    speaker = SoundDeviceSpeaker(Settings(), FailsOnOneLine())
    try:
        with caplog.at_level(logging.WARNING):
            speaker.say("Is your blood pressure high?")
            speaker.say("Do you have a fever?")
        assert "could not speak this line (espeak-ng: audio output failed): Is your blood" in (
            caplog.text
        )
        spoken = [line.text for line in speaker.history()]
        while speaker.is_speaking():
            spoken = [line.text for line in speaker.history()]
        assert spoken == ["Do you have a fever?"]
        assert np.isfinite(speaker.output_delay_s)
    finally:
        speaker.close()
