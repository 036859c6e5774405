"""Start and memory of the real command: `massage-assistant run` as a user starts it, on virtual
devices. Start is from the command to the first sound of its first prompt; memory is the
process's resident size while its session runs (its own process: nothing else counted)."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from assistant.adapters.pulse import SPEAKER, VirtualAudio
from assistant.config import Engine

LOUD = 1500
RUN_S = 8.0
"""How long the session is watched after its first sound (memory sampled all along)."""


def _resident_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


def start_and_memory(engine: Engine, timeout_s: float = 30.0) -> dict[str, object]:
    command = [sys.executable, "-m", "assistant", "run", "--engine", engine]
    with VirtualAudio() as audio, audio.record(f"{SPEAKER}.monitor") as out:
        time.sleep(0.3)
        started = time.monotonic()
        process = subprocess.Popen(command, env=audio.env, stdout=subprocess.DEVNULL)
        resident: list[float] = []
        first_sound: float | None = None
        while time.monotonic() - started < timeout_s and process.poll() is None:
            resident.append(_resident_mb(process.pid))
            if first_sound is None:
                samples = out.samples()
                loud = np.flatnonzero(np.abs(samples) > LOUD)
                first_sound = out.time_of(int(loud[0])) if loud.size else None
            elif time.monotonic() - first_sound > RUN_S:
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return {
        "command": " ".join(["massage-assistant", *command[3:]]),
        "start_to_first_sound_s": round(first_sound - started, 2) if first_sound else None,
        "memory_mb_while_running": round(max(resident, default=0.0), 1),
    }
