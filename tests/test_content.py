"""The content: the real files load and say what the article says; broken files fail on one line."""

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest

from assistant.config import DEFAULT_CONTENT_DIR
from assistant.content_files import ContentError, load_content
from assistant.core.content import Content, Technique
from assistant.core.menu import complaint
from assistant.core.phrases import Phrases
from assistant.core.words import contains_phrase

CLI = Path(sys.executable).parent / "massage-assistant"

ARTICLE_CONTRAINDICATIONS = (
    "gi_acute", "gi_bleeding", "abdominal_inflammation", "malignant_tumour", "gangrene",
    "thrombosis", "aneurysm", "osteomyelitis", "heart_failure", "fever", "pelvic_inflammation",
    "purulent", "skin_pustules", "severe_fatigue", "alcohol", "pregnancy", "postpartum",
)  # fmt: skip
CLASSICAL_ORDER = ("warm_up", "stroking", "rubbing", "kneading", "vibration", "closing", "rest")
"""Step ids start with their stage, so the order of stages can be checked."""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(DEFAULT_CONTENT_DIR)


def test_the_article_sections_are_all_there(content: Content) -> None:
    article = content.article
    assert (len(article.benefits), len(article.indications), len(article.objectives)) == (5, 2, 5)
    assert "remission" in article.indications[1]
    assert "neck and shoulder girdle" in article.technique_overview
    assert "one to two minutes" in article.palm_massage
    assert "mechanical dosed effects" in article.definition
    assert "without a specialist" in article.closing
    warnings = " ".join(article.warnings)
    for words in ("before you start", "consult a doctor", "at once", "keep track of how you feel"):
        assert words in warnings.lower()


def test_all_seventeen_contraindications_in_article_order(content: Content) -> None:
    assert tuple(item.id for item in content.contraindications) == ARTICLE_CONTRAINDICATIONS
    for item in content.contraindications:
        assert "," not in item.plain, "plain words are joined into one list with commas"


def test_every_contraindication_is_asked_about_in_a_minute(content: Content) -> None:
    asked = [covered for question in content.screening for covered in question.covers]
    assert sorted(asked) == sorted(ARTICLE_CONTRAINDICATIONS)
    assert 8 <= len(content.screening) <= 10
    for question in content.screening:
        assert re.match(r"(Do|Are|Have) you ", question.text) and question.text.endswith("?")
        assert "doctor" not in question.text, "the doctor question is a confirm phrase"
        assert question.echo.startswith(("No ", "Not ")) and question.echo.endswith(".")
        assert len(question.echo.split()) <= 5, "an echo is brief: it follows every answer"


def test_types_are_frozen_tuples(content: Content) -> None:
    technique = content.techniques[0]
    for value in (content.screening, content.techniques, technique.steps, technique.cautions):
        assert isinstance(value, tuple)
    assert isinstance(content.phrases, Phrases)


def test_the_four_techniques_exist(content: Content) -> None:
    ids = {technique.id for technique in content.techniques}
    assert {"abdomen", "neck_shoulders", "palms", "limbs_brush"} <= ids


def _stage(step_id: str) -> int:
    return next(i for i, stage in enumerate(CLASSICAL_ORDER) if step_id.startswith(stage))


@pytest.mark.parametrize("technique_id", ["abdomen", "neck_shoulders", "palms", "limbs_brush"])
def test_steps_follow_the_classical_order_with_sensible_times(
    content: Content, technique_id: str
) -> None:
    technique = content.technique(technique_id)
    stages = [_stage(step.id) for step in technique.steps]
    assert stages == sorted(stages)
    assert technique.steps[-1].id == "rest" and technique.steps[-2].id == "closing_strokes"
    low, high = (60, 120) if technique_id == "palms" else (180, 360)
    assert low <= technique.duration_s <= high
    for step in technique.steps:
        assert 20 <= step.duration_s <= 90
        assert step.cues, f"{step.id} has no cue"
        times = [cue.at_s for cue in step.cues]
        assert times == sorted(times) and all(0 < t < step.duration_s for t in times)


def _cue_texts(technique: Technique) -> list[str]:
    return [cue.text for step in technique.steps for cue in step.cues]


def test_one_sided_steps_switch_at_their_midpoint(content: Content) -> None:
    switches = 0
    for technique in content.techniques:
        for step in technique.steps:
            for cue in step.cues:
                if cue.text.startswith("Switch"):
                    switches += 1
                    assert cue.at_s == step.duration_s / 2, f"{technique.id} {step.id}"
    assert switches >= 4


def test_the_assistant_never_says_stop_while_guiding(content: Content) -> None:
    for technique in content.techniques:
        spoken = [technique.position, *(step.instruction for step in technique.steps)]
        for text in spoken + _cue_texts(technique):
            assert not contains_phrase(text.lower(), "stop"), text
        assert any("ten seconds left" in text.lower() for text in _cue_texts(technique))


@pytest.mark.parametrize(
    ("technique_id", "caution"),
    [
        ("abdomen", "full stomach"),
        ("abdomen", "press gently"),
        ("abdomen", "clockwise"),
        ("neck_shoulders", "front of your throat"),
        ("limbs_brush", "varicose veins, damaged skin, moles"),
        ("limbs_brush", "toward your heart"),
        ("palms", "dose the force"),
    ],
)
def test_techniques_carry_their_cautions(content: Content, technique_id: str, caution: str) -> None:
    cautions = " ".join(content.technique(technique_id).cautions).lower()
    assert caution in cautions
    assert "dose the force by how you feel" in cautions
    assert "stop the massage at once and consult a doctor" in cautions


def test_conditions_lead_to_existing_techniques_and_to_safety_first(content: Content) -> None:
    ids = {technique.id for technique in content.techniques}
    recommended = {tid for condition in content.conditions for tid in condition.techniques}
    assert recommended == ids
    for condition in content.conditions:
        names = [content.technique(tid).name.split()[0] for tid in condition.techniques]
        assert "safety questions" not in condition.answer, "the screening says it when it starts"
        assert any(name in condition.answer.lower() for name in names), condition.id
    ulcer = next(c for c in content.conditions if "stomach ulcer" in c.phrases)
    assert "remission" in ulcer.answer


def test_every_phrase_leads_to_one_condition(content: Content) -> None:
    """'pain' is inside 'neck pain': the longest phrase mentioned decides."""
    owners = [(phrase, c.id) for c in content.conditions for phrase in c.phrases]
    assert len({phrase for phrase, _ in owners}) == len(owners)
    for phrase, owner in owners:
        assert complaint(content, phrase) == owner, phrase
        assert complaint(content, f"i have {phrase} today") == owner, phrase


PLACEHOLDER_PHRASES = "[phrases]\n" + "".join(f'{f.name} = "{f.name}"\n' for f in fields(Phrases))


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """The real content in a folder of its own, to break one thing at a time."""
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    if not (copy / "phrases.toml").exists():
        (copy / "phrases.toml").write_text(PLACEHOLDER_PHRASES)
    return copy


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the test's edit no longer applies: {old!r}"
        return text.replace(old, new, 1)

    return edit


BROKEN = [
    # file, edit, expected start of the message, expected words in it
    ("screening.toml", _replace('echo = "No fever."\n', ""),
     "content/screening.toml: question[1].echo: ", "missing key"),
    ("commands.toml", _replace(', "exit",', ','),
     "content/commands.toml: command.stop: ", "lacks 'exit', heard over the assistant's voice"),
    ("commands.toml", _replace('pause = [', 'paws = ['),
     "content/commands.toml: command.pause: ", "missing key"),
    ("answers.toml", _replace('yes = ["yes", "yes please"', 'yes = ["yes", "no", "yes please"'),
     "content/answers.toml: confirm.no[1]: ", "duplicate 'no', also at confirm.yes[2]"),
    ("warning_signs.toml", _replace('names = ["headache"]', 'names = ["head pressure"]'),
     "content/warning_signs.toml: sign[2].names[1]: ", "is not heard as this sign"),
    ("contraindications.toml", _replace('"i am pregnant", ', '"i am pregnant", "i am pregnant", '),
     "content/contraindications.toml: contraindication[16].statements[3]: ", "duplicate"),
    ("techniques/abdomen.toml", _replace("Keep the touch light.", "Keep it light, not numb."),
     "content/techniques/abdomen.toml: step[1].instruction: ", "says 'numb'"),
    ("techniques/abdomen.toml", _replace("duration_s = 60", 'duration_s = "sixty"'),
     "content/techniques/abdomen.toml: step[1].duration_s: ", "expected a number"),
    ("techniques/abdomen.toml", _replace("at_s = 50", "at_s = 95"),
     "content/techniques/abdomen.toml: step[1].cue[2].at_s: ", "outside its step"),
    ("conditions.toml", _replace('techniques = ["abdomen"]', 'techniques = ["abdomenn"]'),
     "content/conditions.toml: condition[1].techniques[1]: ", "unknown technique 'abdomenn'"),
    ("screening.toml", _replace('covers = ["fever"]', 'covers = ["gi_acute"]'),
     "content/contraindications.toml: contraindication[10].id: ", "'fever' is asked by no"),
    ("conditions.toml", lambda text: text + "\nthis is not toml\n",
     "content/conditions.toml: TOML syntax error: ", "line"),
    ("contraindications.toml", _replace('id = "gangrene"', 'id = "gi_acute"'),
     "content/contraindications.toml: contraindication[5].id: ", "duplicate 'gi_acute'"),
    ("conditions.toml", _replace('["constipation"', '["stress", "constipation"'),
     "content/conditions.toml: condition[5].phrases[1]: ", "duplicate 'stress', also at"),
    ("screening.toml", _replace('covers = ["fever"]', 'covers = ["fevr"]'),
     "content/screening.toml: question[1].covers[1]: ", "unknown contraindication 'fevr'"),
    ("techniques/palms.toml", _replace('name = "fists"', 'name = " "'),
     "content/techniques/palms.toml: step[1].name: ", "empty text"),
    ("techniques/palms.toml", _replace('"Ten seconds left."', '"10 seconds left."'),
     "content/techniques/palms.toml: step[2].cue[2].text: ", "numbers as words"),
    ("techniques/abdomen.toml", _replace("Lie down face up", "Lie on your back"),
     "content/techniques/abdomen.toml: position: ", "says 'back'"),
    ("techniques/palms.toml", _replace("Switch hands.", "Switch hands, then stop."),
     "content/techniques/palms.toml: step[2].cue[1].text: ", "says 'stop'"),
    ("article.toml", lambda text: 'introdution = "Hello."\n' + text,
     "content/article.toml: introdution: ", "unknown key"),
    ("phrases.toml", lambda text: re.sub(r"(?m)^greeting *=.*\n", "", text),
     "content/phrases.toml: phrases.greeting: ", "missing key"),
]  # fmt: skip


@pytest.fixture(params=BROKEN, ids=lambda case: f"{case[0]}:{case[3]}")
def broken(request: pytest.FixtureRequest, content_copy: Path) -> tuple[Path, str, str]:
    name, edit, start, words = request.param
    path = content_copy / name
    path.write_text(edit(path.read_text()))
    return content_copy, start, words


def test_a_broken_file_is_named_with_its_key_on_one_line(broken: tuple[Path, str, str]) -> None:
    directory, start, words = broken
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    message = str(caught.value)
    assert message.startswith(start) and words in message and "\n" not in message
    assert caught.value.exit_status == 2


def test_content_check_reports_a_broken_file_on_one_line(broken: tuple[Path, str, str]) -> None:
    directory, start, words = broken
    run = subprocess.run(
        [str(CLI), "--content", str(directory), "content", "check"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"error: {start}") and words in run.stderr
    assert run.stderr.count("\n") == 1


def test_content_check_passes_on_the_real_content() -> None:
    run = subprocess.run(
        [str(CLI), "--content", str(DEFAULT_CONTENT_DIR), "content", "check"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.count("\n") == 1 and "17 contraindications" in run.stdout


def test_a_missing_content_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such content folder"):
        load_content(tmp_path / "nowhere")


def test_a_missing_file_is_named(content_copy: Path) -> None:
    (content_copy / "screening.toml").unlink()
    with pytest.raises(ContentError, match=r"^content/screening.toml: file is missing$"):
        load_content(content_copy)
