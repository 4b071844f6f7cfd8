"""Follow-ups ("Hoe staat het nu?") as stream data for CasePage.follow_ups."""

from datetime import date


def follow_up(day: date, text: str = "", figures: list[tuple[str, str]] = ()) -> tuple[str, dict]:
    """One follow_up block; figures as (label, value)."""
    return (
        "follow_up",
        {
            "date": day,
            "text": text or f"Stand van zaken op {day:%d-%m-%Y}: de pop-ups draaien verder zonder subsidie.",
            "figures": [{"label": label, "value": value} for label, value in figures],
        },
    )
