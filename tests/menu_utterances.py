"""The menu's utterance table: what people say at the menu or after an answer, and the request
each must get. Shared by the text test, the PocketSphinx test and `benchmarks/utterances.py`.

Utterances are written as people type them (capitals, punctuation); the text path must ignore
both. `kind` is the listen the utterance is said in: "menu" (asking for a massage or help with a
complaint) or "question" (asking about self-massage and the article).
"""

from dataclasses import dataclass
from typing import Literal

from assistant.core.menu import (
    AboutTechnique,
    AskArticle,
    AskCondition,
    AskSafe,
    AskTopic,
    CannotAnswer,
    Request,
    StartTechnique,
    Topic,
)


@dataclass(frozen=True)
class Row:
    said: str
    kind: Literal["menu", "question"]
    means: Request | None
    """None: neither a request nor a question, so 'not understood'."""


def _rows(kind: Literal["menu", "question"], means: Request | None, *said: str) -> list[Row]:
    return [Row(text, kind, means) for text in said]


TABLE: tuple[Row, ...] = tuple(
    # The article, section by section.
    _rows("question", AskArticle("what_is"), "What is self massage?", "What's self-massage?",
          "Tell me about self-massage.", "what is massage", "What is it?",
          "what does the article say about self massage", "Explain self massage, please.")
    + _rows("question", AskArticle("how_to"), "How do I do self massage?", "how do i do it",
            "How does it work?", "How is it done?", "what is the technique",
            "how do I massage myself", "Show me how.")
    + _rows("question", AskArticle("palm_massage"), "How do I do palm massage?",
            "What is palm massage?", "tell me about palm massage")
    + _rows("question", AskArticle("frequency"), "How often should I do it?", "how often",
            "How many times a week?", "Can I do it every day?",
            "how often should I do the neck massage")
    + _rows("question", AskArticle("after_eating"), "Can I massage after eating?",
            "can I do it after eating", "After a meal?", "Is it okay on a full stomach?",
            "What about after lunch")
    + _rows("question", AskArticle("headache"), "What helps with a headache?",
            "what helps with headaches", "Which massage helps with a headache?", "migraine",
            "What does the article say about headaches?")
    + _rows("question", AskArticle("advice"), "Any advice?", "What should I remember?",
            "Do I need a doctor?", "should I see a doctor", "What does the article advise?")
    + _rows("question", AskArticle("conclusion"), "What is the conclusion?", "Summary, please.",
            "sum up")
    + _rows("question", AskArticle("article"), "What does the article say?",
            "Tell me about the article.", "read the article")
    + _rows("question", AskTopic(Topic.BENEFITS), "What are the benefits?", "Benefits.",
            "What are the advantages?", "why should I do it",
            "What does the article say about the benefits?")
    + _rows("question", AskTopic(Topic.INDICATIONS), "What are the indications?",
            "what is it good for", "Who is it for?", "What does it treat?")
    + _rows("question", AskTopic(Topic.OBJECTIVES), "What are the objectives?",
            "What does it do?", "what are the goals", "How does it help?")
    + _rows("question", AskTopic(Topic.CONTRAINDICATIONS), "What are the contraindications?",
            "Contraindications.", "Who should not do it?", "When should I not massage?",
            "Is it dangerous?", "what does the article say about contraindications")
    + _rows("question", AskTopic(Topic.DURATION), "How long does it take?", "how long",
            "How long does the neck massage take?")
    # Safety questions about a condition.
    + _rows("question", AskSafe("pregnancy"), "Is it safe when pregnant?",
            "is it safe with pregnancy", "Can I do it when I'm pregnant?",
            "What does the article say about pregnancy?")
    + _rows("question", AskSafe("fever"), "Is it safe with a fever?", "can I massage with flu")
    + _rows("question", AskSafe("malignant_tumour"), "Is it safe with cancer?")
    + _rows("question", AskSafe("alcohol"), "Is it safe after drinking alcohol?")
    + _rows("question", AskSafe("thrombosis"), "Is it safe with a blood clot?")
    + _rows("question", AskSafe(None), "Is it safe?", "Is it allowed for me?")
    # What the content cannot answer.
    + _rows("question", CannotAnswer(), "What is the weather today?", "How old are you?",
            "What does the article say about cats?", "What helps with insomnia?",
            "Can I use oil?", "Why is the sky blue?")
    # Complaints and goals: which massage helps.
    + _rows("menu", AskCondition("bowel_function"), "Which massage helps with constipation?",
            "I'm constipated.", "what helps with bloating", "Bloating.",
            "I get constipated every day")
    + _rows("menu", AskCondition("colitis"), "I have chronic colitis.")
    + _rows("menu", AskCondition("peptic_ulcer"), "What helps with a stomach ulcer?")
    + _rows("menu", AskCondition("neck_tension"), "I have a stiff neck.",
            "which massage helps with stiff neck", "I have tight shoulders.")
    + _rows("menu", AskCondition("neck_pain"), "neck pain", "I've got neck pain.", "My neck hurts.",
            "I have a sore neck.", "what helps with neck pain", "shoulder pain")
    + _rows("menu", AskCondition("back_pain"), "I have back pain.", "back pain", "My back hurts",
            "What helps with backache?")
    + _rows("menu", AskCondition("muscle_tension_pain"), "pain", "I'm in pain.",
            "What helps with pain?", "I have muscle tension.")
    + _rows("menu", AskCondition("stress_mood"), "I'm stressed.", "What helps with stress?",
            "I want to relax.")
    + _rows("menu", AskCondition("circulation"), "I have cold hands.", "poor circulation",
            "What helps with heavy legs?")
    + _rows("menu", AskCondition("tired_hands"), "I have stiff hands.")
    # Asking for a massage.
    + _rows("menu", StartTechnique("abdomen"), "Abdominal massage.", "start the abdominal massage",
            "Tummy massage, please.", "belly massage")
    + _rows("menu", StartTechnique("palms"), "Palm massage!", "start palm massage", "hand massage")
    + _rows("menu", StartTechnique("neck_shoulders"), "Neck massage.",
            "start the neck and shoulder massage", "neck")
    + _rows("menu", StartTechnique("limbs_brush"), "Brush massage.", "leg massage")
    + _rows("menu", AboutTechnique("neck_shoulders"),
            "Tell me about the neck and shoulder massage.", "what is the neck massage")
    + _rows("menu", AboutTechnique("abdomen"), "Tell me about the abdominal massage.")
    + _rows("menu", AskTopic(Topic.SUGGEST), "What do you suggest?", "Suggest a massage.",
            "Which massage should I do?", "Where do I start?")
    + _rows("menu", AskTopic(Topic.ANOTHER), "Another massage.", "something else")
    + _rows("menu", AskTopic(Topic.FINISH), "Goodbye.", "That's all.", "I'm done.")
    # Neither: not understood.
    + _rows("menu", None, "banana", "Good morning.", "The weather is nice.")
)  # fmt: skip
