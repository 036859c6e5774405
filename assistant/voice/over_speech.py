"""What can be said over the assistant's own voice, and how eagerly it is heard.

With its echo cancelled (`ports.EchoCanceller`, converged), the microphone holds the user's
voice and little else: the whole grammar of the moment stays live while it speaks ("repeat",
"slower", "pause" mid-sentence; through the virtual room at 0 dB Vosk understood 12 of 12),
heard eagerly: PocketSphinx's rejecting grammar heard the user's "stop" as "got", "still" or
"that" in 3 of 3 trials over cancelled speech, the eager one stopped 3 of 3; Vosk keeps its
rejecting grammar there (`vosk.VoskRecognizer.grammar`). Without, the echo reaches the
recogniser: only the
urgent phrases are listened for, and eagerly where a gate lets only a voice louder than the
echo through (a missed "stop" is the worse error).
"""

from collections.abc import Sequence

from assistant.voice.self_echo import URGENT_PHRASES


def grammar_over_speech(
    expect: Sequence[str], speaking: bool, gated: bool, cancelling: bool
) -> tuple[tuple[str, ...], bool]:
    """The phrases to listen for and whether to hear them eagerly."""
    if not speaking:
        return tuple(expect), False
    if cancelling:
        return tuple(expect), True
    return tuple(p for p in expect if p in URGENT_PHRASES), gated
