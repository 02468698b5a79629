"""Recommendations: the next concrete actions, who to meet, through whom, and why.

Every finding that names a person is gathered under that person: a key person we do not reach,
reach only weakly, through a stale contact or through one member only; an unknown stance; a
buying role, department or faction nobody reaches (its most important person); an ignored risk;
the best inside contact. **One recommendation per person**: one action, chosen from the
person's situation, and one "why" that says each fact once, the strongest first.

- The action: win over or neutralise an ignored risk; otherwise meet someone nobody on our team
  reaches; get closer to someone reached only weakly; reconnect after a stale contact; bring a
  second person to someone only one of us knows; find out where a well-reached person stands;
  cultivate the best inside contact. The finding with the most impact decides.
- How: someone we already reach directly is reached through the member who knows them ("ask
  Tomas Reyes (who knows them)"), before any longer route; otherwise the route of
  :mod:`~powermap.analysis.router` (people who would introduce us only; a route through someone
  whose stance is unknown, when there is no other, says "(check first where Anna Berg stands)"
  and its steps say why), or a plain "no introduction route we would use yet" with why. "Find out where X stands" asks the member who
  knows X, else our best inside contact when that person is not X's rival.
- Never on the avoid list (:mod:`~powermap.analysis.avoid`): nobody on it is a target (the avoid
  list itself says what to do about them), and no route passes through them.
- Impact = severity (high 1.0, medium 0.6, low 0.3) x (0.5 + 0.5 x the person's key-person
  score), the largest of the person's findings. An urgent risk (a hostile person close to a
  competitor with a personal tie to the top leader, :mod:`.risks`) is high and weighed with the
  top key person's score, and comes first among equal impacts, so it is among the first three
  actions. Most impact first; the report's ``--top`` keeps the first N.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..i18n import Message, chained, say, say_n
from ..model import KEY_ROLES
from .avoid import Avoid
from .coverage import Gap
from .defaults import STALE_DAYS
from .engine import gc_paused
from .graph import active_stakeholders, department_node, faction_node
from .groups import groups
from .inside_contacts import InsideContact
from .key_persons import KEY_ROLE_WORDS, KeyPersons
from .leaders import CLOSENESS, key_set, person_words, reach_words
from .exclusions import avoided
from .paths import Router, no_route_reason
from .reach import Reach, reach_by_person
from .risks import Risk

__all__ = ["Recommendation", "recommendations", "LIMIT"]

LIMIT = 10
_SEVERITY = {"high": 1.0, "medium": 0.6, "low": 0.3}
# Among findings of equal impact, the one whose action leads (and whose facts come first).
_KINDS = ("risk", "key_person", "role", "department", "faction", "stale_contact", "single_threaded",
          "unknown_stance", "contact")
_KEY_ROLES = tuple(role.value for role in KEY_ROLES)
# What a risk and an inside contact say about how we reach them: said once, by the reach fact.
_REACH_IDS = frozenset({
    "nobody on our team has met them", "we only know of them: {contact}", "only a weak contact: {contact}",
    "contact gone stale: {contact}", "no contact with our team", "{level} contact of {names}",
    "{level} contact of {names}, last met {date}", "{level} contact of {names}, last met {date}, {days} days ago",
    "only {member} of our team knows them",
})


_STANCE_UNKNOWN = say("where they stand is unknown")


@dataclass(frozen=True)
class Recommendation:
    action: Message
    target: str
    why: Message
    impact: float
    reasons: tuple[Message, ...] = ()  # the facts of ``why``, strongest first

    def to_dict(self) -> dict:
        return {"action": self.action, "target": self.target, "why": self.why}


@dataclass
class _Finding:
    kind: str
    impact: float
    gap: Gap | None = None
    risk: Risk | None = None
    contact: InsideContact | None = None


def _how_met(seen: Reach) -> Message:
    """"close, last met 2026-11-02", with how long ago when stale."""
    level = say(CLOSENESS[seen.level])
    if seen.last_contact is None:
        return say("{level}, date unknown", level=level)
    if seen.stale:
        return say("{level}, last met {date}, {days} days ago", level=level, date=seen.last_contact.isoformat(),
                   days=seen.age_days)
    return say("{level}, last met {date}", level=level, date=seen.last_contact.isoformat())


class _Planner:
    """Gathers the findings per person, then says one action and one why for each."""

    def __init__(self, graph: nx.MultiDiGraph, key: KeyPersons, router: Router, reach: dict[str, Reach],
                 avoid: tuple[Avoid, ...]):
        self.graph, self.key, self.router, self.reach = graph, key, router, reach
        self.people = active_stakeholders(graph)
        self.groups = groups(graph)  # who is behind a department, faction or role, indexed once
        self.position = {person: place for place, person in enumerate(self.people)}
        self.avoid = {entry.id for entry in avoid}
        self.found: dict[str, list[_Finding]] = {}
        self.urgent: set[str] = set()  # targets weighed as the top key person, placed first among equals
        self.coach: InsideContact | None = None

    def add(self, target: str, severity: str, finding: _Finding, *, urgent: bool = False) -> None:
        if target in self.avoid:
            return  # the avoid list says what to do about them
        score = self.key.score(target)
        if urgent:  # weighed as an action on the top key person
            self.urgent.add(target)
            score = max(score, self.key.ranked[0].score if self.key.ranked else 0.0)
        finding.impact = _SEVERITY[severity] * (0.5 + 0.5 * score)
        self.found.setdefault(target, []).append(finding)

    # -- the facts -------------------------------------------------------------------------
    def reach_fact(self, person: str, single: bool) -> Message | None:
        """How we reach ``person``, in one clause, when it is a problem."""
        seen = self.reach[person]
        names = [self.graph.nodes[member]["name"] for member in seen.members]
        if seen.level is None:
            return say("nobody on our team knows them")
        if seen.level == 0:
            return say("we only know of them: {contact}", contact=reach_words(seen, self.graph))
        if not (seen.weak or seen.stale or (single and len(names) == 1)):
            return None
        if len(names) == 1:
            return say("only {member} knows them ({how})", member=names[0], how=_how_met(seen))
        return say("{members} know them ({how})", members=names, how=_how_met(seen))

    def facts(self, person: str, findings: list[_Finding]) -> list[Message]:
        data = self.graph.nodes[person]
        rank = self.key.rank(person)
        kinds = {finding.kind for finding in findings}
        gap_kinds = kinds & {"key_person", "stale_contact", "single_threaded", "unknown_stance", "role"}
        reach = self.reach_fact(person, "single_threaded" in kinds) if kinds - {"unknown_stance", "contact"} else None
        said: list[Message] = []

        def tell(message: Message | None) -> None:
            if message is not None and message not in said:
                said.append(message)

        for finding in findings:
            if finding.kind == "risk":
                reasons = [reason for reason in finding.risk.reasons if reason not in said
                           and (reach is None or getattr(reason, "msgid", None) not in _REACH_IDS)
                           and not (getattr(reason, "msgid", None) == "stance unknown" and _STANCE_UNKNOWN in said)]
                if reasons:
                    tell(say("ignored risk: {reasons}", reasons=reasons))
            elif finding.kind == "contact":
                reasons = [reason for reason in finding.contact.reasons if reason not in said
                           and (reach is None or getattr(reason, "msgid", None) not in _REACH_IDS)]
                tell(say("our best inside contact: {reasons}", reasons=reasons) if reasons
                     else say("our best inside contact"))
                risks = [risk for risk in finding.contact.risks
                         if reach is None or getattr(risk, "msgid", None) not in _REACH_IDS]
                if risks:
                    tell(say("take care: {risks}", risks=risks))
            else:
                if rank is not None and self.key_member(person) and finding.kind in gap_kinds:
                    if not any("key person #" in said_one for said_one in said):
                        tell(say("key person #{rank}", rank=rank))
                roles = [say(KEY_ROLE_WORDS[role]) for role in _KEY_ROLES if role in data["roles"]]
                if roles and finding.kind in {"key_person", "role", "unknown_stance", "stale_contact"}:
                    tell(say_n("buying role: {roles}", "buying roles: {roles}", count=len(roles), roles=roles))
                if finding.kind in {"department", "faction"}:
                    tell(self.group_fact(finding.gap))
                if finding.kind != "unknown_stance" and reach is not None:
                    tell(reach)
                if finding.kind == "unknown_stance" or (data["stance_score"] is None and finding.kind == "key_person"):
                    if not any(getattr(m, "msgid", "") == "stance unknown" or "stance unknown" in m for m in said):
                        tell(_STANCE_UNKNOWN)
        if reach is not None and kinds <= {"risk", "contact"}:
            tell(reach)
        return said

    def key_member(self, person: str) -> bool:
        return person in self.keys

    def group_fact(self, gap: Gap) -> Message:
        node = department_node(gap.subject) if gap.kind == "department" else faction_node(gap.subject)
        group = self.graph.nodes[node]["name"]
        inside = self.groups.of(gap.kind, gap.subject)
        if any(self.reach[p].reached for p in inside):
            return say("we reach {group} only weakly or long ago", group=group)
        return say_n("we reach nobody in {group} ({count} person)", "we reach nobody in {group} ({count} people)",
                     count=len(inside), group=group)

    # -- the action ------------------------------------------------------------------------
    def how(self, person: str, verb: Message, coach: InsideContact | None) -> tuple[Message, list[Message]]:
        """The action with the way to the person, and the route's steps in words."""
        blocked = set(avoided(self.router, person).excluded)
        routes = self.router.routes(self.router_origins, person, blocked, k=3, distinct_introducers=True)
        if not routes:
            return (say("{action}: no introduction route we would use yet", action=verb),
                    [no_route_reason(self.router, self.router_origins, person, search=False)])
        best = routes[0]
        if best.direct:
            member = self.graph.nodes[best.introducer]["name"]
            # a longer route is worth naming only when it is warmer, starts with another of us and
            # asks nobody whose stance is unknown (our colleague's own contact is the surer way)
            other = next((route for route in routes[1:] if not route.direct and route.warmth > best.warmth
                          and route.path[0] != best.path[0] and not route.unsure), None)
            if other is not None:
                return (say("{action}: ask {member} (who knows them), or go through {chain}", action=verb,
                            member=member, chain=self.chain(other)), list(other.reasons))
            return say("{action}: ask {member} (who knows them)", action=verb, member=member), []
        if best.unsure:  # only people whose stance is unknown would introduce us: check them first
            names = [self.graph.nodes[node]["name"] for node in best.unsure]
            return (say_n("{action} through {chain} (check first where {names} stands)",
                          "{action} through {chain} (check first where {names} stand)", count=len(names),
                          action=verb, chain=self.chain(best), names=names), list(best.reasons))
        return say("{action} through {chain}", action=verb, chain=self.chain(best)), list(best.reasons)

    def chain(self, route) -> str:
        return " → ".join(self.graph.nodes[node]["name"] for node in route.path[:-1])

    def stance_ask(self, person: str, coach: InsideContact | None) -> Message:
        seen = self.reach[person]
        who = person_words(self.graph, person)
        if seen.reached:
            member = self.graph.nodes[seen.members[0]]["name"]
            return say("Find out where {person} stands (ask {member}, who knows them)", person=who, member=member)
        if coach is not None and coach.id != person and coach.id not in self.router.rivalries.get(person, {}):
            return say("Find out where {person} stands (ask {contact}, our best inside contact)", person=who,
                       contact=coach.name)
        return say("Find out where {person} stands", person=who)

    def action(self, person: str, findings: list[_Finding], coach: InsideContact | None) -> tuple[Message, list[Message]]:
        lead = findings[0].kind
        who = person_words(self.graph, person)
        seen = self.reach[person]
        kinds = {finding.kind for finding in findings}
        if lead == "contact":
            return say("Cultivate {person} as our inside contact", person=who), []
        if lead == "risk":
            return self.how(person, say("Win over or neutralise {person}", person=who), coach)
        if kinds <= {"unknown_stance", "contact"} or (lead == "unknown_stance" and seen.good):
            return self.stance_ask(person, coach), []
        if not seen.reached:
            return self.how(person, say("Meet {person}", person=who), coach)
        if seen.weak:
            verb = say("Get closer to {person}", person=who)
        elif seen.stale:
            verb = say("Reconnect with {person}", person=who)
        elif "single_threaded" in kinds:
            verb = say("Bring a second person from our team to {person}", person=who)
        else:
            verb = say("Meet {person}", person=who)
        return self.how(person, verb, coach)

    def result(self, coach: InsideContact | None, limit: int | None = None) -> list[Recommendation]:
        """One recommendation per person, most impact first; the actions (and their routes) are
        made for the first ``limit`` people only, the only ones that can be kept."""
        order = {node: index for index, node in enumerate(self.graph.nodes)}
        for findings in self.found.values():
            findings.sort(key=lambda finding: (-round(finding.impact, 9), _KINDS.index(finding.kind)))
        people = sorted(self.found, key=lambda person: (-round(self.found[person][0].impact, 9), person not in self.urgent,
                                                        order.get(person, len(order))))
        made = []
        for person in people[:limit]:
            findings = self.found[person]
            action, route_words = self.action(person, findings, coach)
            reasons = self.facts(person, findings)
            reasons += [words for words in route_words if words not in reasons]
            made.append(Recommendation(action, person, chained(reasons), findings[0].impact, tuple(reasons)))
        return made


def _most_important(planner: _Planner, people: list[str]) -> str | None:
    people = [p for p in people if p not in planner.avoid]
    return max(people, key=lambda p: (planner.key.score(p), -planner.position[p]), default=None)


def _holders(planner: _Planner, gap: Gap) -> tuple[str, ...]:
    """The people behind a gap about a role, department or faction (a look-up in the index of
    :mod:`~powermap.analysis.groups`, not a scan of everyone per gap)."""
    return planner.groups.of(gap.kind, gap.subject)


@gc_paused
def recommendations(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons,
    gaps: tuple[Gap, ...],
    contacts: tuple[InsideContact, ...],
    risks: tuple[Risk, ...],
    as_of: dt.date,
    limit: int = LIMIT,
    router: Router | None = None,
    engine: str | None = None,
    avoid: tuple[Avoid, ...] | None = None,
    top: int | None = None,
    stale_days: int = STALE_DAYS,
) -> tuple[Recommendation, ...]:
    """The next actions for the account team, one per person, most impact first.

    ``router``: routes prepared once for the account (:class:`~powermap.analysis.paths.Router`);
    ``engine``: for the routes when no router is given; ``avoid``: the avoid list (the router's
    when not given); ``top``: count the first ``top`` of the ranking as the key persons instead of the key
    persons themselves (as for the gaps).
    """
    router = router or Router(graph, as_of=as_of, stale_days=stale_days, ranking=key, engine=engine, avoid=avoid)
    avoid = tuple(router.avoid.values()) if avoid is None else avoid
    reach = reach_by_person(graph, as_of=router.day, stale_days=router.stale_days)
    planner = _Planner(graph, key, router, reach, avoid)
    planner.keys = set(key_set(key, top))
    planner.router_origins = sorted(router.team, key=router.order.get)
    coach = next((contact for contact in contacts if contact.id not in planner.avoid), None)
    team_gaps = []
    for gap in gaps:
        if gap.kind in {"role", "department", "faction"}:
            person = _most_important(planner, _holders(planner, gap))
            if person is not None:
                planner.add(person, gap.severity, _Finding(gap.kind, 0.0, gap=gap))
        elif gap.kind == "single_threaded" and gap.subject not in planner.position:
            team_gaps.append(gap)
        elif gap.kind in {"key_person", "stale_contact", "single_threaded", "unknown_stance"}:
            if gap.subject in planner.position:
                planner.add(gap.subject, gap.severity, _Finding(gap.kind, 0.0, gap=gap))
    for risk in risks[:3] + tuple(risk for risk in risks[3:] if risk.urgent):
        planner.add(risk.id, "high" if risk.score >= 0.5 or risk.urgent else "medium",
                    _Finding("risk", 0.0, risk=risk), urgent=risk.urgent)
    if coach is not None:
        planner.add(coach.id, "medium", _Finding("contact", 0.0, contact=coach))
    made = planner.result(coach, limit)
    for gap in team_gaps:  # the account rests on one seller: about our team, not a person there
        name = graph.nodes[gap.subject]["name"]
        impact = _SEVERITY[gap.severity] * 0.5
        made.append(Recommendation(say("Spread the account: introduce colleagues to the contacts {member} holds",
                                       member=name), gap.subject, gap.message, impact, (gap.message,)))
    order = {node: index for index, node in enumerate(graph.nodes)}
    made.sort(key=lambda item: (-round(item.impact, 9), item.target not in planner.urgent,
                                order.get(item.target, len(order))))
    return tuple(made[:limit])
