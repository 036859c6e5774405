"""When each sample of an audio stream is heard, on the monotonic clock, without jitter.

A callback runs late by a varying amount; stamping each block with the time its callback ran
would shift the microphone against the speaker's record by that jitter, and an echo
canceller's filter cannot follow a path that jumps. So samples are counted from a start time
(`origin_at`), which each block re-estimates: an earlier estimate is taken at once (a callback
is never early), a later one only slowly, which follows a device clock that runs a little
slower than the monotonic one (0.2 % here) or samples lost in an overflow, not the jitter.
"""

FOLLOW_LATER = 0.02
"""Share of a later estimate taken per block (about 1 s to follow a step with 20 ms blocks)."""


class SampleClock:
    def __init__(self, rate_hz: int) -> None:
        self.rate_hz = rate_hz
        self.origin_at: float | None = None
        """When sample 0 was (or will be) at the device; None before the first block."""
        self.count = 0

    def add(self, frames: int, last_sample_at: float) -> None:
        """`frames` more samples, the last of them at the device at `last_sample_at`."""
        self.count += frames
        implied = last_sample_at - self.count / self.rate_hz
        if self.origin_at is None or implied < self.origin_at:
            self.origin_at = implied
        else:
            self.origin_at += FOLLOW_LATER * (implied - self.origin_at)

    def time_of(self, sample: int) -> float:
        return (self.origin_at or 0.0) + sample / self.rate_hz
