"""WebRTC noise suppression and gain control (`webrtc-noise-gain`) in front of each engine,
measured as `noise.py` measures the shipped path: clean and each noise at 10 dB SNR, with each
setting below on the same inputs. It chose the shipped setting (`Settings.noise_suppression`:
level 3 for Vosk, none for PocketSphinx). Run alone: `python -m benchmarks noise_suppression`.
"""

from multiprocessing import Pool

from benchmarks.noise import engines, measure, voiced
from benchmarks.noise_mix import NOISES, Noises
from benchmarks.speech_commands import load_clips

CONDITIONS = [("clean", None), *[(noise, 10.0) for noise in NOISES]]
SETTINGS = {"vosk": ((0, 0), (1, 0), (2, 0), (3, 0), (2, 3)),
            "pocketsphinx": ((0, 0), (2, 0), (3, 0))}
"""(suppression level 0-4, gain control target in dB below full scale, 0: none) per engine.
PocketSphinx decodes at 0.3-0.8x real time here: fewer settings."""


def run() -> dict[str, object]:
    clips = load_clips()
    noises = Noises(clips)
    answers = voiced()
    results: dict[str, object] = {}
    with Pool(2) as pool:
        for engine in engines():
            for level, gain in SETTINGS[engine]:
                name = f"{engine}, suppression {level}" + (f", gain {gain} dBFS" if gain else "")
                results[name] = measure(engine, pool, clips, noises, answers, CONDITIONS,
                                        level, gain)  # fmt: skip
    return results
