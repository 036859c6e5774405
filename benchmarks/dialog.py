"""The dialog's own pace: virtual seconds and turns from the greeting to the first massage step.

Runs the real `chat --jsonl --virtual-clock` session (the same `ChatSession` the command uses)
at the default speaking rate, so every line costs the time it takes to say. The constipation
case is the one a new user meets first: ask which massage helps, accept, answer the doctor
question and the nine safety questions, then start.
"""

import io
import json
from typing import Any

from assistant.chat.clock import VirtualClock
from assistant.chat.protocol import ChatSession, Printer
from assistant.config import DEFAULT_CONTENT_DIR, Settings
from assistant.content_files import load_content
from assistant.core.dialog import Dialog

BEFORE = {"seconds": 189.8, "turns": 14, "commit": "ded6be4"}
"""Measured on the old dialog (read-back of all nine answers, intro and cautions in one go),
with `printf 'which massage helps with constipation\\nyes\\n' + nine 'no' + 'yes' x3`."""
TARGET = {"seconds": 120.0, "turns": 13}


def first_step(lines: list[str]) -> dict[str, Any]:
    """Seconds from the greeting to the first instruction, and the turns the user took."""
    content = load_content(DEFAULT_CONTENT_DIR)
    out = io.StringIO()
    session = ChatSession(Dialog(content), VirtualClock(), Printer(out, jsonl=True),
                          Settings().rate_wpm, patient=False)  # fmt: skip
    session.run(io.StringIO("".join(f"{line}\n" for line in lines)))
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    at = next(i for i, r in enumerate(records) if r.get("kind") == "instruction")
    turns = sum(1 for r in records[:at] if "listen" in r)
    return {"seconds": round(records[at]["t"], 1), "turns": turns}


def run() -> dict[str, Any]:
    asked = ["which massage helps with constipation", "yes", "yes", *["no"] * 9]
    return {
        "constipation, greeting to first step": {
            "before": BEFORE,
            "after, skipping the known cautions": first_step([*asked, "skip"]),
            "after, hearing every caution": first_step([*asked, "yes", "yes"]),
            "target": TARGET,
        }
    }
