"""PocketSphinx, which works out of the box: a per-listen JSGF grammar with a garbage path.

A closed grammar turns every sound into the nearest expected phrase ("go" becomes "no"), so the
grammar offers a list of common English words as an alternative: what lands on one of them is
`UNKNOWN`. PocketSphinx gives no usable confidence for a grammar search, so its hypotheses carry
none (`None`); the garbage path is the only rejection. The figures behind these choices are in
`benchmarks/README.md` (`benchmarks/recognition.py`).
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import pocketsphinx

from assistant.adapters.noise_floor import FAINT_NOISE, with_noise_floor
from assistant.adapters.pocketsphinx.endpointing import Endpointer
from assistant.adapters.pocketsphinx.words import GARBAGE_WORDS, extra_pronunciations, normalise
from assistant.config import SAMPLE_RATE_HZ
from assistant.ports import UNKNOWN, Hypothesis

log = logging.getLogger(__name__)

_PLOSIVES = frozenset({"P", "T", "K", "B", "D", "G"})
"""A phrase ending in one ("stop") may still be released after a silent closure."""
_SEARCH = "listen"
_TAIL = FAINT_NOISE[:4800].tobytes()
"""Audio that stops abruptly needs a tail to reach its last word."""
SETTLE_S = 0.05
"""In the whole grammar a partial is reported once it has stayed the best path over this much
more audio. Mid-word, the best path is often a shorter phrase that merely begins alike: "start
..." questions showed "stop" for one 50 ms block in 7 of 189 menu questions spoken by espeak-ng
(63 at three speeds), and "which massage helps with constipation" once ended a test's session
as "quit". On the fitting speakers' single words this removed 3 of 13 stops heard in other
words and lost no real stop (40 clips a word, menu grammar, 50 ms blocks)."""


@dataclass(frozen=True)
class Rejection:
    """How PocketSphinx refuses to guess; the bench measures both."""

    garbage: bool = True
    """Offer common words as an alternative path in the grammar (off: a closed grammar)."""


class PocketSphinxRecognizer:
    """Streaming: voice activity ends an utterance after ~0.5 s of silence (0.24 s once the
    words are a whole expected phrase), then the final."""

    name = "PocketSphinx"
    sample_rate_hz = SAMPLE_RATE_HZ

    def __init__(self, rejection: Rejection = Rejection()) -> None:
        self._decoder = pocketsphinx.Decoder(pocketsphinx.Config(lm=None, loglevel="FATAL"))
        for word, phones in extra_pronunciations():
            self._decoder.add_word(word, phones)
        self._rejection = rejection
        self._initial_cmn = self._decoder.get_cmn(False)
        self._pronunciations: dict[str, str | None] = {}
        self._phrases: tuple[str, ...] = ()
        self._eager = False
        self._complete_when_quiet: frozenset[str] = frozenset()
        self._pending = b""
        self._in_utterance = False
        self._audio = bytearray()
        self._last_partial = ""
        self._settling = ("", 0)
        """The partial waiting to settle, and how much utterance audio there was when it came."""
        self._endpointer = Endpointer()

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        """`eager` drops the garbage words: over the assistant's speech, with the echo mixed in,
        they took 4 to 9 of 12 real "stop"s; without them none was missed (benchmarks/README)."""
        if self._in_utterance:
            self._decoder.end_utt()
        self._eager = eager
        self._phrases = tuple(p for p in dict.fromkeys(map(normalise, phrases)) if self._known(p))
        self._complete_when_quiet = frozenset(p for p in self._phrases if not self._ends_closed(p))
        self._decoder.add_jsgf_string(_SEARCH, self._grammar(self._rejection.garbage and not eager))
        self._decoder.activate_search(_SEARCH)
        self._endpointer = Endpointer()
        self._reset_utterance()

    def _ends_closed(self, phrase: str) -> bool:
        phones = (self._phones(phrase.split()[-1]) or "").split()
        return bool(phones) and phones[-1] in _PLOSIVES

    def missing_words(self, phrases: Sequence[str]) -> list[str]:
        """Words of these phrases with no pronunciation: phrases holding one cannot be heard."""
        words = dict.fromkeys(w for p in phrases for w in normalise(p).split())
        return [w for w in words if self._phones(w) is None]

    def _phones(self, word: str) -> str | None:
        """A word's pronunciation, looked up in the decoder once. pocketsphinx 5.1.1's
        `Decoder.lookup_word` never frees the string `ps_lookup_word` allocates for it (32 bytes
        a word found), and each grammar looked up the ~210 garbage words again: at a cue every
        5 s, 5.3 MB of native memory an hour. The dictionary is complete after `__init__`, so
        an answer kept cannot go stale; the words asked about are the grammar's and content's."""
        if word not in self._pronunciations:
            self._pronunciations[word] = self._decoder.lookup_word(word)
        return self._pronunciations[word]

    def _known(self, phrase: str) -> bool:
        missing = self.missing_words([phrase])
        if missing:
            log.warning("dropping %r: not in the pronunciation dictionary: %s", phrase, missing)
        return bool(phrase) and not missing

    def _grammar(self, garbage: bool) -> str:
        """Expected phrases, plus garbage words that neither are one nor sound like one."""
        taken = {w for p in self._phrases for w in p.split()}
        sounds = {self._phones(p) for p in self._phrases if " " not in p}
        others = [
            w
            for w in (GARBAGE_WORDS if garbage else [])
            if w not in taken and self._phones(w) not in sounds
        ]
        alternatives = [*self._phrases, *others] or ["<VOID>"]
        return "#JSGF V1.0;\ngrammar listen;\npublic <heard> = " + " | ".join(alternatives) + ";\n"

    def accept(self, pcm: bytes) -> Hypothesis | None:
        self._pending += pcm
        size = self._endpointer.frame_bytes
        final: Hypothesis | None = None
        while len(self._pending) >= size:
            frame, self._pending = self._pending[:size], self._pending[size:]
            speech = self._endpointer.process(frame)
            if speech is not None:
                self._feed(speech)
            if self._in_utterance and self._endpointer.pausing and self._says_a_phrase():
                self._endpointer.end_early()
            if self._in_utterance and not self._endpointer.in_speech:
                final = self._end_utterance()
        return final or self._partial()

    def finish(self) -> Hypothesis | None:
        if self._in_utterance:
            self._feed(self._pending + _TAIL)
        self._pending = b""
        self._endpointer = Endpointer()
        return self._end_utterance() if self._in_utterance else None

    def _feed(self, speech: bytes) -> None:
        if not self._in_utterance:
            self._decoder.start_utt()
            self._in_utterance = True
        self._decoder.process_raw(speech, False, False)
        self._audio += speech

    def _says_a_phrase(self) -> bool:
        """Whether the words so far are one whole expected phrase (the response comes sooner)."""
        hyp = self._decoder.hyp()
        return hyp is not None and hyp.hypstr in self._complete_when_quiet

    def _partial(self) -> Hypothesis | None:
        """The words so far: the final decides, but "stop" may act on a partial. Over the
        assistant's voice (`eager`: urgent phrases only) each partial counts at once; in the
        whole grammar it must first settle (`SETTLE_S`)."""
        hyp = self._decoder.hyp() if self._in_utterance else None
        text = hyp.hypstr if hyp is not None else ""
        if not text or text == self._last_partial or not self._settled(text):
            return None
        self._last_partial = text
        return Hypothesis(text, text if text in self._phrases else UNKNOWN, None, final=False)

    def _settled(self, text: str) -> bool:
        if self._eager:
            return True
        if text != self._settling[0]:
            self._settling = (text, len(self._audio))
        return len(self._audio) - self._settling[1] >= SETTLE_S * SAMPLE_RATE_HZ * 2

    def _decode_utterance(self) -> str:
        """The whole utterance decoded again, from the initial cepstral mean: the streaming pass
        started before the speech did, and a final must not depend on earlier utterances."""
        self._decoder.set_cmn(self._initial_cmn)
        self._decoder.start_utt()
        self._decoder.process_raw(with_noise_floor(bytes(self._audio)), False, True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        return hyp.hypstr if hyp is not None else ""

    def _end_utterance(self) -> Hypothesis | None:
        """The final: an expected phrase, or `UNKNOWN` for whatever took the garbage path."""
        self._decoder.end_utt()
        text = self._decode_utterance()
        self._reset_utterance()
        if not text:
            return None
        return Hypothesis(text, text if text in self._phrases else UNKNOWN, None, final=True)

    def _reset_utterance(self) -> None:
        self._in_utterance = False
        self._audio = bytearray()
        self._last_partial = ""
        self._settling = ("", 0)
