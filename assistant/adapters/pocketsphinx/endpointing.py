"""Where an utterance starts and ends in a stream, for recognisers without their own endpointer."""

from collections import deque

import pocketsphinx


class Endpointer:
    """Speech starts at 3 voiced frames out of 5 (keeping 0.3 s before), ends after 0.5 s unvoiced.

    PocketSphinx's own endpointer needs 90% of a window voiced, which a short "no" never is.
    """

    _FRAMES_TO_END = 17
    _FRAMES_TO_END_EARLY = 8
    """When the words so far already are a whole expected phrase, 0.24 s of quiet will do. On
    the held-out Speech Commands speakers 0.12 s lost 3 of 58 "yes" and 3 of 60 "no" (a final
    fricative reads as quiet); 0.24 s lost 1 "yes" and took the end-to-final delay from about
    0.75 s to 0.5 s (median, "yes" and "no")."""

    def __init__(self) -> None:
        self._vad = pocketsphinx.Vad(pocketsphinx.Vad.LOOSE)
        self.frame_bytes: int = self._vad.frame_bytes
        self._lead_in: deque[tuple[bytes, bool]] = deque(maxlen=10)
        self._unvoiced_run = 0
        self.in_speech = False

    @property
    def pausing(self) -> bool:
        """In speech, but quiet long enough that a complete phrase may be taken as said."""
        return self.in_speech and self._unvoiced_run >= self._FRAMES_TO_END_EARLY

    def end_early(self) -> None:
        """The words heard are complete: end the utterance now, not after the full silence."""
        self.in_speech = False

    def process(self, frame: bytes) -> bytes | None:
        """The audio to decode for this frame (with the lead-in when speech starts), if any."""
        voiced = bool(self._vad.is_speech(frame))
        if self.in_speech:
            self._unvoiced_run = 0 if voiced else self._unvoiced_run + 1
            self.in_speech = self._unvoiced_run < self._FRAMES_TO_END
            return frame
        self._lead_in.append((frame, voiced))
        if sum(v for _, v in list(self._lead_in)[-5:]) < 3:
            return None
        self.in_speech, self._unvoiced_run = True, 0
        audio = b"".join(f for f, _ in self._lead_in)
        self._lead_in.clear()
        return audio
