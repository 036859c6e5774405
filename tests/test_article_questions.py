"""Asking about the article, as a conversation: every section is reachable, answers come from
the content's own text, and what the content does not say is said plainly."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import DEFAULT_CONTENT_DIR
from assistant.core.content import ARTICLE_SECTIONS
from tests.conversation import Conversation, real_content

CONTENT = real_content()
ARTICLE = CONTENT.article
CLI = Path(sys.executable).parent / "massage-assistant"


def ask(question: str) -> list[str]:
    """The lines said in answer to `question` at the first menu."""
    chat = Conversation(CONTENT)
    before = len(chat.said)
    chat.hear(question)
    return chat.said[before:]


def test_what_is_self_massage_is_the_articles_introduction_and_definition() -> None:
    said = ask("What is self-massage?")
    assert said[:2] == [ARTICLE.introduction, ARTICLE.definition]
    assert "mechanical dosed effects" in said[1]
    assert said[-1] == CONTENT.phrases.menu_prompt


def test_how_to_do_it_is_the_technique_overview_and_the_palm_massage() -> None:
    said = ask("How do I do self massage?")
    assert said[:2] == [ARTICLE.technique_overview, ARTICLE.palm_massage]


def test_how_often_says_what_the_article_gives_and_what_it_does_not() -> None:
    said = " ".join(ask("How often should I do it?"))
    assert "does not say how often" in said and "one to two minutes" in said


def test_a_headache_is_not_an_indication_and_the_caution_is_quoted() -> None:
    said = ask("What helps with a headache?")
    assert "does not name headache" in said[0]
    neck = CONTENT.technique("neck_shoulders")
    headache_caution = next(c for c in neck.cautions if "headache" in c)
    assert any(line.endswith(headache_caution) and neck.name in line for line in said)
    assert not any("Would you like" in line for line in said), "no massage is offered for it"


def test_after_eating_is_the_two_hour_caution_marked_as_beyond_the_article() -> None:
    said = " ".join(ask("Can I massage after eating?"))
    assert "says nothing about meals" in said and "two hours after a meal" in said


def test_the_contraindications_answer_is_one_sentence_each() -> None:
    said = ask("What are the contraindications?")
    listed = said[1]
    assert ".," not in listed and ". and" not in listed and ".." not in listed
    sentences = [s for s in re.split(r"(?<=\.) ", listed) if s]
    assert sentences == [c.article_text for c in CONTENT.contraindications]
    assert said[2] == ARTICLE.warnings[0]  # consult a doctor first


@pytest.mark.parametrize(
    ("question", "section"),
    [("What are the benefits?", "benefits"), ("What are the indications?", "indications"),
     ("What are the objectives?", "objectives"), ("Any advice?", "warnings"),
     ("What is the conclusion?", "closing"), ("How do I do palm massage?", "palm_massage")],
)  # fmt: skip
def test_each_section_is_spoken_whole(question: str, section: str) -> None:
    said = ask(question)
    for line in ARTICLE.section(section):
        assert line in said


def test_every_article_section_is_reached_by_some_question() -> None:
    reached = {section for question in ARTICLE.questions for section in question.sections}
    by_topic = {"benefits", "indications", "objectives"}
    assert reached | by_topic == set(ARTICLE_SECTIONS)


def test_a_question_the_content_cannot_answer_gets_an_honest_short_reply() -> None:
    said = ask("What does the article say about cats?")
    assert said == [ARTICLE.replies.cannot_answer, CONTENT.phrases.menu_prompt]
    assert "cannot answer that from the article" in said[0] and "You can ask" in said[0]


def test_asking_about_a_massage_describes_it_and_offers_it_without_starting() -> None:
    chat = Conversation(CONTENT)
    chat.hear("Tell me about the neck massage")
    assert CONTENT.technique("neck_shoulders").summary in chat.said[-2]
    assert chat.listening.context == "confirm"
    chat.hear("yes")
    assert chat.said[-1] == CONTENT.phrases.doctor_question  # the screening starts


def test_article_questions_can_follow_each_other() -> None:
    chat = Conversation(CONTENT)
    for question in ("what is self massage", "how often", "what are the benefits", "summary"):
        chat.hear(question)
        assert chat.listening.context == "question"
    assert chat.ending is None


def test_the_chat_transport_answers_the_same() -> None:
    run = subprocess.run(
        [str(CLI), "--content", str(DEFAULT_CONTENT_DIR), "chat", "--jsonl", "--virtual-clock"],
        input="what is self massage\nstop\n", capture_output=True, text=True, check=True,
        timeout=60,
    )  # fmt: skip
    assert "mechanical dosed effects" in run.stdout and '"end": "stopped"' in run.stdout
