"""The report (schema version 1) and the JSON plan that case systems send. Other tools read these."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"
Status = Literal["met", "partly_met", "not_met", "not_applicable"]
GradeName = Literal["outstanding", "good", "requires_improvement", "inadequate"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Evidence(Model):
    section: str = Field(description="Heading of the section the text is in ('' before the first heading).")
    block: int = Field(description="Position of the paragraph, list item or table row in the plan, from 0.")
    start: int = Field(description="Start offset of the evidence in that block's text.")
    end: int = Field(description="End offset (exclusive).")
    text: str
    note: str = Field("", description="A hint about this piece of text, such as a plainer word to use.")


class Finding(Model):
    rule: str
    severity: Literal["critical", "major", "minor", "info"]
    message: str
    suggestion: str
    evidence: list[Evidence] = Field(description="Empty when the finding is about something missing from the plan.")
    title: str = ""
    detail: str = Field("", description="What the detector measured, without plan text.")
    deduction: float = Field(0, description="Points taken from the criterion score.")
    source: str = ""


class CriterionResult(Model):
    id: str
    title: str = ""
    status: Status
    score: int
    findings: list[Finding]


class ActionOut(Model):
    text: str
    section: str
    owner: str | None
    due: str | None
    due_date: date | None
    specific: bool
    measurable: bool
    smart: bool
    vague_due: bool = False
    weak_owner: bool = False
    block: int = 0
    start: int = 0
    end: int = 0


class SectionOut(Model):
    area: str
    heading: str | None
    present: bool


class DocumentInfo(Model):
    source: str
    sha256: str
    words: int
    plan_date: date | None
    next_review: date | None
    last_review: date | None = None
    adviser: str | None = None
    team: str | None = None
    young_person_id: str | None = None


class Overall(Model):
    score: int
    grade: GradeName
    capped_by: list[str] = Field(default_factory=list, description="Gate criteria that held the grade down.")


class Tool(Model):
    name: str = "pathway-audit"
    version: str


class RulesetInfo(Model):
    name: str
    version: str
    packs: list[str] = Field(default_factory=list)


class Report(Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    tool: Tool
    ruleset: RulesetInfo
    checked_on: date
    document: DocumentInfo
    overall: Overall
    criteria: list[CriterionResult]
    actions: list[ActionOut]
    sections: list[SectionOut]


class JsonAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    what: str = Field(min_length=1, max_length=5_000)
    who: str | None = Field(None, max_length=500)
    when: str | None = Field(None, max_length=500)
    outcome: str | None = Field(None, max_length=5_000)


class JsonSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    heading: str = Field(min_length=1, max_length=500)
    text: str | list[str] = ""
    actions: list[JsonAction] = Field(default_factory=list, max_length=500)


class JsonMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plan_date: date | None = None
    last_review: date | None = None
    next_review: date | None = None
    adviser: str | None = Field(None, max_length=200)
    team: str | None = Field(None, max_length=200)
    young_person_id: str | None = Field(None, max_length=100)
    date_of_birth: date | None = None
    manager: str | None = Field(None, max_length=200)


class JsonPlan(BaseModel):
    """A plan sent as structured JSON by a case-management system."""

    model_config = ConfigDict(extra="forbid")
    metadata: JsonMetadata = Field(default_factory=JsonMetadata)
    sections: list[JsonSection] = Field(min_length=1, max_length=500)


def report_schema() -> dict:
    """The published JSON Schema of the report (schema/report-v1.json is this, checked by a test)."""
    schema = Report.model_json_schema()
    schema["$id"] = f"https://pathway-audit/schema/report-v{SCHEMA_VERSION}.json"
    schema["title"] = f"pathway-audit report, schema version {SCHEMA_VERSION}"
    return schema
