"""An acoustic echo canceller from a well-kept library, behind one small interface.

It takes 10 ms frames of the microphone (near end) and of what the speaker played (far end,
the reference) and returns the microphone with the echo of the reference removed. The
reference must not lag the echo: it is fed first, and the engine finds the delay within its
reach. WebRTC's AEC3 removes the most echo (`benchmarks/echo_offline.py`) and judges whether
the user talks; SpeexDSP's filter alone, which keeps the start of a word said over the echo, is
what the recogniser hears (`echo_canceller.PairedCanceller`, `benchmarks/README.md`).
"""

import ctypes
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from assistant.config import SAMPLE_RATE_HZ

RATE_HZ = SAMPLE_RATE_HZ
FRAME_SAMPLES = 160
"""10 ms at 16 kHz: the frame both engines work in."""

if TYPE_CHECKING:
    from livekit.rtc import AudioFrame

Samples = npt.NDArray[np.int16]


class EngineUnavailable(RuntimeError):
    """The canceller's library is missing or failed to start; the caller falls back."""


class AecEngine(Protocol):
    name: str

    def process(self, near: Samples, far: Samples) -> Samples:
        """One frame of each (`FRAME_SAMPLES`); the near frame with the echo of `far` removed."""


class WebRtcAec:
    """WebRTC's AEC3 through LiveKit's Python SDK: delay estimation and a nonlinear
    suppressor after the adaptive filter, as in browsers' calls."""

    name = "webrtc-aec3"

    def __init__(self, stream_delay_ms: int = 0) -> None:
        try:
            from livekit import rtc
        except ImportError as error:
            raise EngineUnavailable(f"WebRTC echo cancellation is missing: {error}") from error
        self._rtc = rtc
        try:
            self._apm = rtc.AudioProcessingModule(echo_cancellation=True)
        except Exception as error:  # the FFI library failed to load or start
            raise EngineUnavailable(f"WebRTC echo cancellation failed to start: {error}") from error
        self._delay_ms = stream_delay_ms

    def process(self, near: Samples, far: Samples) -> Samples:
        reverse = self._frame(far)
        self._apm.process_reverse_stream(reverse)
        self._apm.set_stream_delay_ms(self._delay_ms)
        frame = self._frame(near)
        self._apm.process_stream(frame)
        return np.frombuffer(frame.data.tobytes(), np.int16).copy()

    def _frame(self, samples: Samples) -> "AudioFrame":
        data = bytearray(np.ascontiguousarray(samples, np.int16).tobytes())
        return self._rtc.AudioFrame(data, RATE_HZ, 1, FRAME_SAMPLES)


class SpeexLinearAec:
    """SpeexDSP's adaptive filter alone (`pyaec`), with no suppressor after it: it removes less
    echo than AEC3 (13-17 dB) but leaves the user's voice whole where AEC3's suppressor, in
    double talk, cuts the first 100-300 ms of a word by 20-50 dB. What the recogniser hears
    (`echo_canceller.PairedCanceller`). The reference must lead the echo by less than `tail_s`."""

    name = "speex-linear"

    def __init__(self, tail_s: float = 0.4) -> None:
        try:
            import pyaec
        except ImportError as error:
            raise EngineUnavailable(f"SpeexDSP echo cancellation is missing: {error}") from error
        self._lib = pyaec.lib
        self._handle = self._lib.AecNew(FRAME_SAMPLES, int(tail_s * RATE_HZ), RATE_HZ, False)
        if not self._handle:
            raise EngineUnavailable("SpeexDSP echo cancellation failed to start")
        self._out = (ctypes.c_int16 * FRAME_SAMPLES)()

    def process(self, near: Samples, far: Samples) -> Samples:
        pointer = ctypes.POINTER(ctypes.c_int16)
        rec, echo = (np.ascontiguousarray(x, np.int16) for x in (near, far))
        self._lib.AecCancelEcho(
            self._handle, rec.ctypes.data_as(pointer), echo.ctypes.data_as(pointer), self._out,
            FRAME_SAMPLES,
        )  # fmt: skip
        return np.array(self._out, np.int16)

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle:
            self._lib.AecDestroy(handle)
