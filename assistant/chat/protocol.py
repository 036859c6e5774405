"""The scripted-session protocol: the dialog driven by text, for people, tests and tools.

`chat --jsonl` prints one JSON object a line (say, listen, end) and reads one line per listen:
words (said at once), an empty line (silent for the whole window), `@4.5 words` (silent 4.5 s,
then said; dropped if the window ends first); end of input is silence from then on. With
`--virtual-clock`, time advances by the speech and the silences instead of passing for real.
"""

import json
import re
from dataclasses import dataclass
from typing import TextIO

from assistant.core.actions import Action, AdjustVoice, End, Listen, Say
from assistant.core.dialog import Dialog
from assistant.core.events import Event, Heard, Silence, Start, Tick
from assistant.errors import UserFacingError
from assistant.ports import ChatClock

_DELAYED = re.compile(r"@(?P<delay>\S+)(?:\s+(?P<words>.*))?")
MIN_RATE_WPM = 80
PATIENT_WINDOW_S = 24 * 3600.0


@dataclass(frozen=True)
class Line:
    """One input line: words said after `delay_s` of silence ("" words: silent throughout)."""

    words: str
    delay_s: float = 0.0


def parse_line(raw: str) -> Line:
    """Reads one driver line; malformed lines are the driver's mistake, said in one line."""
    text = raw.strip()
    match = _DELAYED.fullmatch(text)
    if not text.startswith("@"):
        return Line(text)
    if match is None or not (words := (match["words"] or "").strip()):
        raise UserFacingError(f"malformed input line {text!r}: expected '@SECONDS words'")
    try:
        delay_s = float(match["delay"])
    except ValueError:
        raise UserFacingError(f"malformed delay in {text!r}: not a number of seconds") from None
    if not 0 <= delay_s < 86400:
        raise UserFacingError(f"malformed delay in {text!r}: must be 0 or more seconds")
    return Line(words, delay_s)


class Printer:
    """Writes the assistant's side: JSON lines for tools, or plain text for people."""

    def __init__(self, out: TextIO, jsonl: bool) -> None:
        self.out = out
        self.jsonl = jsonl

    def emit(self, t: float, action: Say | Listen | End, timeout_s: float = 0.0) -> None:
        if self.jsonl:
            record: dict[str, object] = {"t": round(t, 2)}
            match action:
                case Say(text=text, kind=kind):
                    record |= {"say": text, "kind": kind}
                case Listen():
                    record["listen"] = {
                        "expect": list(action.expect),
                        "timeout_s": round(timeout_s, 2),
                        "context": action.context,
                        "covers": list(action.covers),
                    }
                case End(reason=reason, because=because):
                    record |= {"end": reason, "because": list(because)}
            self.out.write(json.dumps(record) + "\n")
        else:
            match action:
                case Say(text=text, kind=kind):
                    marker = {"warning": "(!) ", "cue": "[cue] "}.get(kind, "")
                    self.out.write(f"[{t:6.1f}] assistant: {marker}{text}\n")
                case Listen():
                    self.out.write("you> ")
                case End(reason=reason):
                    self.out.write(f"[{t:6.1f}] (session ended: {reason})\n")
        self.out.flush()


class ChatSession:
    """Runs one dialog over a line-based transport until the dialog ends."""

    def __init__(
        self, dialog: Dialog, clock: ChatClock, printer: Printer, rate_wpm: int, patient: bool
    ) -> None:
        self.dialog = dialog
        self.clock = clock
        self.printer = printer
        self.rate_wpm = rate_wpm
        self.patient = patient
        """A person typing: questions wait for the answer instead of timing out."""

    def run(self, lines: TextIO) -> None:
        listen = self._perform(self.dialog.handle(Start(), self.clock.now()))
        while listen is not None:
            window_end = self._window_end(listen)
            self.printer.emit(self.clock.now(), listen, window_end - self.clock.now())
            raw = self.clock.read_line(lines, window_end)
            line = parse_line(raw) if raw is not None else Line("")
            if line.words and self.clock.now() + line.delay_s < window_end:
                self.clock.wait_until(self.clock.now() + line.delay_s)
                event: Event = Heard(line.words)
            else:
                self.clock.wait_until(window_end)
                event = Tick() if listen.context == "session" else Silence()
            listen = self._perform(self.dialog.handle(event, self.clock.now()))

    def _window_end(self, listen: Listen) -> float:
        deadline = self.dialog.next_deadline
        if listen.context == "session" and deadline is not None:
            return max(deadline, self.clock.now())
        return self.clock.now() + (PATIENT_WINDOW_S if self.patient else listen.timeout_s)

    def _perform(self, actions: list[Action]) -> Listen | None:
        """Speaks the lines and returns the listen in force, catching up on due cues first."""
        while True:
            listen: Listen | None = None
            for action in actions:
                match action:
                    case Say(text=text):
                        self.printer.emit(self.clock.now(), action)
                        self.clock.speak(len(text.split()) * 60.0 / self.rate_wpm)
                    case AdjustVoice(rate_delta_wpm=delta):
                        self.rate_wpm = max(MIN_RATE_WPM, self.rate_wpm + delta)
                    case Listen():
                        listen = action
                    case End():
                        self.printer.emit(self.clock.now(), action)
                        return None
            deadline = self.dialog.next_deadline
            if listen is None or deadline is None or deadline > self.clock.now():
                return listen
            actions = self.dialog.handle(Tick(), self.clock.now()) or [listen]
