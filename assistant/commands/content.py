"""`massage-assistant content check`: validate every content file, say what is there."""

import argparse
from collections import Counter
from dataclasses import fields

from assistant.config import Settings
from assistant.content_files import load_content
from assistant.core.content import Content


def main(args: argparse.Namespace, settings: Settings) -> int:
    """`massage-assistant content check`: one summary line, or `ContentError`."""
    content = load_content(settings.content_dir)
    lengths = ", ".join(f"{t.id} {t.duration_s:g} s" for t in content.techniques)
    print(
        f"{settings.content_dir}: OK: {len(content.contraindications)} contraindications, "
        f"{len(content.screening)} screening questions, {len(content.techniques)} techniques "
        f"({lengths}), {len(content.conditions)} conditions, "
        f"{len(fields(content.phrases))} phrases, "
        f"{len(content.vocabulary.warning_signs)} warning signs; "
        f"spoken lines by source: {sources_summary(content)}"
    )
    return 0


def sources_summary(content: Content) -> str:
    """'72 article, 102 practice': the spoken lines by where they come from."""
    counts = Counter(source for _, source in content.line_sources)
    return ", ".join(f"{counts[source]} {source}" for source in ("article", "practice"))
