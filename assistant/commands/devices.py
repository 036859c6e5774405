"""`massage-assistant devices`: the audio inputs and outputs, to pick one by name or index."""

import argparse

from assistant.config import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.adapters.microphone import list_devices

    devices = list_devices()
    if not devices:
        print("no audio devices found")
    for d in devices:
        kinds = ", ".join(k for k, n in (("input", d.inputs), ("output", d.outputs)) if n)
        mark = " (default)" if d.default else ""
        print(f"{d.index:3}  {d.name}  [{kinds}, {d.rate_hz} Hz]{mark}")
    return 0
