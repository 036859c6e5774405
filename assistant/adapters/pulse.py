"""Virtual audio devices on a private PulseAudio server, for tests, benchmarks and the demo.

A machine with no sound card still gets a speaker and a microphone the assistant opens through
sounddevice (ALSA's pulse plugin): null sinks whose monitors are recorded. An optional echo path
feeds the speaker back into the microphone at a realistic level, as a room would.
"""

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from assistant.adapters.pulse_recording import Recording, write_wav
from assistant.adapters.pulse_server import start_server, stop_server
from assistant.config import SAMPLE_RATE_HZ
from assistant.errors import EXIT_WRITE, UserFacingError

__all__ = ["MIC", "SPEAKER", "Recording", "VirtualAudio", "write_wav"]

SPEAKER = "assistant_speaker"
"""The null sink the assistant plays into; its `.monitor` is what a listener in the room hears."""
MIC = "user_mic"
"""The null sink the user's speech (and the echo) is played into; its `.monitor` is the mic."""
ROOM = (("comb_1887", 0.0297, 0.35), ("comb_1887", 0.0071, 0.03), ("comb_1887", 0.0023, 0.01))
"""The room's delay lines, in the order the echo goes through them: (plugin, delay, decay).
Cubic-interpolating feedback combs (`comb_c`): swh-plugins' allpasses (`allpass_n`,
`allpass_l`) and its non-interpolating comb (`comb_n`) are not time-invariant on speech (their
output on a recorded line is 2-10 dB off the line convolved with their own impulse response,
where `comb_c`'s matches to 39-42 dB). No room is like that, and no linear canceller can
follow it: through the earlier comb-and-allpass chain AEC3 removed 0.4 dB in steady state,
through this one 28-66 dB (`sox ... ladspa` on a recorded line, offline)."""


class VirtualAudio:
    """Starts its own PulseAudio with a virtual speaker and microphone; tears it all down on exit.

    Inside the context `PULSE_SERVER` points at it, so sounddevice's "pulse" and "default"
    devices are these, and nothing collides with another PulseAudio on the machine.
    """

    def __init__(
        self,
        echo_db: float | None = None,
        echo_delay_ms: int = 20,
        room: bool = False,
    ) -> None:
        """`echo_db`: gain of the speaker-to-microphone path (e.g. -10), None for no echo.
        `echo_delay_ms`: the loopback's latency, the echo's delay.
        `room`: the echo reverberates on its way (`_room`), about 0.1 s later besides (a
        filter between parec and pacat instead let the delay grow from 0.24 to 0.68 s)."""
        self.room = room
        self.echo_db = echo_db
        self.echo_delay_ms = echo_delay_ms
        self._dir: Path | None = None
        self._server: subprocess.Popen[bytes] | None = None
        self._saved_env: dict[str, str | None] = {}
        self._echo_input = ""

    @property
    def socket(self) -> str:
        assert self._dir is not None, "VirtualAudio is used outside its context"
        return f"unix:{self._dir / 'native'}"

    @property
    def env(self) -> dict[str, str]:
        """The environment for a client process of this server."""
        return {**os.environ, "PULSE_SERVER": self.socket}

    def __enter__(self) -> "VirtualAudio":
        if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
            raise UserFacingError("PulseAudio is not installed: run scripts/system-deps.sh")
        try:
            self._dir = Path(tempfile.mkdtemp(prefix="massage-pulse-"))
        except OSError as error:
            raise UserFacingError(
                f"cannot make a folder for the virtual devices in {tempfile.gettempdir()}: "
                f"{error.strerror}", EXIT_WRITE,
            ) from error  # fmt: skip
        try:
            self._server = start_server(self._dir, self._client_env())
            self._load_devices()
        except OSError as error:  # its folder's files: the disk full or read-only
            self.__exit__(None, None, None)
            raise UserFacingError(
                f"cannot start the virtual devices: {error}", EXIT_WRITE
            ) from error
        except BaseException:
            self.__exit__(None, None, None)
            raise
        for name, value in self._client_env().items():
            self._saved_env[name] = os.environ.get(name)
            os.environ[name] = value
        _refresh_sounddevice()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}
        if self._server is not None:
            stop_server(self._server)
            self._server = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        _refresh_sounddevice()

    def pactl(self, *args: str) -> str:
        """Run pactl against this server; raises `UserFacingError` if it fails."""
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )
        if done.returncode != 0:
            message = done.stderr.strip() or done.stdout.strip()
            raise UserFacingError(f"PulseAudio command 'pactl {' '.join(args)}' failed: {message}")
        return done.stdout.strip()

    def set_echo(self, echo_db: float | None) -> None:
        """Change the speaker-to-microphone path: a gain in dB, or None for no echo."""
        self.echo_db = echo_db
        self.pactl("set-sink-input-mute", self._echo_input, "1" if echo_db is None else "0")
        if echo_db is not None:  # as a raw volume: "-12dB" would be relative to the current one
            raw = round(65536 * (10 ** (echo_db / 20)) ** (1 / 3))  # PulseAudio's cubic scale
            self.pactl("set-sink-input-volume", self._echo_input, str(raw))

    def unplug(self) -> None:
        """Remove every virtual device, as if the sound card were pulled out mid-session."""
        for line in reversed(self.pactl("list", "short", "modules").splitlines()):
            index, name, *_ = line.split("\t")
            if name in ("module-null-sink", "module-loopback", "module-ladspa-sink"):
                self.pactl("unload-module", index)

    def play_into_mic(self, wav: Path) -> "subprocess.Popen[bytes]":
        """Start playing a WAV file into the virtual microphone, as if the user said it."""
        return subprocess.Popen(
            ["paplay", "--latency-msec=20", f"--device={MIC}", str(wav)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @contextlib.contextmanager
    def record(self, source: str = f"{SPEAKER}.monitor") -> Iterator["Recording"]:
        """Record a source (by default what the speaker plays) for the length of the block."""
        recording = Recording(source, self.env)
        try:
            yield recording
        finally:
            recording.stop()

    def _client_env(self) -> dict[str, str]:
        assert self._dir is not None
        return {"PULSE_SERVER": self.socket, "PULSE_RUNTIME_PATH": str(self._dir)}

    def _load_devices(self) -> None:
        for name, description in ((SPEAKER, "Virtual speaker"), (MIC, "Virtual microphone")):
            self.pactl(
                "load-module",
                "module-null-sink",
                f"sink_name={name}",
                f"rate={SAMPLE_RATE_HZ}",
                "channels=1",
                f"sink_properties=device.description={description.replace(' ', '_')}",
            )
        # The loopback is loaded even without echo (muted then): a null sink with no
        # low-latency client sleeps in 2 s blocks, and a new stream stalls until it wakes.
        module = self.pactl(
            "load-module",
            "module-loopback",
            f"source={SPEAKER}.monitor",
            f"sink={self._room() if self.room else MIC}",
            f"latency_msec={self.echo_delay_ms}",
            "source_dont_move=true",
            "sink_dont_move=true",
        )
        self._echo_input = self._sink_input_of(module)
        self.set_echo(self.echo_db)
        for sink in (SPEAKER, MIC):  # wakes them now at the loopback's latency
            self.pactl("suspend-sink", sink, "1")
            self.pactl("suspend-sink", sink, "0")
        self.pactl("set-default-sink", SPEAKER)
        self.pactl("set-default-source", f"{MIC}.monitor")

    def _room(self) -> str:
        """A room in the echo's path, from swh-plugins' delay lines, each a filter sink in front
        of the next, the last in front of the microphone: a feedback comb (the walls' repeats,
        30 ms apart, RT60 0.35 s) then two short combs that thicken them. Measured with an
        impulse: the direct sound 39 ms late, the tail 5 dB below it after 20 ms, RT60 0.34 s
        (Schroeder, T30), direct to reverberant 3.3 dB, as `room.Room` offline."""
        master = MIC
        for index, (plugin, delay_s, decay_s) in enumerate(ROOM):
            name = f"room_{index}"
            self.pactl(
                "load-module",
                "module-ladspa-sink",
                f"sink_name={name}",
                f"sink_master={master}",
                f"plugin={plugin}",
                f"label={plugin.split('_')[0]}_c",
                f"control=0.05,{delay_s},{decay_s}",
                "channels=1",
                f"rate={SAMPLE_RATE_HZ}",
            )
            master = name
        return master

    def _sink_input_of(self, module: str) -> str:
        inputs = json.loads(self.pactl("--format=json", "list", "sink-inputs"))
        return next(str(i["index"]) for i in inputs if str(i["owner_module"]) == module)


def _refresh_sounddevice() -> None:
    """PortAudio lists devices once; re-list them so the "pulse" device follows the server."""
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()
