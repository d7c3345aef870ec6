"""Dates as GOV.UK writes them: "1 December 2026" and "1 December 2026 at 8:31pm", in UK time.

Records and drafts keep UTC (records as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` text, drafts as naive UTC
datetimes); officers read the time on the clock on the wall, so times are shown in Europe/London.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_time(value: object, form: str = "datetime") -> str:
    """``value`` (a date, a datetime, or ISO text) as a GOV.UK date (``form="date"``) or date and time."""
    moment = _parse(value)
    if moment is None:
        return "" if value is None else str(value)
    if isinstance(moment, datetime.datetime):
        local = moment.astimezone(UK) if moment.tzinfo else moment.replace(tzinfo=datetime.UTC).astimezone(UK)
        day = f"{local.day} {local:%B %Y}"
        if form == "date":
            return day
        return f"{day} at {_clock(local)}"
    return f"{moment.day} {moment:%B %Y}"


def _clock(moment: datetime.datetime) -> str:
    """8:31pm, 9am, midday, midnight (the GOV.UK style guide)."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _parse(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
