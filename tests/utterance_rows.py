"""The rows of the utterance table (tests/utterances.py): in each listen, what people say and
the meaning the dialog must take from it. `UNCLEAR` is "not understood": asked again."""

from assistant.core.meanings import Asked, Disclosed, Meaning, Replied, Said, Sign
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
from assistant.core.understanding import Answer
from assistant.core.vocabulary import Command
from tests.utterances import Kind, Row

YES, NO, UNCLEAR = Replied(Answer.YES), Replied(Answer.NO), Replied(Answer.UNCLEAR)
WAIT, SKIP, GOOD = Replied(Answer.WAIT), Replied(Answer.SKIP), Replied(Answer.GOOD)


def _rows(kind: Kind, means: Meaning, *said: str, at: str = "") -> list[Row]:
    return [Row(kind, text, means, at) for text in said]


def _ask(kind: Kind, request: Request, *said: str) -> list[Row]:
    return _rows(kind, Asked(request), *said)


def _told(kind: Kind, at: str, contraindication: str, *said: str) -> list[Row]:
    return _rows(kind, Disclosed((contraindication,)), *said, at=at)


QUESTION = (
    # The article, section by section.
    _ask("question", AskArticle("what_is"), "What is self massage?", "What's self-massage?",
         "Tell me about self-massage.", "what is massage", "What is it?",
         "what does the article say about self massage", "Explain self massage, please.")
    + _ask("question", AskArticle("how_to"), "How do I do self massage?", "how do i do it",
           "How does it work?", "How is it done?", "what is the technique",
           "how do I massage myself", "Show me how.")
    + _ask("question", AskArticle("palm_massage"), "How do I do palm massage?",
           "What is palm massage?", "tell me about palm massage")
    + _ask("question", AskArticle("frequency"), "How often should I do it?", "how often",
           "How many times a week?", "Can I do it every day?",
           "how often should I do the neck massage")
    + _ask("question", AskArticle("after_eating"), "Can I massage after eating?",
           "can I do it after eating", "After a meal?", "Is it okay on a full stomach?",
           "What about after lunch")
    + _ask("question", AskArticle("headache"), "What helps with a headache?",
           "what helps with headaches", "Which massage helps with a headache?", "migraine",
           "What does the article say about headaches?")
    + _ask("question", AskArticle("advice"), "Any advice?", "What should I remember?",
           "Do I need a doctor?", "should I see a doctor", "What does the article advise?")
    + _ask("question", AskArticle("conclusion"), "What is the conclusion?", "Summary, please.",
           "sum up")
    + _ask("question", AskArticle("article"), "What does the article say?",
           "Tell me about the article.", "read the article")
    + _ask("question", AskTopic(Topic.BENEFITS), "What are the benefits?", "Benefits.",
           "What are the advantages?", "why should I do it",
           "What does the article say about the benefits?")
    + _ask("question", AskTopic(Topic.INDICATIONS), "What are the indications?",
           "what is it good for", "Who is it for?", "What does it treat?")
    + _ask("question", AskTopic(Topic.OBJECTIVES), "What are the objectives?",
           "What does it do?", "what are the goals", "How does it help?")
    + _ask("question", AskTopic(Topic.CONTRAINDICATIONS), "What are the contraindications?",
           "Contraindications.", "Who should not do it?", "When should I not massage?",
           "Is it dangerous?", "what does the article say about contraindications")
    + _ask("question", AskTopic(Topic.DURATION), "How long does it take?", "how long",
           "How long does the neck massage take?")
    # Safety questions about a condition.
    + _ask("question", AskSafe("pregnancy"), "Is it safe when pregnant?",
           "is it safe with pregnancy", "Can I do it when I'm pregnant?",
           "What does the article say about pregnancy?")
    + _ask("question", AskSafe("fever"), "Is it safe with a fever?", "can I massage with flu")
    + _ask("question", AskSafe("malignant_tumour"), "Is it safe with cancer?")
    + _ask("question", AskSafe("alcohol"), "Is it safe after drinking alcohol?")
    + _ask("question", AskSafe("thrombosis"), "Is it safe with a blood clot?")
    + _ask("question", AskSafe(None), "Is it safe?", "Is it allowed for me?")
    # What the content cannot answer.
    + _ask("question", CannotAnswer(), "What is the weather today?", "How old are you?",
           "What does the article say about cats?", "What helps with insomnia?",
           "Can I use oil?", "Why is the sky blue?")
)  # fmt: skip

MENU = (
    # Complaints and goals: which massage helps.
    _ask("menu", AskCondition("bowel_function"), "Which massage helps with constipation?",
         "I'm constipated.", "what helps with bloating", "Bloating.",
         "I get constipated every day")
    + _ask("menu", AskCondition("colitis"), "I have chronic colitis.")
    + _ask("menu", AskCondition("peptic_ulcer"), "What helps with a stomach ulcer?")
    + _ask("menu", AskCondition("neck_tension"), "I have a stiff neck.",
           "which massage helps with stiff neck", "I have tight shoulders.")
    + _ask("menu", AskCondition("neck_pain"), "neck pain", "I've got neck pain.",
           "My neck hurts.", "I have a sore neck.", "what helps with neck pain", "shoulder pain")
    + _ask("menu", AskCondition("back_pain"), "I have back pain.", "back pain", "My back hurts",
           "What helps with backache?")
    + _ask("menu", AskCondition("muscle_tension_pain"), "pain", "I'm in pain.",
           "What helps with pain?", "I have muscle tension.")
    + _ask("menu", AskCondition("stress_mood"), "I'm stressed.", "What helps with stress?",
           "I want to relax.")
    + _ask("menu", AskCondition("circulation"), "I have cold hands.", "poor circulation",
           "What helps with heavy legs?")
    + _ask("menu", AskCondition("tired_hands"), "I have stiff hands.")
    # Asking for a massage.
    + _ask("menu", StartTechnique("abdomen"), "Abdominal massage.",
           "start the abdominal massage", "Tummy massage, please.", "belly massage")
    + _ask("menu", StartTechnique("palms"), "Palm massage!", "start palm massage", "hand massage")
    + _ask("menu", StartTechnique("neck_shoulders"), "Neck massage.",
           "start the neck and shoulder massage", "neck")
    + _ask("menu", StartTechnique("limbs_brush"), "Brush massage.", "leg massage")
    + _ask("menu", AboutTechnique("neck_shoulders"),
           "Tell me about the neck and shoulder massage.", "what is the neck massage")
    + _ask("menu", AboutTechnique("abdomen"), "Tell me about the abdominal massage.")
    + _ask("menu", AskTopic(Topic.SUGGEST), "What do you suggest?", "Suggest a massage.",
           "Which massage should I do?", "Where do I start?")
    + _ask("menu", AskTopic(Topic.ANOTHER), "Another massage.", "something else")
    + _ask("menu", AskTopic(Topic.FINISH), "That's all.")
    + _rows("menu", Said(Command.GOODBYE), "Goodbye.", "I'm done.")
    + _rows("menu", Said(Command.HELP), "help", "What can I say?")
    + _rows("menu", Said(Command.STOP), "stop")
    + _rows("menu", UNCLEAR, "banana", "Good morning.", "The weather is nice.")
)  # fmt: skip

CONFIRM = (
    # "Shall we start?" once the screen is clean; "Shall we do it?" after an offer; the doctor.
    _rows("confirm", YES, "yes please", "sure", "ok", "okay", "go ahead", "start", "ready",
          "Yes.", "yeah let's do it", "I'm ready", "Of course.", "let's go", "alright",
          "sounds good", "yes please do")
    + _rows("confirm", YES, "Yes please.", "sure", "let's do it", at="offer")
    + _rows("confirm", YES, "yes", "yes I have", "correct", at="doctor")
    + _rows("confirm", NO, "no thanks", "not now", "nope", "No.", "no thank you", "maybe later",
            "not today")
    + _rows("confirm", NO, "no thanks", "nah", at="offer")
    + _rows("confirm", NO, "no", "no I haven't", at="doctor")
    + _rows("confirm", WAIT, "not yet", "give me a moment", "just a moment", "I'm not ready",
            "one second")
    + _rows("confirm", SKIP, "I know", "I know them", "I know the cautions")
    + _rows("confirm", UNCLEAR, "maybe", "I'm not sure", "yes but not now", "banana")
    + _rows("confirm", UNCLEAR, "I don't know", at="doctor")
    + _rows("confirm", Said(Command.PAUSE), "wait", "hold on")
    + _rows("confirm", Said(Command.NEXT), "skip", "skip the cautions", "skip it")  # as SKIP
    + _rows("confirm", Said(Command.BACK), "go back", "previous question")
    + _rows("confirm", Said(Command.REPEAT), "repeat", "say that again")
    + _rows("confirm", Said(Command.HELP), "help")
    + _rows("confirm", Said(Command.GOODBYE), "goodbye")
    + _rows("confirm", Said(Command.STOP), "stop", "cancel")
    + _told("confirm", "", "pregnancy", "I'm pregnant")
)  # fmt: skip

SCREENING = (
    # Yes words, anywhere in the answer.
    _rows("screening", YES, "Yes.", "yeah", "yep", "yes I am", "uh yes", "sure",
          "of course", "correct", at="pregnancy")
    + _rows("screening", YES, "I do", "yeah a bit", at="fever")
    + _rows("screening", YES, "I have", at="circulation")
    # Statements of the condition, the one asked about or another.
    + _told("screening", "pregnancy", "pregnancy", "yes I am pregnant", "I am pregnant",
            "I'm pregnant", "I was pregnant last month")
    + _told("screening", "pregnancy", "postpartum", "I had a baby last month", "I gave birth",
            "gave birth", "no but I had a miscarriage", "no, but I had a baby last month",
            "I've had an abortion")
    + _told("screening", "alcohol", "alcohol", "I am drunk", "I've had a drink",
            "just a glass of wine", "I had a beer", "I'm tipsy")
    + _told("screening", "fever", "fever", "I have a temperature", "I have a fever",
            "I've got the flu")
    + _told("screening", "fatigue", "severe_fatigue", "I'm exhausted", "I am very tired")
    + _told("screening", "cancer", "malignant_tumour", "I have cancer", "I'm on chemotherapy")
    + _told("screening", "circulation", "thrombosis", "I have a blood clot in my leg")
    + _told("screening", "fever", "pregnancy", "no, but I'm pregnant")
    # Hedges: they may admit it.
    + _rows("screening", YES, "I think so", "probably", "maybe", "perhaps", "possibly",
            "sometimes", "not really sure but maybe", "I guess", "could be", "probably not",
            at="pregnancy")
    + _rows("screening", YES, "a little", "a bit", at="alcohol")
    + _rows("screening", YES, "kind of", "sort of", at="fatigue")
    + _rows("screening", YES, "slightly", at="fever")
    # Unclear: asked again.
    + _rows("screening", UNCLEAR, "I don't know", "not sure", "I'm not sure", "no idea",
            "I can't remember", "I don't think so", "bingo", "go", "um", "know",
            "I'm not pregnant", at="pregnancy")  # the last says nothing about a recent birth
    + _rows("screening", Said(Command.PAUSE), "no wait yes", at="pregnancy")
    # Clear noes.
    + _rows("screening", NO, "No.", "nope", "nah", "no I'm not", "not at all", "never",
            "definitely not", "I'm not pregnant and I haven't given birth", at="pregnancy")
    + _rows("screening", NO, "no fever", "I don't have a fever", at="fever")
    + _rows("screening", NO, "no alcohol", "I'm not drunk", at="alcohol")
    + _rows("screening", NO, "no I am not", at="fatigue")
    + _rows("screening", NO, "no I don't", at="cancer")
    # Commands and symptoms during the screening.
    + _rows("screening", Said(Command.BACK), "go back", "previous question", at="alcohol")
    + _rows("screening", Said(Command.REPEAT), "repeat", "pardon", at="alcohol")
    + _rows("screening", Said(Command.HELP), "help", at="alcohol")
    + _rows("screening", Said(Command.STOP), "stop", at="alcohol")
    + _rows("screening", Sign("dizziness"), "I feel dizzy", at="alcohol")
)  # fmt: skip

SESSION = (
    _rows("session", Said(Command.TIME_LEFT), "how long left", "How much time is left?",
          "time left", "how much longer")
    + _rows("session", Said(Command.PAUSE), "pause", "wait", "hold on", "wait a minute")
    + _rows("session", Said(Command.NEXT), "next", "skip", "next step", "move on")
    + _rows("session", Said(Command.BACK), "go back", "previous step")
    + _rows("session", Said(Command.REPEAT), "repeat", "say that again", "What did you say?")
    + _rows("session", Said(Command.SLOWER), "slower", "speak slower")
    + _rows("session", Said(Command.LOUDER), "louder")
    + _rows("session", Said(Command.QUIETER), "softer")
    + _rows("session", Said(Command.LIGHTER), "too hard", "press lighter")
    + _rows("session", Said(Command.HELP), "help", "what can I say")
    + _rows("session", Said(Command.STOP), "stop", "enough", "That's enough!", "stop the massage")
    + _rows("session", Said(Command.GOODBYE), "goodbye", "bye", "I'm done")
    + _rows("session", Sign("pain"), "it hurts", "ouch", "that hurts")
    + _rows("session", Sign("dizziness"), "I feel dizzy", "lightheaded")
    + _rows("session", Sign("tingling"), "pins and needles")
    + _rows("session", Sign("numbness"), "my arm is numb")
    + _rows("session", Sign("nausea"), "I feel sick")
    + _told("session", "", "pregnancy", "I'm pregnant")
    + _rows("session", UNCLEAR, "banana")
    + _rows("session", Said(Command.RESUME), "resume", "continue", "carry on", "keep going",
            at="paused")
    + _rows("session", YES, "yes", at="paused")
    + _rows("session", Said(Command.TIME_LEFT), "how much time is left", at="paused")
    + _rows("session", Said(Command.STOP), "stop", at="paused")
)  # fmt: skip

CHECKIN = (
    _rows("checkin", GOOD, "good", "fine", "I feel better", "much better", "Not bad.",
          "relaxed", "I feel great", "great")
    + _ask("checkin", AskTopic(Topic.ANOTHER), "another massage", "something else")
    + _ask("checkin", StartTechnique("neck_shoulders"), "neck massage")
    + _ask("checkin", AskTopic(Topic.FINISH), "That's all.")
    + _ask("checkin", AskArticle("frequency"), "How often should I do it?")
    + _rows("checkin", Said(Command.GOODBYE), "goodbye", "I'm done", "bye")
    + _rows("checkin", Said(Command.STOP), "stop")
    + _rows("checkin", Said(Command.REPEAT), "repeat")
    + _rows("checkin", Sign("feeling_worse"), "I feel worse", "not good")
    + _rows("checkin", Sign("pain"), "it hurts")
    + _rows("checkin", Sign("dizziness"), "I feel dizzy")
    + _rows("checkin", UNCLEAR, "banana")
)  # fmt: skip

TABLE: tuple[Row, ...] = (*MENU, *QUESTION, *CONFIRM, *SCREENING, *SESSION, *CHECKIN)
