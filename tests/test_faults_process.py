"""The process told to end mid-sentence (Ctrl-C, `kill`, the terminal closed), and files it
cannot write: each ends with one line and its documented exit status, and leaves no process,
no folder and no half-written file behind (README, "Exit statuses")."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import EXIT_SIGNAL_BASE, EXIT_WRITE
from tests.conftest import ctrl_c_works

pytestmark = pytest.mark.slow

CAN_MOUNT = os.geteuid() == 0 and shutil.which("unshare") is not None


def demo_env(tmp: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "PULSE_SERVER"}
    return {**env, "TMPDIR": str(tmp)}


def processes_using(folder: Path) -> list[str]:
    """Command lines of live processes that name `folder` (the private PulseAudio does)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(folder) in args:
            found.append(args)
    return found


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_mid_sentence_ends_the_demo_and_leaves_nothing_behind(
    tmp_path: Path, signal_number: int
) -> None:
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    demo = subprocess.Popen(
        [sys.executable, "-m", "assistant", "demo", "--out", str(out)],
        env=demo_env(tmp), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_works,
    )  # fmt: skip
    assert demo.stdout is not None
    for line in demo.stdout:  # the assistant is saying its first line
        if line.startswith("saying:"):
            break
    assert processes_using(tmp), "the demo's PulseAudio should be running now"
    demo.send_signal(signal_number)
    _, errors = demo.communicate(timeout=30)
    assert demo.returncode == EXIT_SIGNAL_BASE + signal_number, errors
    assert errors.strip().splitlines()[-1].startswith("Stopped"), errors
    assert "Traceback" not in errors
    assert processes_using(tmp) == []
    assert list(tmp.iterdir()) == []
    assert list(out.iterdir()) == []  # asked for, but the session never finished


def test_killed_outright_its_pulseaudio_dies_with_it(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the kernel ends the server (its parent-death signal); only
    its folder in the temporary directory is left."""
    demo = subprocess.Popen(
        [sys.executable, "-m", "assistant", "demo", "--out", str(tmp_path / "out")],
        env=demo_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert demo.stdout is not None
    for line in demo.stdout:
        if line.startswith("saying:"):
            break
    demo.kill()
    demo.wait(timeout=10)
    until = time.monotonic() + 10
    while processes_using(tmp_path) and time.monotonic() < until:
        time.sleep(0.1)
    assert processes_using(tmp_path) == []


def in_small_filesystem(
    tmp_path: Path, mount_options: str, script: str
) -> "subprocess.CompletedProcess[str]":
    """`script` (shell) run with a tmpfs of `mount_options` on `tmp_path/fs`, in a mount
    namespace of its own (nothing outside sees it)."""
    folder = tmp_path / "fs"
    folder.mkdir()
    return subprocess.run(
        ["unshare", "-m", "sh", "-c",
         f"mount -t tmpfs -o {mount_options} tmpfs {folder} && cd {folder} && {script}"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(not CAN_MOUNT, reason="needs root and unshare to mount a small filesystem")
def test_a_full_disk_when_writing_the_recording_is_one_line_and_no_half_file(
    tmp_path: Path,
) -> None:
    write = (
        "import numpy as np, pathlib, sys\n"
        "from assistant.adapters.pulse import write_wav\n"
        "from assistant.errors import UserFacingError\n"
        "try:\n"
        "    write_wav(pathlib.Path('session.wav'), np.ones(16000 * 60, np.int16))\n"
        "except UserFacingError as error:\n"
        "    print(f'error: {error}', file=sys.stderr); sys.exit(error.exit_status)\n"
    )
    done = in_small_filesystem(
        tmp_path, "size=256k", f"{sys.executable} -c \"{write}\"; echo $?; ls -A"
    )
    status, *left = done.stdout.split()
    assert int(status) == EXIT_WRITE
    assert done.stderr == "error: cannot write session.wav: No space left on device\n"
    assert left == []


@pytest.mark.skipif(not CAN_MOUNT, reason="needs root and unshare to mount a read-only folder")
def test_a_read_only_output_folder_fails_before_the_session_starts(tmp_path: Path) -> None:
    started = time.monotonic()
    done = in_small_filesystem(
        tmp_path, "ro", f"{sys.executable} -m assistant demo --out demo; echo $?"
    )
    assert done.stdout.split()[-1] == str(EXIT_WRITE)
    assert done.stderr == "error: cannot write into demo: Read-only file system\n"
    assert time.monotonic() - started < 30
