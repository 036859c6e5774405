"""Hostile audio and engine output: WAV files with wrong headers, no samples, 8-bit, 48 kHz
stereo or hours long; Vosk results that are not what it documents; phrase lists of junk for
both engines. Each gives a correct result or one clear error, never a stack trace."""

import io
import json
import struct
import tracemalloc
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from assistant.adapters.vosk_results import parse_final
from assistant.adapters.wav import iter_wav, read_wav
from assistant.config import SAMPLE_RATE_HZ
from assistant.errors import UserFacingError


def wav_bytes(samples: "np.ndarray", rate_hz: int, width: int) -> bytes:
    encoded = io.BytesIO()
    with wave.open(encoded, "wb") as out:
        out.setnchannels(1 if samples.ndim == 1 else samples.shape[1])
        out.setsampwidth(width)
        out.setframerate(rate_hz)
        out.writeframes(samples.tobytes())
    return encoded.getvalue()


def tone(rate_hz: int, seconds: float, hz: float = 440.0) -> "np.ndarray":
    t = np.arange(int(rate_hz * seconds)) / rate_hz
    return np.sin(2 * np.pi * hz * t)


def dominant_hz(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.argmax(spectrum) * SAMPLE_RATE_HZ / len(samples))


def test_48_khz_stereo_is_heard_as_16_khz_mono_at_the_same_pitch_and_length(
    tmp_path: Path,
) -> None:
    stereo = np.stack([tone(48000, 1.0), tone(48000, 1.0)], axis=1)
    path = tmp_path / "stereo_48k.wav"
    path.write_bytes(wav_bytes((stereo * 16000).astype(np.int16), 48000, 2))
    pcm = read_wav(path)
    assert abs(len(pcm) // 2 - SAMPLE_RATE_HZ) <= 16
    assert abs(dominant_hz(pcm) - 440) < 2
    level = np.abs(np.frombuffer(pcm, np.int16)).max()
    assert 15000 < level < 16500


def test_8_bit_audio_is_centred_and_scaled(tmp_path: Path) -> None:
    path = tmp_path / "eight_bit_8k.wav"
    path.write_bytes(wav_bytes((tone(8000, 0.5) * 100 + 128).astype(np.uint8), 8000, 1))
    samples = np.frombuffer(read_wav(path), np.int16)
    assert len(samples) == SAMPLE_RATE_HZ // 2
    assert abs(int(samples.mean())) < 200 and 24000 < samples.max() < 26000


def test_a_wav_with_no_samples_is_no_audio(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(wav_bytes(np.zeros(0, np.int16), 44100, 2))
    assert read_wav(path) == b""


@pytest.mark.parametrize(
    "content, why",
    [(b"", "not a PCM WAV"), (b"RIFF\x00\x00\x00\x00WAVE", "not a PCM WAV"),
     (b"ID3\x03\x00" + bytes(100), "not a PCM WAV"),
     (b"RIFF\xff\xff\xff\xffWAVEfmt ", "not a PCM")],
)  # fmt: skip
def test_a_file_that_is_not_a_wav_is_one_line(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "junk.wav"
    path.write_bytes(content)
    with pytest.raises(UserFacingError, match=why):
        read_wav(path)


def test_a_folder_given_as_a_wav_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="cannot read it"):
        read_wav(tmp_path)


HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")


@settings(max_examples=300, deadline=None)
@given(
    channels=st.integers(0, 9), rate_hz=st.integers(0, 400_000), width=st.integers(0, 5),
    fmt=st.sampled_from([1, 1, 1, 3, 0xFFFE, 0]), data=st.binary(max_size=600),
    declared=st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_any_header_gives_audio_or_one_error_line(
    tmp_path_factory: pytest.TempPathFactory, channels: int, rate_hz: int, width: int, fmt: int,
    data: bytes, declared: int,
) -> None:  # fmt: skip
    header = HEADER.pack(b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, fmt, channels, rate_hz,
                         rate_hz * channels * width, channels * width, 8 * width, b"data",
                         declared)  # fmt: skip
    path = tmp_path_factory.mktemp("wav") / "fuzzed.wav"
    path.write_bytes(header + data)
    try:
        pcm = read_wav(path)
    except UserFacingError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
    else:
        assert len(pcm) % 2 == 0


@pytest.mark.slow
def test_an_hours_long_wav_is_streamed_in_little_memory(tmp_path: Path) -> None:
    """Two hours at 16 kHz (230 MB, a sparse file of silence): read block by block."""
    frames = 2 * 3600 * SAMPLE_RATE_HZ
    path = tmp_path / "two_hours.wav"
    with path.open("wb") as out:
        out.write(HEADER.pack(b"RIFF", 36 + 2 * frames, b"WAVE", b"fmt ", 16, 1, 1,
                              SAMPLE_RATE_HZ, 2 * SAMPLE_RATE_HZ, 2, 16, b"data", 2 * frames))
        out.truncate(HEADER.size + 2 * frames)  # fmt: skip
    tracemalloc.start()
    try:
        total = sum(len(block) for block in iter_wav(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == 2 * frames
    assert peak < 5_000_000


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
VOSK_LIKE = st.fixed_dictionaries(
    {"text": st.text(max_size=30) | JSON},
    optional={"result": st.lists(st.dictionaries(st.sampled_from(["conf", "word", "start"]), JSON))
              | JSON},
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(result=st.one_of(JSON.map(repr), JSON.map(lambda v: json.dumps(v)),
                        VOSK_LIKE.map(lambda v: json.dumps(v)), st.text()))
def test_any_vosk_result_parses_to_words_and_a_confidence_or_to_nothing(result: str) -> None:
    parsed = parse_final(result)
    if parsed is not None:
        text, confidence = parsed
        assert text and text == " ".join(text.split()) and 0.0 <= confidence <= 1.0


def test_a_vosk_result_is_read_as_documented() -> None:
    result = '{"result": [{"conf": 0.93, "word": "no"}, {"conf": 0.71, "word": "fever"}],' \
             ' "text": "no fever"}'  # fmt: skip
    assert parse_final(result) == ("no fever", 0.71)
    assert parse_final('{"text": ""}') is None


def test_a_light_word_does_not_doubt_a_phrase_but_a_negation_does() -> None:
    def result(*words: tuple[str, float]) -> str:
        said = [{"word": word, "conf": conf} for word, conf in words]
        return json.dumps({"result": said, "text": " ".join(w for w, _ in words)})

    assert parse_final(result(("is", 0.48), ("it", 1.0), ("safe", 1.0))) == ("is it safe", 1.0)
    assert parse_final(result(("no", 1.0), ("i'm", 1.0), ("not", 0.3))) == ("no i'm not", 0.3)
    assert parse_final(result(("a", 0.4), ("it", 0.6))) == ("a it", 0.4)


@pytest.fixture(scope="module")
def sphinx() -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer()


PHRASES = st.lists(
    st.text(max_size=30) | st.sampled_from(["yes", "no", "stop", "'", "''", "a'b", "NO!", "[unk]",
                                            "<s>", "yes | no", "stop;", "#JSGF", "public <x>"]),
    max_size=6,
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(phrases=PHRASES, noise=st.binary(max_size=6400).map(lambda b: b[: len(b) // 2 * 2]))
def test_pocketsphinx_takes_any_phrase_list_and_any_bytes(
    sphinx: PocketSphinxRecognizer, phrases: list[str], noise: bytes
) -> None:
    """Junk phrases are dropped (or spelt as the dictionary does), grammar syntax in a phrase
    cannot break the grammar, and any samples are taken (whole 16-bit ones: the port's
    contract, which every source here keeps)."""
    sphinx.set_expected(phrases)
    heard = [sphinx.accept(noise), sphinx.accept(bytes(3200)), sphinx.finish()]
    for hypothesis in heard:
        assert hypothesis is None or isinstance(hypothesis.text, str)
