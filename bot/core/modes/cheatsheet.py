"""The cheat sheet as Markdown: one page a learner pins above their desk (and the file the
terminal prints for `> notes.md` and Discord attaches)."""

from __future__ import annotations

from bot.core.content import Lesson


def cheatsheet_markdown(lesson: Lesson) -> str:
    """Title, summary, key terms, the code patterns as ```py blocks, the common mistakes."""
    sheet = lesson.modes.cheatsheet
    if sheet is None:
        return f"# {lesson.title}: cheat sheet\n\n(This lesson has no cheat sheet yet.)\n"
    parts = [f"# {lesson.title}: cheat sheet", sheet.summary.strip(), "## Key terms"]
    parts.append("\n".join(f"- **{t.term}**: {t.meaning.strip()}" for t in sheet.terms))
    parts.append("## Code patterns")
    for pattern in sheet.patterns:
        parts.append(f"### {pattern.title}\n\n```py\n{pattern.code.rstrip()}\n```")
    parts.append("## Common mistakes")
    parts.append("\n".join(f"- {mistake.strip()}" for mistake in sheet.mistakes))
    return "\n\n".join(parts) + "\n"
