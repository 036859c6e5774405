"""Shared fixtures: real audio devices from a private PulseAudio that the test run starts."""

from collections.abc import Iterator

import pytest

from assistant.adapters.pulse import VirtualAudio


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[VirtualAudio]:
    """A virtual speaker and microphone with an echo path at a realistic level (-12 dB).

    `PULSE_SERVER` points at it for the whole test session, so sounddevice's "pulse" and
    "default" devices are these.
    """
    with VirtualAudio(echo_db=-12.0) as audio:
        yield audio
