"""By when should someone contact me? The latest expected first contact for a support request.

An around-the-clock commitment counts wall-clock time from the moment of
filing. A business-hours commitment counts only the region's business hours
(days, start and end, time zone from the `business_hours` table), skipping
the public holidays of one representative country per region, because the
documents only say "excluding holidays". Times are computed on aware
datetimes with zoneinfo, so daylight-saving changes are handled by the zone.

The same algorithm runs in the browser (theme/static/js/deadline.js) from
the data `calendar_data()` exports; the tests hold the two to the same answers.

Every time is told with its zone. The reasoning starts where a reader has to start: the moment of filing,
converted from the customer's own zone into the region's business time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import holidays

from .tables.base import originals

# Region -> (country whose public holidays count, zone for "local time" when the table names none).
# Asia-Pacific: Singapore (the table's GMT+8 is Singapore's offset); EMEA: the Netherlands (a CET
# country, and this site's second language); North America: the United States (Pacific time);
# Japan: Japan. "All others" have no representative country: the customer's own zone is used and
# no holidays are skipped.
REPRESENTATIVE = {
    "asia-pacific": ("SG", None),
    "japan": ("JP", "Asia/Tokyo"),
    "emea": ("NL", None),
    "north-america": ("US", None),
    "other": (None, None),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DeadlineError(ValueError):
    """An impossible question: unknown plan, severity or region, or a time without a zone."""


@dataclass
class Deadline:
    plan: str
    severity: str
    region: str
    submitted: datetime
    deadline: datetime
    minutes: int
    around_the_clock: bool
    zone: str
    country: str | None
    steps: list[str] = field(default_factory=list)

    @property
    def filed_in_zone(self) -> datetime:
        """The moment of filing on the region's business clock (the first step of the reasoning)."""
        return self.submitted.astimezone(self.deadline.tzinfo)

    @property
    def customer_deadline(self) -> datetime | None:
        """The deadline on the customer's own clock, when that clock differs from the region's at that moment."""
        own = self.deadline.astimezone(self.submitted.tzinfo)
        return own if own.utcoffset() != self.deadline.utcoffset() else None

    def explain(self) -> str:
        return "; ".join(self.steps)


def _zone(tz: str, fallback: tzinfo | None) -> tuple[tzinfo, str]:
    if tz.startswith("UTC") and len(tz) > 3:
        sign = -1 if tz[3] == "-" else 1
        hours, minutes = tz[4:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)), tz), tz
    if tz:
        return ZoneInfo(tz), tz
    if fallback is None:
        raise DeadlineError("no time zone for this region")
    return fallback, getattr(fallback, "key", None) or str(fallback)


def _days(spec: str) -> set[int]:
    """'mon-fri' -> {0, 1, 2, 3, 4}."""
    first, _, last = spec.partition("-")
    a, b = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
    return set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(0, b + 1))


def _fmt(moment: datetime) -> str:
    return f"{moment:%A %d %B %H:%M}"


def _at(moment: datetime) -> str:
    """'Friday 20 November 17:30 CET': a time is never shown without its zone."""
    return f"{_fmt(moment)} {moment:%Z}".strip()


def _conversion(at: datetime, zone: tzinfo, region_label: str) -> str:
    return f"filed {_at(at)} = {_at(at.astimezone(zone))} in the business time of {region_label}"


def _duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return " ".join(p for p in (f"{h} h" if h else "", f"{m} min" if m else "") if p) or "0 min"


def business_deadline(start: datetime, minutes: int, open_at: time, close_at: time, days: set[int],
                      closed: set[date], zone: tzinfo) -> tuple[datetime, list[str]]:
    """Walk forward through business hours from `start` until `minutes` of them have passed."""
    steps: list[str] = []
    moment = start.astimezone(zone)
    remaining = minutes
    for _ in range(3660):   # ten years of days: far beyond any commitment
        day = moment.date()
        opens = datetime.combine(day, open_at, tzinfo=zone)
        closes = datetime.combine(day, close_at, tzinfo=zone)
        if day.weekday() not in days or day in closed or moment >= closes:
            moment = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            continue
        moment = max(moment, opens)
        available = int((closes.astimezone(timezone.utc) - moment.astimezone(timezone.utc)).total_seconds() // 60)
        if available >= remaining:
            end = (moment.astimezone(timezone.utc) + timedelta(minutes=remaining)).astimezone(zone)
            steps.append(f"{_at(moment)} + {_duration(remaining)} = {end:%H:%M %Z}".strip())
            return end, steps
        steps.append(f"{_fmt(moment)}–{closes:%H:%M %Z} counts {_duration(available)}")
        remaining -= available
        moment = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    raise DeadlineError("no business hours found within ten years")


def compute(tables: dict, plan: str, severity: str, region: str, at: datetime) -> Deadline:
    """The latest expected first contact, from the originals' response_times and business_hours rows."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise DeadlineError(f"'{at.isoformat()}' has no time zone: give an offset, e.g. {at.isoformat()}+01:00")
    times = originals(tables, "response_times")
    plans = sorted({r["plan"] for r in times})
    if plan not in plans:
        raise DeadlineError(f"unknown plan '{plan}' (known: {', '.join(plans)})")
    row = next((r for r in times if r["plan"] == plan and r["severity"] == severity), None)
    if row is None:
        offered = ", ".join(r["severity"] for r in times if r["plan"] == plan)
        raise DeadlineError(f"plan '{plan}' has no initial response time for '{severity}' (it has: {offered})")
    if row["max_minutes"] is None:
        raise DeadlineError(f"the source states no single response time for {plan} / {severity}")
    hours = {r["region"]: r for r in originals(tables, "business_hours")}
    if region not in hours or region not in REPRESENTATIVE:
        raise DeadlineError(f"unknown region '{region}' (known: {', '.join(sorted(hours))})")
    country, local = REPRESENTATIVE[region]
    minutes = row["max_minutes"]
    zone, zone_name = _zone(hours[region]["tz"], ZoneInfo(local) if local else at.tzinfo)
    h = hours[region]
    converted = _conversion(at, zone, h["region_label"])
    if row["around_the_clock"]:
        end = (at.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(zone)
        steps = [converted, f"{_duration(minutes)} around the clock",
                 f"{_at(at.astimezone(zone))} + {_duration(minutes)} = {_at(end)}"]
        return Deadline(plan, severity, region, at, end, minutes, True, zone_name, country, steps)
    open_at, close_at = time.fromisoformat(h["start"]), time.fromisoformat(h["end"])
    if close_at <= open_at:
        raise DeadlineError(f"business hours of '{region}' ({h['start']}-{h['end']}) are not a time range")
    years = range(at.year, at.year + 11)
    closed = set(holidays.country_holidays(country, years=years)) if country else set()
    end, steps = business_deadline(at, minutes, open_at, close_at, _days(h["days"]), closed, zone)
    intro = f"{_duration(minutes)} of business hours ({h['start']}–{h['end']} {h['timezone'] or zone_name}, " \
            f"{h['days']}{', holidays of ' + country if country else ''})"
    if h.get("tz_reason"):
        intro += f"; time zone: {h['tz_reason']}"   # the reading used, stated (fixed offset or zone with DST)
    return Deadline(plan, severity, region, at, end, minutes, False, zone_name, country, [converted, intro, *steps])


def calendar_data(tables: dict, years: list[int]) -> dict:
    """What the browser needs to compute the same deadlines: times, hours, zones and holidays."""
    regions, closed_days = {}, {}   # a country's holidays are made once, though every document states its hours
    for r in (r for r in originals(tables, "business_hours") if r["region"] in REPRESENTATIVE):
        country, local = REPRESENTATIVE[r["region"]]
        if country not in closed_days:
            closed_days[country] = sorted(d.isoformat() for d in holidays.country_holidays(country, years=years)) \
                if country else []
        closed = closed_days[country]
        regions[r["region"]] = {"label": r["region_label"], "start": r["start"], "end": r["end"],
                                "days": sorted(_days(r["days"])), "tz": r["tz"] or local or "",
                                "timezone": r["timezone"], "tz_reading": r.get("tz_reading", ""),
                                "tz_reason": r.get("tz_reason", ""), "country": country, "holidays": closed}
    times = [{k: r[k] for k in ("plan", "severity", "max_minutes", "around_the_clock")}
             for r in originals(tables, "response_times")]
    return {"years": years, "regions": regions, "times": times}
