"""A private PulseAudio server in a folder of its own: started for the virtual devices, stopped
with them, and never touching another PulseAudio on the machine."""

import os
import signal
import subprocess
import time
from pathlib import Path

from assistant.errors import UserFacingError

_START_TIMEOUT_S = 10.0


def start_server(folder: Path, client_env: dict[str, str]) -> "subprocess.Popen[bytes]":
    """A server on `folder/native`, answering `pactl info`; a clear error if it never does."""
    script = folder / "default.pa"
    script.write_text(
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={folder}/native\n"
    )
    server_env = {
        **os.environ,
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder),
        "PULSE_STATE_PATH": str(folder),
        **client_env,
    }
    log = (folder / "pulseaudio.log").open("wb")
    # -n with our own script: no hardware modules, no autospawn, no session bus.
    server = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            f"--file={script}",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "--realtime=no",
            "--high-priority=no",
            "--log-level=warning",
        ],
        env=server_env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    log.close()
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        probe = subprocess.run(
            ["pactl", "info"], env={**os.environ, **client_env}, capture_output=True
        )
        if probe.returncode == 0:
            return server
        time.sleep(0.05)
    stop_server(server)
    raise UserFacingError(f"could not start PulseAudio for virtual devices: {_last_log(folder)}")


def stop_server(server: "subprocess.Popen[bytes]") -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _last_log(folder: Path) -> str:
    lines = (folder / "pulseaudio.log").read_text(errors="replace").strip().splitlines()
    errors = [line for line in lines if line.startswith("E:")] or lines or ["no log"]
    return errors[-1]
