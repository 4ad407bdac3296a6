"""What a module runs inside every transition of its own kind of case.

Explicit registration, not Django signals (DESIGN §4.3): a module keeps its own denormalised
fields right (e.g. a report's public status) whoever moves the case — its own pages, the
generic office case page, or a periodic rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case
    from .workflow import Action

TransitionHook = Callable[["Case", "Action"], None]
_hooks: dict[str, list[TransitionHook]] = {}


def on_transition(kind: str, hook: TransitionHook) -> None:
    _hooks.setdefault(kind, []).append(hook)


def run_transition_hooks(case: Case, action: Action) -> None:
    for hook in _hooks.get(case.kind, ()):
        hook(case, action)
