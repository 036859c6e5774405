"""The microphone through sounddevice: the device's own rate, resampled to 16 kHz mono int16.

Capturing at the native rate and resampling here (soxr) works on devices that refuse 16 kHz.
"""

import contextlib
import logging
import queue
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import sounddevice as sd
import soxr

from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.errors import UserFacingError
from assistant.ports import AudioDeviceLost

log = logging.getLogger(__name__)

SILENT_DEVICE_S = 4.0
"""A running stream that delivers nothing for this long has lost its device. Not shorter: on a
machine under heavy load (load average 7 on two cores) the sound server stalled for 2.1-2.6 s
twice in an hour's soak and ended healthy sessions as "unplugged"."""
BACKLOG_S = 1.0
"""The most audio kept waiting for a reader that fell behind (a machine under load): older
blocks are dropped and counted as overflows, so what is heard stays current ("stop" is acted
on now, not after a growing queue) and memory stays bounded."""


def lost_reason(lost: str | None, last_block_s: float, device_name: str) -> str | None:
    """Why an input stream counts as lost: its own reason, or a silence past SILENT_DEVICE_S."""
    silent_s = time.monotonic() - last_block_s
    if lost is None and silent_s > SILENT_DEVICE_S:
        return f"the microphone {device_name!r} delivered no audio for {silent_s:.1f} s"
    return lost


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    rate_hz: int
    default: bool
    """The system default for its direction(s)."""


def list_devices() -> list[Device]:
    try:
        devices = sd.query_devices()
        defaults = {int(i) for i in sd.default.device}
    except sd.PortAudioError:
        return []
    return [
        Device(
            i,
            str(d["name"]),
            int(d["max_input_channels"]),
            int(d["max_output_channels"]),
            int(d["default_samplerate"]),
            i in defaults,
        )
        for i, d in enumerate(devices)
    ]


def find_input(device: str | None) -> Device:
    """By index, by (part of) name, or the default; a clear error names what was asked for."""
    wanted: int | str | None = int(device) if device is not None and device.isdigit() else device
    try:
        info = sd.query_devices(wanted, "input")
    except (ValueError, sd.PortAudioError) as error:
        asked = "the default input device" if device is None else f"input device {device!r}"
        raise UserFacingError(
            f"cannot use {asked}: {error} (see `massage-assistant devices`)"
        ) from error
    return Device(
        int(info["index"]),
        str(info["name"]),
        int(info["max_input_channels"]),
        int(info["max_output_channels"]),
        int(info["default_samplerate"]),
        device is None,
    )


class SoundDeviceMicrophone:
    """Fits `ports.Microphone`. Blocks of `block_ms` at 16 kHz; overflows are counted."""

    def __init__(self, device: str | None = None, block_ms: int = Settings.mic_block_ms) -> None:
        self.device = find_input(device)
        self.overflows = 0
        """Blocks lost: the device's own overflows and those dropped from a full backlog."""
        backlog_blocks = max(1, int(1000 * BACKLOG_S) // block_ms)
        self._blocks: queue.Queue[bytes] = queue.Queue(maxsize=backlog_blocks)
        self._lost: str | None = None
        self._last_block_s = time.monotonic()
        self._resampler = soxr.ResampleStream(self.device.rate_hz, SAMPLE_RATE_HZ, 1, dtype="int16")
        try:
            self._stream = sd.RawInputStream(
                samplerate=self.device.rate_hz,
                blocksize=self.device.rate_hz * block_ms // 1000,
                device=self.device.index,
                channels=1,
                dtype="int16",
                callback=self._on_block,
                finished_callback=self._on_finished,
            )
            self._stream.start()
        except sd.PortAudioError as error:
            raise UserFacingError(
                f"cannot open the microphone {self.device.name!r}: {error}"
            ) from error

    def _on_block(self, data: Any, frames: int, when: Any, status: sd.CallbackFlags) -> None:
        if status.input_overflow:
            self.overflows += 1
        while True:
            try:
                self._blocks.put_nowait(bytes(data))
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self._blocks.get_nowait()
                    self.overflows += 1

    def _on_finished(self) -> None:
        if self._lost is None:
            self._lost = f"the microphone {self.device.name!r} stopped"

    def read(self, timeout_s: float) -> bytes | None:
        try:
            block = self._blocks.get(timeout=timeout_s)
        except queue.Empty:
            self._check_alive()
            return None
        self._last_block_s = time.monotonic()
        samples = self._resampler.resample_chunk(np.frombuffer(block, dtype=np.int16))
        return bytes(samples.tobytes())

    def _check_alive(self) -> None:
        self._lost = lost_reason(self._lost, self._last_block_s, self.device.name)
        if self._lost is not None:
            raise AudioDeviceLost(f"{self._lost} (was it unplugged?)")

    def close(self) -> None:
        self._lost = "closed"
        # abort, not stop: stop waits for the device, and a lost or suspended one never comes
        self._stream.abort(ignore_errors=True)
        self._stream.close(ignore_errors=True)
        if self.overflows:
            log.warning("the microphone overflowed %d times: audio was lost", self.overflows)
