"""The optional `follow_ups` key of an import file: dated follow-ups ("Hoe staat het nu?") of a case.

A Dutch case gives `[{"date": "2025-03-01", "text": "…", "figures": [{"label": "…", "value": "12"}]}]`; a
translation gives the same list in the same order with only the texts: `[{"text": "…", "figures": [{"label": "…"}]}]`
(dates and figures' values follow the source, as in the admin). Checked like the rest of the file: every problem is
reported, nothing is written.
"""

from datetime import date

from cases.follow_up_blocks import MAX_FIGURES, MAX_FOLLOW_UPS, FollowUpBlock, FollowUpFigureBlock

TEXT_MAX = FollowUpBlock.base_blocks["text"].field.max_length
LABEL_MAX = FollowUpFigureBlock.base_blocks["label"].field.max_length
VALUE_MAX = FollowUpFigureBlock.base_blocks["value"].field.max_length


def read_follow_ups(raw, *, translation: bool, year, problem) -> list[dict] | None:
    """The clean follow-ups of one case, or None when there are none; `problem(field, message)` collects errors."""
    if raw in (None, []):
        return None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problem("follow_ups", 'moet een lijst van opvolgingen zijn ({"date": …, "text": …, "figures": […]})')
        return None
    if len(raw) > MAX_FOLLOW_UPS:
        problem("follow_ups", f"hoogstens {MAX_FOLLOW_UPS} opvolgingen")
    keys = {"text", "figures"} if translation else {"date", "text", "figures"}
    clean = []
    for number, item in enumerate(raw, start=1):
        where = f"follow_ups #{number}"
        if unknown := set(item) - keys:
            hint = "; een vertaling neemt de datum over van de bron" if translation and "date" in unknown else ""
            problem(where, f"onbekend veld {', '.join(sorted(unknown))}{hint}")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            problem(where, "text: verplichte tekst ontbreekt")
        elif len(text.strip()) > TEXT_MAX:
            problem(where, f"text: te lang: {len(text.strip())} tekens, maximaal {TEXT_MAX}")
        value = {
            "text": text.strip() if isinstance(text, str) else "",
            "figures": _figures(item, where, translation, problem),
        }
        if not translation:
            value["date"] = _date(item.get("date"), where, year, problem)
        clean.append(value)
    return clean


def _date(raw, where: str, year, problem) -> str:
    try:
        day = date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        day = None
    if day is None:
        problem(where, "date: een datum als JJJJ-MM-DD, bv. 2025-03-01")
        return ""
    if day > date.today():
        problem(where, "date: een opvolging kan niet in de toekomst liggen")
    if isinstance(year, int) and day.year < year:
        problem(where, f"date: ligt vóór het startjaar ({year})")
    return day.isoformat()


def _figures(item: dict, where: str, translation: bool, problem) -> list[dict]:
    figures = item.get("figures", [])
    keys = {"label"} if translation else {"label", "value"}
    valid = isinstance(figures, list) and all(
        isinstance(figure, dict)
        and set(figure) == keys
        and all(isinstance(v, str) and v.strip() for v in figure.values())
        for figure in figures
    )
    if not valid:
        shape = '[{"label": "…"}]' if translation else '[{"label": "…", "value": "…"}]'
        problem(where, f"figures: moet een lijst {shape} zijn")
        return []
    if len(figures) > MAX_FIGURES:
        problem(where, f"figures: hoogstens {MAX_FIGURES} cijfers")
    for figure in figures:
        if len(figure["label"].strip()) > LABEL_MAX:
            problem(where, f"figures: een betekenis (label) mag maximaal {LABEL_MAX} tekens tellen")
        if not translation and len(figure["value"].strip()) > VALUE_MAX:
            problem(where, f"figures: een cijfer (value) mag maximaal {VALUE_MAX} tekens tellen")
    return [{key: value.strip() for key, value in figure.items()} for figure in figures]
