"""Opens the concrete adapters that `Settings` name: the only place that picks an engine or a
device. The command modules call it and hand the parts to `voice.wiring.build_session`, so the
voice package never imports a concrete adapter."""

import logging
import os
from collections.abc import Sequence

from assistant.adapters import models
from assistant.adapters.recognizer_guard import GuardedRecognizer
from assistant.adapters.speech_synth import SpeechSynth
from assistant.config import Settings
from assistant.errors import UserFacingError
from assistant.ports import (
    AudioDeviceLost,
    AudioParts,
    EchoCanceller,
    Microphone,
    Recognizer,
    Speaker,
)

log = logging.getLogger(__name__)


def make_recognizer(settings: Settings) -> Recognizer:
    """Vosk if a model is found (or asked for), else PocketSphinx, which needs no download;
    Vosk behind the noise suppressor (`Settings.noise_suppression`); guarded, so that one
    failure of the engine costs an utterance, not the session."""
    engine = _make_engine(settings)
    if settings.noise_suppression and engine.name == "Vosk":
        from assistant.adapters.noise_suppressor import NoiseSuppressedRecognizer

        engine = NoiseSuppressedRecognizer(engine, settings.noise_suppression)
    return GuardedRecognizer(engine)


def _make_engine(settings: Settings) -> Recognizer:
    model = models.find_model(settings, os.environ)
    if settings.engine == "pocketsphinx" or (settings.engine == "auto" and model is None):
        from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer

        return PocketSphinxRecognizer()
    if model is None:
        raise UserFacingError(
            f"no Vosk model: run `massage-assistant models download`, pass --model DIR, "
            f"or set {models.MODEL_ENV}"
        )
    from assistant.adapters.vosk import VoskLoadingInBackground

    return VoskLoadingInBackground(models.require_model(model))


def make_microphone(settings: Settings) -> Microphone:
    """The input device from `--input-device` (name or index), else the system default."""
    from assistant.adapters.microphone import SoundDeviceMicrophone

    return SoundDeviceMicrophone(settings.input_device, block_ms=settings.mic_block_ms)


def make_speaker(
    settings: Settings, marked_phrases: Sequence[str], synth: SpeechSynth | None = None
) -> Speaker:
    """The output device from `--output-device`; `marked_phrases` are the ones whose playing
    times it reports (the runtime's urgent phrases, to tell its own echo)."""
    from assistant.adapters.speaker import SoundDeviceSpeaker

    try:
        return SoundDeviceSpeaker(settings, synth or SpeechSynth(), marked_phrases)
    except AudioDeviceLost as lost:
        raise UserFacingError(str(lost)) from lost


def open_parts(
    settings: Settings, marked_phrases: Sequence[str], synth: SpeechSynth | None = None
) -> AudioParts:
    """The recogniser, speaker and microphone of a live session; the caller closes them. With
    `echo_cancel`, speaker and microphone share one duplex stream and the canceller sits
    between them; where that cannot open, a one-line notice and the separate streams.

    `synth`: an already started speech synthesiser to reuse (tests and benchmarks share one).
    """
    recognizer = make_recognizer(settings)
    if settings.echo_cancel:
        cancelling = _open_cancelling(settings, marked_phrases, synth)
        if cancelling is not None:
            return AudioParts(cancelling[1], recognizer, cancelling[0], canceller=cancelling[2])
    speaker = make_speaker(settings, marked_phrases, synth)
    try:
        microphone = make_microphone(settings)
    except BaseException:
        speaker.close()
        raise
    return AudioParts(microphone, recognizer, speaker)


def _open_cancelling(
    settings: Settings, marked_phrases: Sequence[str], synth: SpeechSynth | None
) -> tuple[Speaker, Microphone, EchoCanceller] | None:
    """Speaker, microphone and canceller on one duplex stream; None, with a one-line notice,
    where the engine cannot start or the devices refuse a duplex stream."""
    import sounddevice

    from assistant.adapters.aec_engines import EngineUnavailable, SpeexLinearAec, WebRtcAec
    from assistant.adapters.duplex import DuplexMicrophone, DuplexStream
    from assistant.adapters.echo_canceller import PairedCanceller
    from assistant.adapters.speaker import BLOCK_S, SoundDeviceSpeaker

    try:
        WebRtcAec(), SpeexLinearAec()  # fail here, not in the session, if a library cannot start
        stream = DuplexStream(settings.input_device, settings.output_device, BLOCK_S)
        speaker = SoundDeviceSpeaker(
            settings, synth or SpeechSynth(), marked_phrases, open_stream=stream.open_output
        )
    except (EngineUnavailable, AudioDeviceLost, sounddevice.PortAudioError, ValueError) as error:
        log.warning("echo cancellation is off: %s", error)
        return None
    microphone = DuplexMicrophone(stream)
    return speaker, microphone, PairedCanceller(WebRtcAec, microphone, SpeexLinearAec)
