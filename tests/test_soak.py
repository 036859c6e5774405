"""Long sessions, short: an hour of virtual time through the dialog, and half a minute of real time
through the real runtime on the virtual devices (the ten-minute run is `make bench`)."""

import pytest

from benchmarks.soak import MAX_TURNS, real_run, virtual_hour


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
