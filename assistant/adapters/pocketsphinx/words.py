"""The words PocketSphinx is given besides the expected phrases: the garbage path that lets it
refuse to guess, and the pronunciations its dictionary lacks."""

import re
from pathlib import Path

GARBAGE_WORDS = """
a about after again all also am an and any are as ask at away back be because been before
being best big both but by call came can come could day did do does done down each even every
few find first for from get give go going good got great had has have he her here him his home
how i if in into is it its just keep know last late left let life like little long look made
make man many may me might more most much must my name need never new next night now of off oh
okay old on once one only or other our out over own part people place put quite rather read
real right said same saw say see seem set she should show side since so some soon still such
sure take tell than thank that the their them then there these they thing think this those
though three through time to today too took try turn two under until up upon us use very wait
want was way we well went were what when where which while who why will wish with word work
would yeah year yet you your zero four five six seven eight nine ten
""".split()
"""Frequent short words: whatever the user says that is not expected lands on one of these."""

PRONUNCIATIONS_FILE = Path(__file__).with_name("pronunciations.dict")
"""Content words missing from the model's dictionary (medical terms, British spellings)."""


def extra_pronunciations(path: Path = PRONUNCIATIONS_FILE) -> list[tuple[str, str]]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [
        (word, phones.strip())
        for word, _, phones in (line.partition(" ") for line in lines)
        if word and not word.startswith("#")
    ]


def normalise(phrase: str) -> str:
    """Lowercase words as the dictionary spells them: letters and apostrophes only."""
    return " ".join(re.sub(r"[^a-z' ]+", " ", phrase.lower()).split())
