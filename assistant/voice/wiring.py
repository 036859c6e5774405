"""The one place a voice session is put together, for every entry point, test rig and benchmark.

The command modules open the concrete adapters (`adapters.factory`) and hand them in: this
package never imports one. What differs between `run`, `demo`, `chat --hear`, the device tests
and the benchmarks is only which parts they pass; how the parts are joined is decided here.
"""

import contextlib
import time
from dataclasses import dataclass, field

from assistant.config import Settings
from assistant.core.actions import EndReason
from assistant.errors import EXIT_AUDIO, Interrupted, UserFacingError
from assistant.ports import AudioDeviceLost, AudioParts, Clock, DialogPort, Display, Speaker
from assistant.voice.echo_gate import EchoGate
from assistant.voice.runtime import MonotonicClock, VoiceSession


@dataclass(frozen=True)
class SessionParts:
    """Everything a session needs besides its settings."""

    dialog: DialogPort
    audio: AudioParts
    display: Display
    clock: Clock = field(default_factory=MonotonicClock)


def build_session(settings: Settings, parts: SessionParts) -> VoiceSession:
    """A session on `parts`; where the microphone can hear the speaker, the canceller (if the
    parts have one) removes the echo and an echo gate behind it learns what is left of it
    from what the speaker reports it played."""
    audio = parts.audio
    gate = EchoGate(audio.speaker.loudest) if audio.hears_itself else None
    return VoiceSession(
        parts.dialog, audio.microphone, audio.recognizer, audio.speaker, parts.clock,
        parts.display, echo_gate=gate, act_on_partials=settings.act_on_partials,
        canceller=audio.canceller, hears_itself=audio.hears_itself,
    )  # fmt: skip


LAST_WORDS_S = 4.0
"""The longest a closing line may hold up the exit: a signal or a lost device must end it."""


def run_session(settings: Settings, parts: SessionParts) -> EndReason:
    """Builds the session, runs it to its end, and closes the devices. A device lost on the
    way, or a signal to end, ends it with one clear line, spoken too while the speaker works."""
    try:
        return build_session(settings, parts).run()
    except AudioDeviceLost as lost:
        say_last_words(parts.audio.speaker, f"Sorry, {lost}. The session has ended.")
        raise UserFacingError(f"{lost}; the session has ended", EXIT_AUDIO) from lost
    except (KeyboardInterrupt, Interrupted):
        say_last_words(parts.audio.speaker, "Stopped.")
        raise
    finally:
        parts.audio.close()


def say_last_words(speaker: Speaker, text: str, within_s: float = LAST_WORDS_S) -> None:
    """Cut off whatever is playing and say `text`, for at most `within_s`. Best effort: the
    speaker may be the part that failed, and the caller prints the same news anyway."""
    with contextlib.suppress(AudioDeviceLost, UserFacingError, OSError, RuntimeError):
        speaker.abort()
        speaker.say(text)
        until = time.monotonic() + within_s
        while speaker.is_speaking() and time.monotonic() < until:
            time.sleep(0.05)
