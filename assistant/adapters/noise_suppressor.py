"""WebRTC noise suppression (`webrtc-noise-gain`) between the microphone and the recogniser.

A fan, a tap or people talking in the room add words to what Vosk hears ("no can't", "no go"),
and an answer counts only when the whole utterance is exactly one expected phrase. WebRTC's
suppressor takes the steady part of the noise out first. Measured in `benchmarks/noise.py`
(with and without, per noise and SNR): at 10 dB it gave Vosk back yes and stop in background
noise and babble, and changed nothing clean (`benchmarks/README.md`, noise suppression).
"""

from collections.abc import Sequence

from webrtc_noise_gain import AudioProcessor

from assistant.adapters.noise_floor import with_noise_floor
from assistant.ports import Hypothesis, Recognizer

FRAME_BYTES = 320
"""The processor takes 10 ms of 16-bit mono audio at 16 kHz, no more, no less."""
SAMPLE_RATE_HZ = 16000


class NoiseSuppressedRecognizer:
    """Fits `ports.Recognizer` around any 16 kHz engine: the engine hears the audio with the
    noise suppressed. A fresh processor for each listen, as the engine starts a fresh
    utterance: what it hears then depends on that listen's audio alone. Kept from one listen
    to the next, the noise estimate of the one before cost the next answers (a "yes" in
    babble heard after a fresh start was missed after another clip)."""

    def __init__(self, engine: Recognizer, level: int, auto_gain_dbfs: int = 0) -> None:
        """`level`: 0 for none, 1-4 WebRTC's suppression from mild to strongest (2: moderate).
        `auto_gain_dbfs`: 0 for none, else WebRTC's gain control towards this many dB below
        full scale."""
        if engine.sample_rate_hz != SAMPLE_RATE_HZ:
            raise ValueError(f"noise suppression needs {SAMPLE_RATE_HZ} Hz audio, "
                             f"{engine.name} takes {engine.sample_rate_hz} Hz")  # fmt: skip
        if not 0 <= level <= 4 or not 0 <= auto_gain_dbfs <= 31:
            raise ValueError(f"noise suppression level 0-4 and gain 0-31 dBFS, "
                             f"not {level} and {auto_gain_dbfs}")  # fmt: skip
        self._engine = engine
        self.name: str = engine.name
        """The engine's own name: the suppressor is not an engine."""
        self.sample_rate_hz = engine.sample_rate_hz
        self._settings = (auto_gain_dbfs, level)
        self._processor = AudioProcessor(*self._settings)
        self._pending = b""
        self._samples_in = 0

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        self._processor, self._pending = AudioProcessor(*self._settings), b""
        self._samples_in = 0
        self._engine.set_expected(phrases, eager)

    def accept(self, pcm: bytes) -> Hypothesis | None:
        """The whole 10 ms frames of what has come so far, cleaned; the rest waits for the
        next block (blocks of 50 ms are five frames, nothing waits)."""
        self._pending += pcm
        cut = len(self._pending) // FRAME_BYTES * FRAME_BYTES
        frames, self._pending = self._pending[:cut], self._pending[cut:]
        frames = with_noise_floor(frames, self._samples_in)
        self._samples_in += cut // 2
        cleaned = b"".join(self._processor.Process10ms(frames[i : i + FRAME_BYTES]).audio
                           for i in range(0, cut, FRAME_BYTES))  # fmt: skip
        return self._engine.accept(cleaned) if cleaned else None

    def finish(self) -> Hypothesis | None:
        self._pending = b""
        return self._engine.finish()
