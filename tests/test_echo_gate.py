"""The echo gate on its own: what it lets through while the assistant speaks.

The speaker played at a steady level; the microphone holds the echo left after cancellation,
and then the user. Levels are RMS on the -1..1 scale.
"""

import numpy as np

from assistant.config import SAMPLE_RATE_HZ
from assistant.voice.echo_gate import EchoGate

BLOCK_S = 0.1
PLAYED_RMS = 0.3


def steady_speaker(start: float, end: float) -> float:
    return PLAYED_RMS


def block(rms: float, seed: int) -> bytes:
    noise = np.random.default_rng(seed).standard_normal(int(SAMPLE_RATE_HZ * BLOCK_S))
    return (noise * rms * 32768.0).astype(np.int16).tobytes()


def through_gate(heard: list[bytes], judged: list[bytes] | None) -> tuple[bytes, EchoGate]:
    gate = EchoGate(steady_speaker)
    out = b"".join(
        gate.filter(pcm, (index + 1) * BLOCK_S, None if judged is None else judged[index])
        for index, pcm in enumerate(heard)
    )
    return out, gate


def test_judged_by_the_full_cancellers_output_the_user_passes_over_the_linear_residue() -> None:
    """The linear filter left the echo 10 dB down; the user is only 4 dB above that residue,
    too little for the gate on that signal alone, plain on the full canceller's output."""
    echo_s, user_s = 3.0, 0.5
    echo_blocks, user_blocks = round(echo_s / BLOCK_S), round(user_s / BLOCK_S)
    heard = [block(0.03, i) for i in range(echo_blocks)]
    heard += [block(0.048, 100 + i) for i in range(user_blocks)]
    judged = [block(0.0003, 200 + i) for i in range(echo_blocks)]
    judged += [block(0.045, 300 + i) for i in range(user_blocks)]

    alone, gate = through_gate(heard, None)
    assert gate.passed_at is None
    assert not np.any(np.frombuffer(alone, np.int16))

    out, gate = through_gate(heard, judged)
    assert gate.passed_at is not None and gate.passed_at > echo_s
    samples = np.frombuffer(out, np.int16)
    user_starts = int(echo_s * SAMPLE_RATE_HZ)
    assert not np.any(samples[: user_starts - SAMPLE_RATE_HZ // 5])  # the echo stays out
    assert np.count_nonzero(samples[user_starts:]) > 0.8 * (len(samples) - user_starts)
