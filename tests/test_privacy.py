"""Nothing leaves the machine, and nothing is kept unless asked: a voice session (`run`) and a
`chat --hear` session on the virtual devices, each in a fresh working folder, HOME and TMPDIR,
with every socket but a local (AF_UNIX) one refused inside the process (an audit hook) and,
where we may, no network at all for it and its children (`unshare -n`). Afterwards, nothing
may have been written: no audio, no transcript, no answer."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.adapters.pulse import VirtualAudio

pytestmark = pytest.mark.slow

NO_NETWORK = '''
import socket, sys

def _local_only(event, args):
    if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
        if args[0].family != socket.AF_UNIX:
            _refused(event, args[1] if len(args) > 1 else None)
    elif event == "socket.getaddrinfo" and args[0] not in (None, "localhost"):
        _refused(event, args[0])

def _refused(event, where):
    with open(__import__("os").environ["PRIVACY_LOG"], "a") as log:
        log.write(f"{event} {where!r}\\n")
    raise PermissionError(f"network use refused in this test: {event} {where!r}")

sys.addaudithook(_local_only)
'''
PULSE_COOKIE = ".config/pulse/cookie"
"""libpulse makes one in a HOME that has none: 256 random bytes for its own authentication
(every desktop has it already), no audio and nothing the user said; so it is let through."""
ISOLATE = ["unshare", "-n"] if os.geteuid() == 0 and shutil.which("unshare") else []
"""As root: a network namespace of its own, with nothing in it but a loopback that is down."""


def session(tmp_path: Path, audio: VirtualAudio, *command: str) -> tuple[str, list[str], str]:
    """Runs `massage-assistant <command>` sealed off; returns its output, the files that
    appeared in its folders, and the network uses refused."""
    hook, home = tmp_path / "hook", tmp_path / "home"
    for folder in (hook, home, home / "tmp", home / "work"):
        folder.mkdir()
    (hook / "sitecustomize.py").write_text(NO_NETWORK)
    log = tmp_path / "refused.log"
    env = {
        **audio.env, "HOME": str(home), "TMPDIR": str(home / "tmp"), "PRIVACY_LOG": str(log),
        "PYTHONPATH": os.pathsep.join([str(hook), *sys.path]), "XDG_RUNTIME_DIR": str(home),
    }  # fmt: skip
    done = subprocess.run(
        [*ISOLATE, sys.executable, "-m", "assistant", *command],
        cwd=home / "work", env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    written = sorted(
        str(p.relative_to(home)) for p in home.rglob("*")
        if p.is_file() and str(p.relative_to(home)) != PULSE_COOKIE
    )  # fmt: skip
    return done.stdout, written, log.read_text() if log.exists() else ""


def test_the_hook_refuses_the_network_and_records_it(tmp_path: Path) -> None:
    """The guard itself: a connection out is refused and recorded (else this proves nothing)."""
    (tmp_path / "sitecustomize.py").write_text(NO_NETWORK)
    log = tmp_path / "refused.log"
    probe = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=30,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "PRIVACY_LOG": str(log)},
    )  # fmt: skip
    assert done.returncode != 0 and "network use refused" in done.stderr
    assert "192.0.2.1" in log.read_text()


def test_a_voice_session_keeps_nothing_and_sends_nothing(tmp_path: Path) -> None:
    """Nobody answers: the assistant greets, asks again, and ends."""
    with VirtualAudio(echo_db=-12.0) as audio:
        printed, written, refused = session(tmp_path, audio, "run", "--engine", "pocketsphinx")
    assert "Session ended: no_response" in printed
    assert refused == ""
    assert written == []


def test_a_heard_chat_keeps_nothing_and_sends_nothing(tmp_path: Path) -> None:
    with VirtualAudio() as audio:
        printed, written, refused = session(
            tmp_path, audio, "chat", "--hear", "--engine", "pocketsphinx"
        )
    assert "(session ended: no_response)" in printed
    assert refused == ""
    assert written == []
