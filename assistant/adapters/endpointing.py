"""Where an utterance starts and ends in a stream, for recognisers without their own endpointer."""

from collections import deque

import pocketsphinx


class Endpointer:
    """Speech starts at 3 voiced frames out of 5 (keeping 0.3 s before), ends after 0.5 s unvoiced.

    PocketSphinx's own endpointer needs 90% of a window voiced, which a short "no" never is.
    """

    _FRAMES_TO_END = 17

    def __init__(self) -> None:
        self._vad = pocketsphinx.Vad(pocketsphinx.Vad.LOOSE)
        self.frame_bytes: int = self._vad.frame_bytes
        self._lead_in: deque[tuple[bytes, bool]] = deque(maxlen=10)
        self._unvoiced_run = 0
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
