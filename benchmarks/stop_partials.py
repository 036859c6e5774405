"""How soon Vosk's whole grammar hears "stop" over the cancelled echo, and what its look-alike
words cost (issue 12's latency floor).

With echo cancellation on, the whole grammar of a massage step stays live while the assistant
speaks (`voice.over_speech`), and the session ends on the first partial hypothesis that holds
a stop phrase. Offline, on `echo_offline`'s scenes (the assistant's voice through the room,
60 ms further delay, the voice ducked 200 ms into the word), each held-out "stop" is said at
0 and +6 dB of echo and heard as the recogniser hears it live: through SpeexDSP's linear filter.
Three grammars: the step's as shipped; the same without the words that begin like "stop"
("step" of "next step", "strong" of "too strong"); the stop words alone (what is heard over an
echo that is not cancelled). For each, the time from the word's end to the first hypothesis
holding a stop phrase, and which of the words that begin like "stop", said by espeak-ng over
the same echo, are heard as one (a false stop).
"""

import os
from collections.abc import Sequence

import numpy as np
import soxr

from assistant.adapters.aec_engines import RATE_HZ, SpeexLinearAec
from assistant.adapters.models import find_model
from assistant.adapters.speech_synth import SpeechSynth, Voice
from assistant.config import Settings
from assistant.ports import Recognizer
from assistant.voice.self_echo import STOP_PHRASES, urgent_in
from benchmarks.echo_offline import (
    USER_AT_S,
    USER_RMS,
    Signal,
    _cancel,
    _far_end,
    _scene,
    speech_rms,
)
from benchmarks.noise_dialog import at_step
from benchmarks.speech_commands import ATTRIBUTION, load_clips

LEVELS_DB = (0.0, 6.0)
LOOK_ALIKES = ("step", "next step", "strong", "too strong", "stay", "still", "start", "stuff")
"""Words that begin like "stop": two in the step's grammar, the rest not."""
VOICES = ("en-us", "en-gb-scotland", "en-gb-x-rp", "en-029")
BLOCK_BYTES = 1600
"""50 ms blocks, as the microphone gives them."""


def _grammars(step: Sequence[str]) -> dict[str, tuple[str, ...]]:
    alike = {w for p in step for w in p.split() if w.startswith("st") and w != "stop"}
    return {
        "as shipped": tuple(step),
        "without " + " / ".join(sorted(alike)): tuple(
            p for p in step if not alike & set(p.split())
        ),
        "stop words alone": tuple(p for p in step if p in STOP_PHRASES),
    }


def _first_stop_s(recognizer: Recognizer, phrases: tuple[str, ...], heard: Signal) -> float | None:
    """Seconds from the start of `heard` to the first hypothesis holding a stop phrase, as the
    stream gives them (a final only from `finish`, once the audio ran out, does not count: live,
    the echo would have gone on)."""
    recognizer.set_expected(phrases, eager=True)
    pcm = np.clip(heard, -32768, 32767).astype(np.int16).tobytes()
    for start in range(0, len(pcm), BLOCK_BYTES):
        hypothesis = recognizer.accept(pcm[start : start + BLOCK_BYTES])
        if hypothesis is not None and any(p in STOP_PHRASES for p in urgent_in(hypothesis.text)):
            return (start + BLOCK_BYTES) / 2 / RATE_HZ
    recognizer.finish()
    return None


def _around_the_word(far: Signal, user: Signal, level_db: float) -> tuple[Signal, float]:
    """The cancelled microphone from 1 s before the word to 2 s after, and the word's end
    (its last loud sample) in it."""
    scene = _scene(far, user, level_db, 0.06)
    out, _ = _cancel(SpeexLinearAec(), scene["mic"], scene["reference"])
    at = int(USER_AT_S * RATE_HZ)
    loud = np.flatnonzero(np.abs(user * USER_RMS / speech_rms(user)) > 1500)
    end = (int(loud[-1]) if loud.size else len(user)) / RATE_HZ
    return out[at - RATE_HZ : at + 2 * RATE_HZ], 1.0 + end


def _percentile(values: list[float], q: int) -> int | None:
    return round(float(np.percentile(values, q))) if values else None


def _spoken(synth: SpeechSynth, text: str, voice: str) -> Signal:
    rendered = synth.render(text, Voice(voice, 150))
    return np.asarray(soxr.resample(rendered.samples.astype(np.float64), rendered.rate_hz,
                                    RATE_HZ), np.float64)  # fmt: skip


def run() -> dict[str, object]:
    model_path = find_model(Settings(), os.environ)
    if model_path is None:
        return {"skipped": "no Vosk model installed (make models)"}
    from assistant.adapters.vosk import VoskRecognizer, load_model

    recognizer = VoskRecognizer(load_model(model_path))
    trials = 2 * int(os.environ.get("VOICE_BENCH_TRIALS", "12"))
    clips = sorted((c for c in load_clips() if c.word == "stop" and c.held_out),
                   key=lambda c: c.path.name)[:trials]  # fmt: skip
    users = [np.frombuffer(c.pcm, np.int16).astype(np.float64) for c in clips]
    synth, far = SpeechSynth(), _far_end()
    alikes = {(w, v): _spoken(synth, w, v) for w in LOOK_ALIKES for v in VOICES}
    grammars = _grammars(at_step()[1].expect)
    rows: list[dict[str, object]] = []
    for level_db in LEVELS_DB:
        stops = [_around_the_word(far, user, level_db) for user in users]
        said = {key: _around_the_word(far, voice, level_db)[0] for key, voice in alikes.items()}
        for name, phrases in grammars.items():
            after = []
            for heard, word_end in stops:
                at = _first_stop_s(recognizer, phrases, heard)
                if at is not None:
                    after.append(1000 * (at - word_end))
            false = sorted({w for (w, v), heard in said.items()
                            if _first_stop_s(recognizer, phrases, heard) is not None})  # fmt: skip
            rows.append({
                "echo_db": level_db, "grammar": name,
                "stops_heard": f"{len(after)} / {len(stops)}",
                "word_end_to_stop_p50_ms": _percentile(after, 50),
                "word_end_to_stop_p95_ms": _percentile(after, 95),
                "look_alikes_heard_as_stop": f"{len(false)} / {len(LOOK_ALIKES)}: "
                + ", ".join(false),
            })  # fmt: skip
            print(rows[-1], flush=True)
    return {"data": ATTRIBUTION, "look_alike_voices": list(VOICES), "rows": rows}
