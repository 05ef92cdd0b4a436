"""Minutes notes are typed as plain text: blank lines separate paragraphs, lines starting with "- "
make a list. Rendered escaped, so nobody's HTML reaches the page."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def format_notes(text: str) -> SafeString:
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    html = []
    for block in blocks:
        lines = block.split("\n")
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line.lstrip()[2:])}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("".join(html))  # noqa: S308 — every piece of text above is escaped


def notes_as_lines(content: dict, titles: dict[int, str], people: dict[int, str]) -> list[str]:
    """The minutes as lines of text, for comparing two versions."""
    lines = []
    for entry in content.get("items", []):
        lines.append(f"## {titles.get(entry['agenda_item'], '?')}")
        if entry.get("confidential"):
            lines.append(f"[{_('confidential')}]")
        lines += [line for line in entry.get("notes", "").splitlines() if line.strip()]
        lines += [f"{_('Decision')}: {d['text']}" for d in entry.get("decisions", [])]
        lines += [f"{_('Task')}: {t['what']} ({t.get('due') or '—'})" for t in entry.get("tasks", [])]
    for row in content.get("attendance", []):
        name = people.get(row["person"], "?")
        lines.append(f"{_('Attendance')} – {name}: {row.get('status') or '—'} {row.get('substitute') or ''}".rstrip())
    return lines
