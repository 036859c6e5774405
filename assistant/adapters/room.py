"""A room between the speaker and the microphone: delay, reverberation and level.

A clean attenuated copy of the speaker is the easiest echo there is to cancel or gate; a real
room adds a delay and a reverberant tail (the walls, the floor, the mat). The tests and the
canceller's tests and its offline bench build their echo from this; between the virtual
devices swh-plugins' delay lines play a room like it (`pulse.VirtualAudio(room=True)`).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.config import SAMPLE_RATE_HZ

RATE_HZ = SAMPLE_RATE_HZ


@dataclass(frozen=True)
class Room:
    """A small furnished room, as a laptop on the floor beside a mat hears itself."""

    delay_s: float = 0.03
    """From the speaker cone to the microphone, beyond the devices' own buffers (~10 m)."""
    rt60_s: float = 0.35
    """Time for the reverberation to fall by 60 dB (a living room: 0.3-0.5 s)."""
    direct_to_reverb_db: float = 3.0
    """Energy of the direct sound over that of the tail (laptop speakers near the mic)."""
    seed: int = 7

    def impulse_response(self, rate_hz: int = RATE_HZ) -> npt.NDArray[np.float64]:
        """Direct path, a few early reflections, then an exponentially decaying diffuse tail;
        normalised to unit energy so that the echo level is set by the gain alone."""
        rng = np.random.default_rng(self.seed)
        direct = int(self.delay_s * rate_hz)
        length = direct + int(self.rt60_s * rate_hz)
        response = np.zeros(length)
        response[direct] = 1.0
        for _ in range(6):  # early reflections within 20 ms of the direct sound
            response[direct + int(rng.uniform(0.002, 0.02) * rate_hz)] += rng.uniform(-0.5, 0.5)
        t = np.arange(length - direct) / rate_hz
        tail = rng.standard_normal(len(t)) * np.exp(-6.9 * t / self.rt60_s)
        tail[: int(0.003 * rate_hz)] = 0.0
        direct_energy = float(np.sum(response**2))
        tail *= np.sqrt(direct_energy / 10 ** (self.direct_to_reverb_db / 10) / np.sum(tail**2))
        response[direct:] += tail
        normalised: npt.NDArray[np.float64] = response / np.sqrt(np.sum(response**2))
        return normalised


class RoomEcho:
    """Streams audio through a room's response and a gain (block convolution with carry-over)."""

    def __init__(self, room: Room, gain_db: float, rate_hz: int = RATE_HZ) -> None:
        self._response = room.impulse_response(rate_hz) * 10 ** (gain_db / 20)
        self._carry = np.zeros(len(self._response) - 1)

    def process(self, block: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        size = len(block) + len(self._response) - 1
        n = 1 << (size - 1).bit_length()
        out = np.fft.irfft(np.fft.rfft(block, n) * np.fft.rfft(self._response, n), n)[:size]
        out[: len(self._carry)] += self._carry
        self._carry = out[len(block) :].copy()
        return out[: len(block)]

    def apply(self, signal: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """A whole recording through the room (its tail cut at the recording's end)."""
        return self.process(signal)

