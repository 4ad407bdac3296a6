"""Demo reports so the public list, the map and the officials' inbox are not empty after
`make run`: about 300 reports in every state of the report workflow, spread over the demo
communes and wards (points inside their boundaries), created over the last 90 days, worked by
the demo ward handlers (Tân Ninh, Gò Dầu) and elsewhere by the demo province official.

Everything goes through the services (report_store, case_transition, report_merge,
report_support, report_rate); only the dates are moved back afterwards. A handful of tiny
generated photos is stored once and shared by many reports. Reporters are demo citizens
(phones +84 912 000 101…130), removed with the other demo accounts.

Also one Open311 integrator key whose secret is published (README, demo section), so the
Open311 API can be tried at once.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from openprovince.accounts.hashing import keyed_hash
from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.models import NO_DUE_DATE, Case, CaseAttachment, CaseEvent
from openprovince.cases.services.transitions import case_assign, case_transition
from openprovince.cases.sla import due_after, remaining_seconds
from openprovince.cases.workflow import Sla
from openprovince.core.uploads import PHOTO, upload_process, upload_save
from openprovince.reports.models import Report, ReportCategory, ReportPhoto
from openprovince.reports.open311.keys import PURPOSE as KEY_PURPOSE
from openprovince.reports.open311.models import IntegratorKey
from openprovince.reports.routing import report_route
from openprovince.reports.services.duplicates import report_support
from openprovince.reports.services.handling import report_merge, report_rate
from openprovince.reports.services.submission import CheckedReport, SavedPhoto, report_store

from .cases import CITIZEN_PHONE
from .province import COLS, LOCAL, vertex
from .report_texts import (
    DESCRIPTIONS,
    LANDMARKS,
    NAMES,
    NOTES,
    RATING_COMMENTS,
    RESPONSES,
    STREETS,
)

SEED = 311
# Published on purpose (README, demo section), like the demo officials' password.
OPEN311_DEMO_KEY = "o311_demo-OpenProvince-2026"
OPEN311_DEMO_NAME = "Demo integrator (key published in the README)"
PHONES = [f"+84912000{n}" for n in range(101, 131)]
# Reports per commune/ward (the two with demo handlers get more); "other" goes to the province.
PER_WARD = {"TANNINH": 80, "GODAU": 50}
PER_OTHER_WARD = 9
OTHER_CATEGORY = 16
CATEGORY_WEIGHTS = {
    "streetlight": 22,
    "rubbish": 20,
    "flooding": 12,
    "road": 16,
    "tree": 9,
    "construction": 8,
    "noise": 7,
}
STATE_WEIGHTS = {
    "received": 10,
    "triage": 5,
    "assigned": 8,
    "in_progress": 12,
    "resolved": 10,
    "closed_fixed": 30,
    "closed_forwarded": 5,
    "closed_duplicate": 7,
    "closed_invalid": 5,
    "closed_cannot_fix": 8,
}
# The steps that lead to each state ("merge" is report_merge, the rest are workflow actions).
STEPS = {
    "received": [],
    "triage": ["triage"],
    "assigned": ["assign"],
    "in_progress": ["assign", "start"],
    "resolved": ["assign", "start", "resolve"],
    "closed_fixed": ["assign", "start", "resolve", "confirm"],
    "closed_forwarded": ["triage", "forward"],
    "closed_duplicate": ["merge"],
    "closed_invalid": ["reject"],
    "closed_cannot_fix": ["assign", "start", "cannot_fix"],
}
OPEN = {"received", "triage", "assigned", "in_progress"}
HOUR = 3600.0
# Hours between one step and the next, per step (open reports move faster: they are recent).
GAP_HOURS = {"resolve": (4, 120), "confirm": (24, 120), "start": (2, 48)}


@dataclass(frozen=True)
class Plan:
    """One demo report: where (grid cell), what, which state, and when its steps happen."""

    cell: int  # index into province.LOCAL
    category: str
    state: str
    created: datetime
    times: tuple[datetime, ...]  # one per step
    # Fixed reports: confirmed by the reporter within days, or by the platform after the
    # reopen window (reports.close_confirmed).
    confirmed_by_system: bool = False


def demo_reports_load() -> int:
    """Create the demo reports once; returns how many (0 when they exist already)."""
    demo_integrator_key_load()
    if Report.objects.filter(case__applicant__phone__in=PHONES).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    with transaction.atomic():
        loader = _Loader(rng)
        plans = sorted(_plans(rng, timezone.now()), key=lambda p: p.created)
        for plan in plans:
            loader.add(plan)
    return len(plans)


def demo_integrator_key_load() -> IntegratorKey:
    """The Open311 key with the published secret (its keyed hash only, as for any key)."""
    key, _created = IntegratorKey.objects.get_or_create(
        key_hash=keyed_hash(OPEN311_DEMO_KEY, purpose=KEY_PURPOSE),
        defaults={"name": OPEN311_DEMO_NAME},
    )
    return key


def demo_integrator_key_disable() -> int:
    """Disable the published key (remove_demo_accounts); returns how many were active."""
    return IntegratorKey.objects.filter(
        key_hash=keyed_hash(OPEN311_DEMO_KEY, purpose=KEY_PURPOSE), is_active=True
    ).update(is_active=False)


def demo_integrator_key_active() -> bool:
    return IntegratorKey.objects.filter(
        key_hash=keyed_hash(OPEN311_DEMO_KEY, purpose=KEY_PURPOSE), is_active=True
    ).exists()


def _plans(rng: random.Random, now: datetime) -> list[Plan]:
    plans = []
    for cell, (_kind, _name, slug) in enumerate(LOCAL):
        count = PER_WARD.get(slug, PER_OTHER_WARD)
        for n in range(count):
            if slug in PER_WARD and n < len(STATE_WEIGHTS):
                state = list(STATE_WEIGHTS)[n]  # every state at least once in each
            elif slug not in PER_WARD and rng.random() < 0.4:
                state = "received"  # nobody works these communes in the demo: some wait
            else:
                state = rng.choices(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))[0]
            category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
            plans.append(_timed(rng, now, cell, category, state))
    for _n in range(OTHER_CATEGORY):  # "not sure": the province's triage desk
        state = rng.choice(["received", "triage", "triage", "closed_forwarded", "closed_invalid"])
        plans.append(_timed(rng, now, rng.randrange(len(LOCAL)), "other", state))
    return plans


def _timed(rng: random.Random, now: datetime, cell: int, category: str, state: str) -> Plan:
    steps = STEPS[state]
    by_system = "confirm" in steps and rng.random() < 0.4
    gaps = []
    for step in steps:
        low, high = GAP_HOURS.get(step, (1, 72))
        if state in OPEN:
            low, high = 1, 20
        if step == "confirm" and by_system:
            low = high = settings.REPORTS_REOPEN_DAYS * 24 + 1
        gaps.append(rng.uniform(low, high) * HOUR)
    total = sum(gaps)
    if state in OPEN:
        slack = rng.uniform(0, 18 * HOUR)
    elif state == "resolved":  # inside the 14-day reopen window, or it would be closed
        slack = rng.uniform(12 * HOUR, 11 * 24 * HOUR)
    else:
        slack = rng.uniform(HOUR, max(2 * HOUR, 88 * 24 * HOUR - total))
    created = now - timedelta(seconds=total + slack)
    times, at = [], created
    for gap in gaps:
        at += timedelta(seconds=gap)
        times.append(at)
    return Plan(cell, category, state, created, tuple(times), confirmed_by_system=by_system)


def _point(rng: random.Random, cell: int, margin: float = 0.08) -> tuple[float, float]:
    """A point inside the grid cell: bilinear blend of its four corners, away from edges."""
    row, col = divmod(cell, COLS)
    nw, ne = vertex(row, col), vertex(row, col + 1)
    se, sw = vertex(row + 1, col + 1), vertex(row + 1, col)
    u, v = rng.uniform(margin, 1 - margin), rng.uniform(margin, 1 - margin)
    lng = (1 - u) * (1 - v) * nw[0] + u * (1 - v) * ne[0] + u * v * se[0] + (1 - u) * v * sw[0]
    lat = (1 - u) * (1 - v) * nw[1] + u * (1 - v) * ne[1] + u * v * se[1] + (1 - u) * v * sw[1]
    return round(lat, 6), round(lng, 6)


def _jpeg(seed: int) -> bytes:
    """A small made-up street photo: sky, road, a post; colours vary with the seed."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    image = Image.new("RGB", (320, 240), (120 + seed * 20 % 100, 170, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 150, 320, 240), fill=(90, 90, 95))
    draw.rectangle((0, 140, 320, 150), fill=(60, 130, 60))
    x = rng.randint(40, 260)
    draw.rectangle((x, 40, x + 8, 150), fill=(50, 50, 50))
    draw.ellipse((x - 40, 170, x + 40, 200), fill=(rng.randint(60, 200), 80, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    return out.getvalue()


def _store_photo(seed: int, name: str) -> tuple[SavedPhoto, int]:
    processed = upload_process(data=_jpeg(seed), filename=name, kind=PHOTO)
    stored, thumb = upload_save(processed=processed, prefix="reports")
    saved = SavedPhoto(
        name=stored,
        thumbnail=thumb or "",
        width=processed.width or 0,
        height=processed.height or 0,
    )
    return saved, len(processed.content)


def _last_event_id() -> int:
    return CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


class _Loader:
    """Files one plan after another; keeps the shared photos, people and per-day codes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.categories = {c.code: c for c in ReportCategory.objects.all()}
        self.agencies = {a.code: a for a in Agency.objects.filter(parent__isnull=False)}
        self.reporters = [_citizen(phone, name) for phone, name in zip(PHONES, NAMES, strict=True)]
        self.reporters.append(_citizen(CITIZEN_PHONE, "Nguyễn Thị Năm", "c-demo-nam"))
        tinh = User.objects.get(username="demo.tinh")
        self.officials = {
            "TN.P.TANNINH": (
                User.objects.get(username="demo.tanninh.xuly"),
                User.objects.get(username="demo.tanninh.duyet"),
            ),
            "TN.P.GODAU": (User.objects.get(username="demo.godau.xuly"), tinh),
        }
        self.tinh = tinh
        self.before = [_store_photo(n, f"anh-{n}.jpg")[0] for n in range(4)]
        self.after = [_store_photo(10 + n, f"sau-{n}.jpg") for n in range(2)]
        self.by_cell: dict[int, list[tuple[Report, Plan]]] = {}
        self.seq: dict[str, int] = {}

    def add(self, plan: Plan) -> None:
        rng = self.rng
        reporter = rng.choice(self.reporters)
        category = self.categories[plan.category]
        original = self._original(plan)
        if plan.state == "closed_duplicate" and original is None:
            plan = Plan(plan.cell, plan.category, "closed_invalid", plan.created, plan.times[:1])
        if original is not None:
            category = original.category
            lat = (original.lat or 0) + rng.uniform(-0.0004, 0.0004)
            lng = (original.lng or 0) + rng.uniform(-0.0004, 0.0004)
        else:
            lat, lng = _point(rng, plan.cell)
        report = self._file(plan, category, reporter, lat, lng)
        if plan.state != "closed_duplicate" and category.code != "other":
            self.by_cell.setdefault(plan.cell, []).append((report, plan))
        if rng.random() < 0.3:
            others = [u for u in self.reporters if u.pk != reporter.pk]
            for supporter in rng.sample(others, rng.randint(1, 4)):
                report_support(report=report, user=supporter)
        for step, when in zip(STEPS[plan.state], plan.times, strict=True):
            self._dated(when, partial(self._step, report, plan, step, original))
        report = Report.objects.select_related("case", "category").get(pk=report.pk)
        finished = report.case.closed_at or report.case.state == "resolved"
        if finished and rng.random() < (0.3 if plan.state == "closed_cannot_fix" else 0.6):
            rating = rng.choice([5, 5, 5, 4, 4, 3, 2, 1])
            report_rate(
                report=report, user=reporter, rating=rating, comment=rng.choice(RATING_COMMENTS)
            )
        self._backdate(report, plan)

    def _original(self, plan: Plan) -> Report | None:
        """For a duplicate: the latest earlier report in the same place still open when the
        duplicate is merged (or fixed later on)."""
        if plan.state != "closed_duplicate":
            return None
        merged_at = plan.times[0]
        for report, earlier in reversed(self.by_cell.get(plan.cell, [])):
            if earlier.state in OPEN | {"resolved"} or (
                earlier.state in {"closed_fixed", "closed_cannot_fix"}
                and earlier.times[-1] > merged_at
            ):
                return report
        return None

    def _file(
        self, plan: Plan, category: ReportCategory, reporter: User, lat: float, lng: float
    ) -> Report:
        rng = self.rng
        answers: dict[str, Any] = {}
        if category.code == "streetlight" and rng.random() < 0.5:
            answers["pole"] = f"TN-{rng.randint(100, 999)}"
        if category.code == "flooding" and rng.random() < 0.6:
            answers["depth"] = float(rng.choice([10, 20, 30, 40, 50]))
        checked = CheckedReport(
            category=category,
            agency=report_route(category=category, lat=lat, lng=lng, ward=None),
            lat=lat,
            lng=lng,
            address=self._address(plan.cell),
            description=rng.choice(DESCRIPTIONS[category.code]),
            answers=answers,
            photos=[],
            show_name=rng.random() < 0.25,
            channel=Case.Channel.ZALO if rng.random() < 0.3 else Case.Channel.WEB,
        )
        photos = rng.sample(self.before, rng.choice([0, 0, 1, 1, 2]))
        mark = _last_event_id()
        report = report_store(checked=checked, photos=photos, user=reporter)
        CaseEvent.objects.filter(pk__gt=mark).update(at=plan.created)
        return report

    def _address(self, cell: int) -> str:
        rng = self.rng
        _kind, name, slug = LOCAL[cell]
        ward = next(a.name for a in self.agencies.values() if a.code.endswith("." + slug))
        street = rng.choice(STREETS)
        shape = rng.random()
        if shape < 0.5:
            return f"{rng.randint(1, 450)} {street}, {ward}"
        if shape < 0.8:
            return f"Hẻm {rng.randint(2, 90)} đường {street}, {ward}"
        return f"Gần {rng.choice(LANDMARKS)} {name}, {ward}"

    def _officials(self, report: Report) -> tuple[User, User]:
        return self.officials.get(report.case.agency.code, (self.tinh, self.tinh))

    def _step(self, report: Report, plan: Plan, step: str, original: Report | None) -> None:
        handler, approver = self._officials(report)
        case_id = report.case_id
        if step == "merge":
            assert original is not None
            report_merge(duplicate=report, original=original, by=handler)
        elif step == "resolve":
            self._resolve(report, handler)
        elif step == "confirm" and plan.confirmed_by_system:
            case_transition(
                case_id=case_id, action="confirm", actor=None, system=True, note=NOTES["auto"]
            )
        elif step == "confirm":
            reporter = report.case.applicant
            case_transition(case_id=case_id, action="confirm", actor=reporter, note=NOTES[step])
        else:
            actor = approver if step == "cannot_fix" else handler
            case_transition(case_id=case_id, action=step, actor=actor, note=NOTES.get(step, ""))
            if step == "assign":
                case_assign(case_id=case_id, assignee=handler, actor=handler)

    def _resolve(self, report: Report, handler: User) -> None:
        saved, size = self.rng.choice(self.after)
        ReportPhoto.objects.create(
            report=report,
            kind=ReportPhoto.Kind.AFTER,
            storage_name=saved.name,
            thumbnail_name=saved.thumbnail,
            width=saved.width,
            height=saved.height,
            uploaded_by=handler,
        )
        attachment = CaseAttachment.objects.create(
            case=report.case,
            uploaded_by=handler,
            storage_name=saved.name,
            thumbnail_name=saved.thumbnail,
            content_type="image/jpeg",
            size=size,
            original_name="sau-khi-xu-ly.jpg",
        )
        case_transition(
            case_id=report.case_id,
            action="resolve",
            actor=handler,
            note=RESPONSES[report.category.code],
            attachment_ids=(attachment.pk,),
        )

    def _dated(self, when: datetime, step: Callable[[], None]) -> None:
        """Run a step, then date the events it wrote (on this case and, for a merge, the
        original) to `when`."""
        mark = _last_event_id()
        step()
        CaseEvent.objects.filter(pk__gt=mark).update(at=when)

    def _backdate(self, report: Report, plan: Plan) -> None:
        case = Case.objects.get(pk=report.case_id)
        workflow = workflow_by_id(case.definition_id)
        state = workflow.states[case.state]
        last = plan.times[-1] if plan.times else plan.created
        due = due_after(plan.created, Sla(working_days=report.category.sla_working_days))
        resolved_at = None
        if "resolve" in STEPS[plan.state]:
            resolved_at = plan.times[STEPS[plan.state].index("resolve")]
        Case.objects.filter(pk=case.pk).update(
            code=self._code(case, plan.created),
            created_at=plan.created,
            updated_at=last,
            state_entered_at=last,
            due_at=due,
            due_sort=due or NO_DUE_DATE,
            state_due_at=None
            if state.terminal or state.pauses_clock
            else due_after(last, state.sla),
            closed_at=last if state.terminal else None,
            paused_at=last if state.pauses_clock else None,
            remaining_seconds=remaining_seconds(last, due) if state.pauses_clock else None,
        )
        Report.objects.filter(pk=report.pk).update(
            created_at=plan.created, updated_at=last, resolved_at=resolved_at
        )
        ReportPhoto.objects.filter(report=report, kind=ReportPhoto.Kind.BEFORE).update(
            created_at=plan.created
        )
        if resolved_at is not None:
            ReportPhoto.objects.filter(report=report, kind=ReportPhoto.Kind.AFTER).update(
                created_at=resolved_at
            )

    def _code(self, case: Case, created: datetime) -> str:
        """A code of the day the report was sent, numbered in order. Never one the engine can
        still hand out: past days have no counter, and today's counter is already past every
        demo report, since they were all opened today."""
        day = timezone.localdate(created)
        fmt = workflow_by_id(case.definition_id).code_format
        values = {"agency": case.agency.code, "kind": case.kind, "yyMMdd": f"{day:%y%m%d}"}
        values["yyyy"] = f"{day:%Y}"
        while True:
            key = fmt.split("{seq", 1)[0].format(**values)
            self.seq[key] = self.seq.get(key, 0) + 1
            code = fmt.format(seq=self.seq[key], **values)
            if not Case.objects.filter(code=code).exclude(pk=case.pk).exists():
                return code


def _citizen(phone: str, name: str, username: str = "") -> User:
    user, _created = User.objects.get_or_create(
        phone=phone,
        defaults={
            "username": username or f"c-demo-pa-{phone[-3:]}",
            "display_name": name,
            "is_demo": True,
            "phone_verified_at": timezone.now(),
        },
    )
    return user
