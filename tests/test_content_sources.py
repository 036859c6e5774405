"""Every spoken content line says where it comes from: the article, or standard conservative
practice beyond it. Practice may add care; it never contradicts or narrows the article."""

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from assistant.config import DEFAULT_CONTENT_DIR
from assistant.content_files import ContentError, load_content
from tests.conversation import real_content

CONTENT = real_content()
SOURCES = dict(CONTENT.line_sources)
CLI = Path(sys.executable).parent / "massage-assistant"


def test_every_spoken_line_is_marked() -> None:
    counts = Counter(SOURCES.values())
    assert counts["article"] >= 50 and counts["practice"] >= 50
    techniques = sum(1 + 1 + len(t.cautions) + sum(1 + len(s.cues) for s in t.steps)
                     for t in CONTENT.techniques)  # fmt: skip
    assert sum(1 for key in SOURCES if "/techniques/" in key) == techniques


@pytest.mark.parametrize(
    ("line", "source"),
    [("content/techniques/abdomen.toml: cautions[1]", "practice"),  # two hours after a meal
     ("content/techniques/palms.toml: cautions[3]", "article"),  # stop if worse
     ("content/article.toml: definition", "article"),
     ("content/article.toml: benefits[2]", "practice"),  # "when you are not driving"
     ("content/screening.toml: question[8].text", "practice"),  # alcohol "even a little"
     ("content/conditions.toml: condition[10].answer", "practice")],  # back pain
)  # fmt: skip
def test_lines_beyond_the_article_are_marked_practice(line: str, source: str) -> None:
    assert SOURCES[line] == source


def test_no_period_after_birth_is_invented() -> None:
    """The article names the period after birth or abortion without giving its length."""
    pregnancy = next(q for q in CONTENT.screening if "pregnancy" in q.covers)
    assert "month" not in pregnancy.text and "week" not in pregnancy.text
    assert SOURCES["content/screening.toml: question[9].text"] == "article"


def test_a_missing_or_wrong_source_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    palms = copy / "techniques" / "palms.toml"
    text = palms.read_text()
    palms.write_text(text.replace('cautions_sources = ["practice", "practice", "article"]',
                                  'cautions_sources = ["practice", "article"]'))  # fmt: skip
    with pytest.raises(ContentError, match=r"palms.toml: cautions_sources: expected 3 sources"):
        load_content(copy)
    palms.write_text(text.replace('source = "practice"', 'source = "folklore"', 1))
    with pytest.raises(ContentError, match=r"palms.toml: source: a source is 'article' or"):
        load_content(copy)
    palms.write_text(text.replace('source = "practice"', "", 1))
    with pytest.raises(ContentError, match=r"^content/techniques/palms.toml: source: missing key$"):
        load_content(copy)


def test_content_check_reports_the_counts() -> None:
    run = subprocess.run(
        [str(CLI), "--content", str(DEFAULT_CONTENT_DIR), "content", "check"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    counts = Counter(SOURCES.values())
    expected = f"spoken lines by source: {counts['article']} article, {counts['practice']} practice"
    assert expected in run.stdout
