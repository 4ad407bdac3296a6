"""Workflow definitions as data: parsing and validation (no database).

A definition is JSON that province admins edit (admin import/export). Shape:

    {"kind": "report", "name": "…", "name_en": "…",
     "code_format": "{agency}-{yyMMdd}-{seq:04}",
     "sla": {"working_days": 10},                      # overall, or {"working_hours": 8}
     "states": [{"code": "received", "name": "…", "name_en": "…", "start": true,
                 "terminal": false, "pauses_clock": false, "sla": {"working_hours": 8}}, …],
     "actions": [{"code": "accept", "name": "…", "name_en": "…", "from": ["received"],
                  "to": "in_progress", "roles": ["handler"], "citizen": false,
                  "note_required": false, "attachment_required": false, "public": true}, …],
     "escalations": [{"overdue_days": 2, "do": "notify"},
                     {"overdue_days": 5, "do": "move_to_parent"}]}

Validation: exactly one start state; every state reachable from it; a terminal state reachable
from every state; no action leaves a terminal state; codes unique; roles known.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openprovince.accounts.models import Role
from openprovince.core.errors import AppError

CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
ESCALATIONS = {"notify", "move_to_parent"}
FORMAT_FIELDS = {"agency", "yyMMdd", "yyyy", "kind", "seq"}


@dataclass(frozen=True)
class Sla:
    working_days: int = 0
    working_hours: float = 0

    @property
    def is_set(self) -> bool:
        return bool(self.working_days or self.working_hours)


@dataclass(frozen=True)
class State:
    code: str
    name: str
    name_en: str = ""
    start: bool = False
    terminal: bool = False
    pauses_clock: bool = False
    sla: Sla = field(default_factory=Sla)

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Action:
    code: str
    name: str
    to: str
    sources: tuple[str, ...]
    name_en: str = ""
    roles: tuple[str, ...] = ()
    citizen: bool = False
    note_required: bool = False
    attachment_required: bool = False
    public: bool = True

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Escalation:
    overdue_days: int
    do: str


@dataclass(frozen=True)
class Workflow:
    kind: str
    name: str
    name_en: str
    code_format: str
    sla: Sla
    states: dict[str, State]
    actions: dict[str, Action]
    escalations: tuple[Escalation, ...]

    @property
    def start(self) -> State:
        return next(s for s in self.states.values() if s.start)

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    def actions_from(self, state: str) -> list[Action]:
        return [a for a in self.actions.values() if state in a.sources]


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)


def _sla(raw: Any, where: str, problems: _Problems) -> Sla:
    if raw in (None, {}):
        return Sla()
    if not isinstance(raw, dict) or set(raw) - {"working_days", "working_hours"}:
        problems.add(
            _('%(where)s: the SLA must be {"working_days": N} or {"working_hours": N}.')
            % {"where": where}
        )
        return Sla()
    days, hours = raw.get("working_days", 0), raw.get("working_hours", 0)
    if (
        not isinstance(days, int)
        or isinstance(days, bool)
        or days < 0
        or days > 365
        or not isinstance(hours, int | float)
        or isinstance(hours, bool)
        or not 0 <= hours <= 8 * 365
    ):
        problems.add(
            _("%(where)s: the SLA needs a whole number of working days (0–365) or working hours.")
            % {"where": where}
        )
        return Sla()
    return Sla(working_days=days, working_hours=float(hours))


def _text(
    raw: dict[str, Any], key: str, where: str, problems: _Problems, *, required: bool = True
) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        if required:
            problems.add(_("%(where)s: “%(key)s” is required.") % {"where": where, "key": key})
        return ""
    return value.strip()[:200]


def _flag(raw: dict[str, Any], key: str) -> bool:
    return raw.get(key) is True


def workflow_parse(data: Any) -> Workflow:
    """Check a definition; AppError `cases.bad_workflow` lists every problem found."""
    problems = _Problems()
    if not isinstance(data, dict):
        raise AppError("cases.bad_workflow", _("A workflow definition must be a JSON object."))
    kind = _text(data, "kind", "workflow", problems)
    if kind and not CODE_RE.match(kind):
        problems.add(_("workflow: the kind must be lower-case letters, digits, - or _."))
    code_format = data.get("code_format") or "{agency}-{yyMMdd}-{seq:04}"
    fields = set(re.findall(r"\{(\w+)(?::[^}]*)?\}", str(code_format)))
    if not isinstance(code_format, str) or "seq" not in fields or fields - FORMAT_FIELDS:
        problems.add(
            _(
                "workflow: the code format needs {seq} and may use {agency}, {kind}, "
                "{yyMMdd}, {yyyy}."
            )
        )
    states: dict[str, State] = {}
    for index, raw in enumerate(data.get("states") or [], start=1):
        where = _("state %(n)d") % {"n": index}
        if not isinstance(raw, dict):
            problems.add(_("%(where)s must be an object.") % {"where": where})
            continue
        code = _text(raw, "code", where, problems)
        if code and not CODE_RE.match(code):
            problems.add(
                _("%(where)s: the code must be lower-case letters, digits, - or _.")
                % {"where": where}
            )
        if code in states:
            problems.add(_("State “%(code)s” is defined twice.") % {"code": code})
        states[code] = State(
            code=code,
            name=_text(raw, "name", where, problems),
            name_en=_text(raw, "name_en", where, problems, required=False),
            start=_flag(raw, "start"),
            terminal=_flag(raw, "terminal"),
            pauses_clock=_flag(raw, "pauses_clock"),
            sla=_sla(raw.get("sla"), where, problems),
        )
    if not states:
        problems.add(_("The workflow needs states."))
    starts = [s for s in states.values() if s.start]
    if len(starts) != 1:
        problems.add(_("Exactly one state must be the start state."))
    if not any(s.terminal for s in states.values()):
        problems.add(_("At least one state must be terminal (the case is finished)."))
    actions: dict[str, Action] = {}
    for index, raw in enumerate(data.get("actions") or [], start=1):
        where = _("action %(n)d") % {"n": index}
        if not isinstance(raw, dict):
            problems.add(_("%(where)s must be an object.") % {"where": where})
            continue
        code = _text(raw, "code", where, problems)
        if code in actions:
            problems.add(_("Action “%(code)s” is defined twice.") % {"code": code})
        sources = raw.get("from") or []
        if isinstance(sources, str):
            sources = [sources]
        to = _text(raw, "to", where, problems)
        for name in [*sources, to]:
            if name and name not in states:
                problems.add(
                    _("Action “%(action)s” refers to an unknown state “%(state)s”.")
                    % {"action": code, "state": name}
                )
        for name in sources:
            if name in states and states[name].terminal:
                problems.add(
                    _(
                        "Action “%(action)s” leaves the terminal state “%(state)s”; "
                        "a finished case cannot move."
                    )
                    % {"action": code, "state": name}
                )
        roles = raw.get("roles") or []
        if not isinstance(roles, list) or any(r not in Role.values for r in roles):
            problems.add(
                _("Action “%(action)s”: roles must be among %(roles)s.")
                % {"action": code, "roles": ", ".join(Role.values)}
            )
            roles = []
        if not roles and not _flag(raw, "citizen"):
            problems.add(
                _("Action “%(action)s”: nobody may take it (no roles, not the citizen).")
                % {"action": code}
            )
        actions[code] = Action(
            code=code,
            name=_text(raw, "name", where, problems),
            name_en=_text(raw, "name_en", where, problems, required=False),
            to=to,
            sources=tuple(str(s) for s in sources),
            roles=tuple(roles),
            citizen=_flag(raw, "citizen"),
            note_required=_flag(raw, "note_required"),
            attachment_required=_flag(raw, "attachment_required"),
            public=raw.get("public", True) is not False,
        )
    escalations = []
    for raw in data.get("escalations") or []:
        if (
            not isinstance(raw, dict)
            or raw.get("do") not in ESCALATIONS
            or not isinstance(raw.get("overdue_days"), int)
            or raw["overdue_days"] < 0
        ):
            problems.add(
                _(
                    "Each escalation needs overdue_days (a whole number) and do "
                    "(notify or move_to_parent)."
                )
            )
            continue
        escalations.append(Escalation(overdue_days=raw["overdue_days"], do=raw["do"]))
    if len(starts) == 1 and not problems.items:
        _check_graph(starts[0].code, states, actions, problems)
    if problems.items:
        raise AppError(
            "cases.bad_workflow",
            _("The workflow definition has problems."),
            fields={"definition": problems.items},
        )
    return Workflow(
        kind=kind,
        name=_text(data, "name", "workflow", problems),
        name_en=str(data.get("name_en") or ""),
        code_format=code_format,
        sla=_sla(data.get("sla"), "workflow", problems),
        states=states,
        actions=actions,
        escalations=tuple(sorted(escalations, key=lambda e: e.overdue_days)),
    )


def _check_graph(
    start: str, states: dict[str, State], actions: dict[str, Action], problems: _Problems
) -> None:
    edges: dict[str, set[str]] = {code: set() for code in states}
    for action in actions.values():
        for source in action.sources:
            edges[source].add(action.to)
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    for code in states:
        if code not in seen:
            problems.add(_("State “%(state)s” cannot be reached from the start.") % {"state": code})
    reverse: dict[str, set[str]] = {code: set() for code in states}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].add(source)
    can_finish = {c for c, s in states.items() if s.terminal}
    queue = deque(can_finish)
    while queue:
        for prev in reverse[queue.popleft()]:
            if prev not in can_finish:
                can_finish.add(prev)
                queue.append(prev)
    for code in states:
        if code not in can_finish:
            problems.add(
                _("From state “%(state)s” no terminal state can be reached: a dead end.")
                % {"state": code}
            )
