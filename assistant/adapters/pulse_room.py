"""A room's echo between the virtual devices: the speaker's monitor, through `room.RoomEcho`
(delay, reverberation, level), played into the microphone's sink.

Three processes in a pipe, `parec | python -m assistant.adapters.room GAIN | pacat`, so the
convolution never competes with the session's own threads for the interpreter lock.
"""

import contextlib
import subprocess
import sys

from assistant.adapters.room import RATE_HZ

_RAW = ["--format=s16le", f"--rate={RATE_HZ}", "--channels=1", "--latency-msec=10"]


class RoomPath:
    def __init__(self, env: dict[str, str], source: str, sink: str) -> None:
        self._env, self._source, self._sink = env, source, sink
        self._processes: list[subprocess.Popen[bytes]] = []

    @property
    def running(self) -> bool:
        return bool(self._processes) and all(p.poll() is None for p in self._processes)

    def start(self, gain_db: float) -> None:
        """(Re)start the path at `gain_db`: the echo's level over the speaker's."""
        self.stop()
        record = subprocess.Popen(
            ["parec", f"--device={self._source}", *_RAW],
            env=self._env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert record.stdout is not None
        room = subprocess.Popen(
            [sys.executable, "-m", "assistant.adapters.room", str(gain_db)],
            stdin=record.stdout, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        record.stdout.close()  # the room process holds it now
        assert room.stdout is not None
        play = subprocess.Popen(
            ["pacat", f"--device={self._sink}", *_RAW],
            env=self._env, stdin=room.stdout, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        room.stdout.close()
        self._processes = [record, room, play]

    def stop(self) -> None:
        for process in self._processes:
            process.terminate()
        for process in self._processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
        self._processes = []
