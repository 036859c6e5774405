"""Speech synthesis with pyttsx3 (espeak-ng underneath), rendered to samples, never played.

pyttsx3's own playback on Linux cannot be interrupted, so it only renders; the speaker plays
the samples in small blocks it can cut off. Prompts and cues repeat, so lines are cached.
"""

import contextlib
import io
import tempfile
import threading
import wave
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.config import Settings
from assistant.errors import UserFacingError

_SILENT_LEVEL = 300
"""int16 amplitude below which the end of a rendered prefix counts as its closing pause."""
_ESPEAK = threading.Lock()
"""espeak-ng is one global engine per process: one render at a time, whoever asks."""


@dataclass(frozen=True)
class Voice:
    """How a line sounds; part of the cache key, so a change renders lines anew."""

    name: str = Settings.voice
    """An espeak-ng voice, optionally with a variant: 'en-us', 'en-gb-x-rp', 'en-us+f3'."""
    rate_wpm: int = Settings.rate_wpm


@dataclass(frozen=True)
class Rendered:
    """One line as audio."""

    text: str
    samples: npt.NDArray[np.int16]
    """Mono int16 at `rate_hz`; read-only, as cached lines are shared."""
    rate_hz: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate_hz


class SpeechSynth:
    """Renders lines to audio; a line already rendered in the same voice comes from the cache."""

    def __init__(self, cache_lines: int = 512) -> None:
        self._engine = _init_engine()
        self._cache: OrderedDict[tuple[str, Voice], Rendered] = OrderedDict()
        self._cache_lines = cache_lines
        self._known_voices = {str(v.id).lower() for v in self._engine.getProperty("voices")}
        self.renders = 0
        """How many lines were actually synthesised (the rest came from the cache)."""

    def render(self, text: str, voice: Voice) -> Rendered:
        key = (text, voice)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        rendered = self._synthesise(text, voice)
        if rendered.duration_s < 0.1 and len(text.strip()) > 3:
            rendered = self._synthesise(text, voice)  # pyttsx3 rarely saves an empty line
        self._cache[key] = rendered
        if len(self._cache) > self._cache_lines:
            self._cache.popitem(last=False)
        return rendered

    def spoken_s(self, prefix: str, voice: Voice) -> float:
        """How long `prefix` takes to say, to its last sound: where the phrase after it is
        heard within the line (the speaker reports when it said its marked phrases)."""
        if not prefix.strip():
            return 0.0
        rendered = self.render(prefix, voice)
        loud = np.flatnonzero(np.abs(rendered.samples) > _SILENT_LEVEL)
        return float(loud[-1] + 1) / rendered.rate_hz if loud.size else 0.0

    def _synthesise(self, text: str, voice: Voice) -> Rendered:
        self._check_voice(voice.name)
        with _ESPEAK, tempfile.TemporaryDirectory(prefix="massage-tts-") as folder:
            path = Path(folder) / "line.wav"
            # Engine.setProperty is queued behind the line being saved, and espeak-ng applies
            # a rate set just before a voice change late: the same line then came out at the
            # previous rate. Setting them on the driver, once idle, rate on both sides of the
            # voice, made every render depend on its own settings only.
            _espeak_module().Synchronize()
            driver = self._engine.proxy._driver
            driver.setProperty("rate", voice.rate_wpm)
            driver.setProperty("voice", voice.name)
            driver.setProperty("rate", voice.rate_wpm)
            driver.setProperty("volume", 1.0)
            # The espeak driver prints "Audio saved to ..." on stdout: not ours to show.
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
                # runAndWait can return before espeak-ng has delivered the last audio (a long
                # line); the driver writes the file when it has.
                _espeak_module().Synchronize()
            with wave.open(str(path), "rb") as audio:
                rate_hz = audio.getframerate()
                samples = np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)
        self.renders += 1
        return Rendered(text=text, samples=samples, rate_hz=rate_hz)

    def _check_voice(self, name: str) -> None:
        """espeak-ng silently keeps the previous voice for an unknown name: refuse it instead."""
        base = name.split("+", 1)[0].lower()
        if not any(known == base or known.endswith(f"/{base}") for known in self._known_voices):
            raise UserFacingError(
                f"unknown espeak-ng voice '{name}': see `espeak-ng --voices=en` for the names"
            )


def _init_engine() -> Any:
    try:
        import pyttsx3

        return pyttsx3.init("espeak")
    except (ImportError, OSError, RuntimeError) as error:
        raise UserFacingError(
            f"speech synthesis is not available ({error}): run scripts/system-deps.sh"
        ) from error


def _espeak_module() -> Any:
    from pyttsx3.drivers import _espeak

    return _espeak
