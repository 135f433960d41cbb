"""One staff action, declared: its label, the routes and states it is available in, the
roles (and partners) that may take it, its inputs, and the step that says what it changes.
``actions.py`` lists every action of the process."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from services.scheduler.domain.inputs import Input, clean_inputs
from services.scheduler.domain.lifecycle import (
    ActionRefused,
    Actor,
    CaseSnapshot,
    Change,
    Context,
    InputErrors,
    Plan,
)
from services.scheduler.domain.routes import Route
from services.scheduler.domain.staff import Partner, Role
from services.scheduler.domain.states import CaseState as S
from services.scheduler.domain.states import allowed_next

SI, PL = Route.SERIOUS_INCIDENT, Route.PRACTICE_LEARNING
OPS_OR_CHAIR = frozenset({Role.OPS, Role.CHAIR})
CHAIR = frozenset({Role.CHAIR})
_ROUTE_NOUN = {SI: "serious-incident", PL: "practice-learning"}

_PARTNER_LEADS = {
    Partner.LOCAL_AUTHORITY: "the local authority's lead representative",
    Partner.POLICE: "the police lead representative",
    Partner.HEALTH: "the health partner's lead representative",
}


Step = Callable[[CaseSnapshot, Mapping[str, object], Context], Change]
#: a reason to refuse that depends on more than the state and the role ("" when allowed)
Guard = Callable[[CaseSnapshot, Actor], str]


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    available: Mapping[Route, frozenset[S]]
    to_states: frozenset[S]
    roles: frozenset[Role]
    inputs: tuple[Input, ...]
    step: Step
    #: a partner-lead may take it only for these partners
    partners: frozenset[Partner] = frozenset()
    #: a reason to refuse that depends on more than the state ("" when allowed)
    guard: Guard | None = None
    #: the clock whose due date (or window) the action's form shows
    shows_clock: str = ""

    @property
    def phrase(self) -> str:
        return self.label[0].lower() + self.label[1:]

    def permits(self, role: Role, partner: Partner | None = None) -> bool:
        if role not in self.roles:
            return False
        return role is not Role.PARTNER_LEAD or not self.partners or partner in self.partners

    def available_in(self, route: Route, state: S) -> bool:
        return state in self.available.get(route, frozenset())

    def who(self) -> str:
        names = [r.label for r in sorted(self.roles, key=list(Role).index)]
        if Role.PARTNER_LEAD in self.roles and self.partners and self.partners != set(Partner):
            index = names.index(Role.PARTNER_LEAD.label)
            names[index : index + 1] = [_PARTNER_LEADS[p] for p in Partner if p in self.partners]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

    def refusal(self, case: CaseSnapshot, actor: Actor) -> str:
        """Why ``actor`` may not take this action on ``case`` now ("" when they may)."""
        if not self.permits(actor.role, actor.partner):
            return f"Only {self.who()} can {self.phrase}."
        if case.route not in self.available:
            return f"A {_ROUTE_NOUN[case.route]} case cannot {self.phrase}."
        if not self.available_in(case.route, case.state):
            return (
                f'A {_ROUTE_NOUN[case.route]} case in state "{case.state.label}" '
                f"cannot {self.phrase}."
            )
        return self.guard(case, actor) if self.guard else ""

    def plan(
        self, case: CaseSnapshot, raw: Mapping[str, object], actor: Actor, ctx: Context
    ) -> Plan:
        """The checked change, or ActionRefused (with a reason) or InputErrors (by input)."""
        reason = self.refusal(case, actor)
        if reason:
            raise ActionRefused(reason)
        values, errors = clean_inputs(self.inputs, raw, ctx.today)
        if errors:
            raise InputErrors(errors)
        change = self.step(case, values, replace(ctx, actor=actor))
        to_state = change.to_state or case.state
        if to_state is not case.state and to_state not in allowed_next(case.route, case.state):
            raise ActionRefused(f"A case cannot move from {case.state.label} to {to_state.label}")
        recorded = {**values, **change.facts}
        return Plan(self.key, self.label, actor, case.state, to_state, recorded, change)
