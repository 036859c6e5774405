"""Long sessions, short: an hour of virtual time through the dialog, and half a minute of real time
through the real runtime on the virtual devices (the ten-minute run is `make bench`)."""

import pytest

from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from benchmarks.soak import MAX_TURNS, real_run, rss_bytes, virtual_hour

CUES_PER_HOUR = 3600 // 5


def test_an_hour_of_cooperative_sessions_all_complete_and_hold_no_memory() -> None:
    hour = virtual_hour()
    assert hour["virtual_s"] >= 3600 and hour["sessions"] >= 3
    assert hour["completed"] == hour["sessions"], f"a session ran past {MAX_TURNS} turns"
    assert hour["traced_growth_mb_per_hour"] < 1.0


@pytest.mark.slow
def test_half_a_minute_of_real_cues_leaves_nothing_behind_and_loses_no_audio() -> None:
    """Its own PulseAudio, opened and closed inside (a shared test server stays as it was)."""
    figures = real_run(30.0)
    assert figures["reason"] == "completed" and figures["cues"] >= 5
    assert figures["overflows"] == 0
    assert (figures["fds_left"], figures["threads_left"], figures["children_left"]) == (0, 0, 0)


@pytest.mark.slow
def test_an_hour_of_cues_switching_the_grammar_holds_no_native_memory() -> None:
    """Each cue turns "stop" eager while the assistant speaks and back after: two new grammars.
    Each grammar once leaked 3.7 kB in PocketSphinx (5.3 MB an hour, under tracemalloc's eyes
    flat); the floor for the whole runtime is 5 MB an hour."""
    recognizer = PocketSphinxRecognizer()

    def an_hour_of_cues() -> None:
        for _ in range(CUES_PER_HOUR):
            recognizer.set_expected(["stop"], eager=True)
            recognizer.set_expected(["stop"], eager=False)

    an_hour_of_cues()  # warm up: the allocator's own pools
    before = rss_bytes()
    an_hour_of_cues()
    assert (rss_bytes() - before) / 1e6 < 1.0
