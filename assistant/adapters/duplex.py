"""Speaker and microphone from one full-duplex sounddevice stream, for the echo canceller.

Through two separate streams the microphone and the speaker's record meet only on the
monotonic clock, through latencies the devices misreport by tens of milliseconds, and the
canceller's filter could not hold the echo (7-19 dB live). In one stream each callback writes an
output block and reads an input block on the device's own clock: the echo of a block played
arrives a fixed number of samples later in the input, which the canceller's engine (AEC3) finds
by itself. So the microphone hands out, with every block it reads, the block that was played
beside it (`DuplexMicrophone.reference`), resampled by an identical resampler so the two stay
sample for sample together. Used only with echo cancellation on; otherwise the separate streams.
"""

import contextlib
import logging
import queue
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import sounddevice as sd
import soxr

from assistant.adapters.microphone import find_input, lost_reason
from assistant.config import SAMPLE_RATE_HZ
from assistant.ports import AudioDeviceLost

log = logging.getLogger(__name__)

LATENCY_S = 0.3
"""Asked of the device for both directions. Through ALSA's pulse plugin in duplex, 0.04-0.08 s
under-ran at once, and 0.1-0.2 s under-ran in a session on a loaded machine (load 7 on 2 cores):
each under-run slipped the two directions apart by tens to hundreds of milliseconds. The
speaker's abort leaves the stream running (a restart pairs the directions at a new lag), so
what the device holds of the output, about this long, still plays after a "stop"."""
STALL_S = 1.0
"""A running stream whose callback has not come for this long is started again: through ALSA's
pulse plugin on a machine under heavy load (15 on 2 cores) the duplex callback stopped coming
now and then while the stream still counted as active."""
BACKLOG_S = 1.0
"""Input kept for a reader that fell behind; older pairs of blocks are dropped together."""

Fill = Callable[[npt.NDArray[np.float32], int, Any, Any], None]
"""The speaker's callback: fills the output block (`SoundDeviceSpeaker._fill`)."""
Pair = tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], int]
"""Input block, output block, and the stream's run they came from (`DuplexStream.runs`)."""


class DuplexStream:
    """The one stream; the speaker opens it (`open_output`, which fixes the rate to the voice's)
    and the microphone reads from it (`DuplexMicrophone`)."""

    def __init__(self, input_device: str | None, output_device: str | None, block_s: float):
        self.input = find_input(input_device)
        self._output = int(output_device) if output_device and output_device.isdigit() else (
            output_device
        )  # fmt: skip
        self._block_s = block_s
        self._fill: Fill | None = None
        self._stream: sd.Stream | None = None
        self.rate_hz = 0
        self.pairs: queue.Queue[Pair] = queue.Queue(maxsize=1)
        self.overflows = 0
        """Pairs of blocks lost: the device's overruns and those dropped from a full backlog."""
        self._called_at = time.monotonic()
        self.runs = 0
        """Times the stream was started: each start pairs the directions afresh, at another
        lag (0.47 or 0.55 s through ALSA's pulse plugin)."""

    def open_output(self, rate_hz: int, fill: Fill) -> "DuplexStream":
        """Called by the speaker once it knows its voice's rate; starts the stream."""
        self.rate_hz, self._fill = rate_hz, fill
        self.pairs = queue.Queue(maxsize=max(1, int(BACKLOG_S / self._block_s)))
        self._stream = sd.Stream(
            samplerate=rate_hz,
            blocksize=int(rate_hz * self._block_s),
            device=(self.input.index, self._output),
            channels=1,
            dtype="float32",
            latency=LATENCY_S,
            callback=self._callback,
        )
        self.start()
        return self

    def _callback(
        self, indata: Any, outdata: Any, frames: int, timing: Any, status: sd.CallbackFlags
    ) -> None:
        assert self._fill is not None
        self._called_at = time.monotonic()
        self._fill(outdata, frames, timing, status)
        if status.input_overflow or status.output_underflow:
            self.overflows += 1
        pair = (indata[:, 0].copy(), outdata[:, 0].copy(), self.runs)
        while True:
            try:
                self.pairs.put_nowait(pair)
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self.pairs.get_nowait()
                    self.overflows += 1

    # What the speaker asks of its stream (`speaker.OutputStream`).
    @property
    def latency(self) -> float:
        return float(self._opened().latency[1])

    @property
    def active(self) -> bool:
        """Whether it runs; one that stalled is started again first, and if it will not
        start, it does not run."""
        stream = self._opened()
        if stream.active and time.monotonic() - self._called_at > STALL_S:
            log.warning("the audio stream stalled: started again (echo cancellation starts over)")
            try:
                self.abort()
                self.start()
            except sd.PortAudioError as error:  # "Wait timed out" here, at load 5 on 2 cores
                log.warning("the stalled audio stream did not start again: %s", error)
                return False  # the speaker reports the device lost
        return bool(stream.active)

    def start(self) -> None:
        self.runs += 1
        self._called_at = time.monotonic()
        self._opened().start()

    def abort(self, ignore_errors: bool = False) -> None:
        self._opened().abort(ignore_errors=ignore_errors)

    def close(self, ignore_errors: bool = False) -> None:
        """Both the speaker and the microphone close it; the first one does."""
        if self._stream is not None:
            self._stream.abort(ignore_errors=True)
            self._stream.close(ignore_errors=True)
            self._stream = None

    def _opened(self) -> sd.Stream:
        if self._stream is None:
            raise sd.PortAudioError("the duplex stream is closed")
        return self._stream


class DuplexMicrophone:
    """Fits `ports.Microphone`: the input of the duplex stream at 16 kHz, int16; `reference`
    holds what the speaker played in the same callbacks, as many samples, same format."""

    def __init__(self, stream: DuplexStream) -> None:
        self._stream = stream
        self.device = stream.input
        self.reference = b""
        self.run = 0
        """The stream's run the last block came from: a new one is paired at another lag."""
        resampler = (stream.rate_hz, SAMPLE_RATE_HZ, 1)
        self._near = soxr.ResampleStream(*resampler, dtype="float32")
        self._far = soxr.ResampleStream(*resampler, dtype="float32")
        self._last_block_s = time.monotonic()
        self._lost: str | None = None

    @property
    def overflows(self) -> int:
        return self._stream.overflows

    def read(self, timeout_s: float) -> bytes | None:
        try:
            near, far, self.run = self._stream.pairs.get(timeout=timeout_s)
        except queue.Empty:
            self._check_alive()
            return None
        self._last_block_s = time.monotonic()
        self.reference = _pcm(self._far.resample_chunk(far))
        return _pcm(self._near.resample_chunk(near))

    def _check_alive(self) -> None:
        self._lost = lost_reason(self._lost, self._last_block_s, self.device.name)
        if self._lost is not None:
            raise AudioDeviceLost(f"{self._lost} (was it unplugged?)")

    def close(self) -> None:
        self._lost = "closed"
        self._stream.close()


def _pcm(samples: npt.NDArray[np.float32]) -> bytes:
    return bytes(np.clip(samples * 32768.0, -32768, 32767).astype(np.int16).tobytes())
