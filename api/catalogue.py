"""GET /v1/rules and GET /v1/rules/{id}: the rules in force."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from ..rules.schema import Rule
from .problems import Problem
from .security import require_client

router = APIRouter(prefix="/v1", dependencies=[Depends(require_client)], tags=["rules"])


class RuleSummary(BaseModel):
    id: str
    criterion: str
    title: str
    severity: str
    weight: float
    status: str
    source: str


class RuleList(BaseModel):
    name: str
    version: str
    packs: list[str]
    disabled: list[str]
    rules: list[RuleSummary]


@router.get("/rules", response_model=RuleList, summary="List the rules in force")
def list_rules(request: Request) -> RuleList:
    ruleset = request.app.state.auditor.ruleset
    return RuleList(name=ruleset.name, version=ruleset.version, packs=list(ruleset.packs),
                    disabled=list(ruleset.disabled),
                    rules=[RuleSummary(id=r.id, criterion=r.criterion, title=r.title, severity=r.severity,
                                       weight=r.weight, status=r.status, source=r.source.cite)
                           for r in ruleset.rules])


@router.get("/rules/{rule_id}", response_model=Rule, summary="Explain one rule",
            responses={404: {"description": "No such rule", "content": {"application/problem+json": {}}}})
def get_rule(rule_id: str, request: Request) -> Rule:
    rule = request.app.state.auditor.ruleset.rule(rule_id)
    if rule is None:
        raise Problem(404, "There is no rule with that id. GET /v1/rules lists them.", code="no_such_rule")
    return rule
