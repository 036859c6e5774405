"""Recording a PulseAudio source as it plays, with the time each sample was heard.

parec is read as its output arrives, so nothing waits for a buffer, and every chunk is
stamped on the monotonic clock: recordings of two devices share one timeline.
"""

import os
import subprocess
import threading
import time
import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.config import SAMPLE_RATE_HZ


class Recording:
    """A parec process whose output is read as it arrives, so nothing waits for a buffer."""

    def __init__(self, source: str, env: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            [
                "parec",
                "--latency-msec=10",
                f"--device={source}",
                "--raw",
                "--format=s16le",
                f"--rate={SAMPLE_RATE_HZ}",
                "--channels=1",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._chunks: list[bytes] = []
        self._arrivals: list[tuple[float, int]] = []
        """(monotonic time, bytes received so far) as each chunk arrived."""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        received = 0
        while chunk := os.read(self._process.stdout.fileno(), 3200):
            self._chunks.append(chunk)
            received += len(chunk)
            self._arrivals.append((time.monotonic(), received))

    def samples(self) -> npt.NDArray[np.int16]:
        """What was recorded so far, as 16 kHz mono int16."""
        data = b"".join(self._chunks)
        return np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16)

    def time_of(self, sample: int) -> float:
        """When a sample was heard, on the monotonic clock (to within parec's 10 ms latency)."""
        for arrived_at, received in self._arrivals:
            if received // 2 > sample:
                return arrived_at - (received // 2 - sample) / SAMPLE_RATE_HZ
        raise ValueError(f"sample {sample} was not recorded")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=5)
        self._reader.join(timeout=5)


def write_wav(path: Path, samples: npt.NDArray[np.int16], rate_hz: int = SAMPLE_RATE_HZ) -> None:
    """Save mono int16 samples as a WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate_hz)
        out.writeframes(samples.astype(np.int16).tobytes())
