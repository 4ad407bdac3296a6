"""Schemas of the Q&A JSON API (api.py for the public and askers, api_office.py for officials).
Public shapes never carry the asker's identity; see docs/questions-api.md."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from openprovince.cases.timeline_data import OfficeTimelineOut, TimelineOut

# --- Shared ----------------------------------------------------------------------------------


class TopicOut(Schema):
    code: str
    name: str
    name_en: str
    local: bool  # answered by the asker's commune/ward: send `ward` when asking


class TopicRefOut(Schema):
    code: str
    name: str
    name_en: str


class AgencyRefOut(Schema):
    code: str
    name: str


class ProcedureOut(Schema):
    code: str
    name: str
    name_en: str


class LinkOut(Schema):
    title: str
    url: str


# --- Public and askers -----------------------------------------------------------------------


class QuestionOut(Schema):
    """A question in a list: the answer is cut to `excerpt` (read the whole on its page)."""

    id: str
    code: str
    title: str
    topic: TopicRefOut
    agency: AgencyRefOut
    status: str  # open | answered | closed
    excerpt: str  # the start of the answer ("" before it is published)
    helpful_yes: int
    helpful_no: int
    created_at: datetime
    answered_at: datetime | None


class QuestionPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[QuestionOut]


class QuestionDetailOut(QuestionOut):
    body: str
    answer: str | None  # None until the answer is published (a draft is never shown)
    procedures: list[ProcedureOut]
    links: list[LinkOut]
    state: str
    state_name: str
    is_public: bool
    mine: bool  # the viewer asked it
    can_follow_up: bool  # the viewer may ask the one follow-up now
    follow_up_of: str | None  # ids, only of questions the viewer may read
    follow_up: str | None
    duplicate_of: str | None
    timeline: list[TimelineOut]


class MyQuestionOut(QuestionOut):
    state: str
    state_name: str
    is_public: bool
    due_at: datetime | None


class MyQuestionPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[MyQuestionOut]


class AskIn(Schema):
    """Strings default to "" so that a missing field gets the same clear message as an empty
    one (400 `questions.invalid` with `fields`)."""

    topic: str = ""  # a topic code (GET /questions/topics)
    title: str = ""
    body: str = ""
    agency: str = ""  # an agency code; empty: "I don't know", routed by the topic
    ward: str = ""  # the asker's commune/ward code (for local topics)
    is_public: bool = True


class FollowUpIn(Schema):
    title: str = ""
    body: str = ""
    is_public: bool = True  # a follow-up of a private question stays private


class HelpfulIn(Schema):
    helpful: bool


class HelpfulOut(Schema):
    helpful: bool  # the vote recorded for you
    helpful_yes: int
    helpful_no: int


# --- Officials -------------------------------------------------------------------------------


class AskerOut(Schema):
    name: str
    phone: str | None  # only with the asker's consent "share-phone-with-handler"


class ActionOut(Schema):
    code: str  # the endpoint: answer | approve | return | forward | merge | reject
    name: str
    note_required: bool


class OfficeQuestionOut(Schema):
    id: str
    code: str
    title: str
    body: str
    topic: TopicRefOut
    status: str
    state: str
    state_name: str
    version: int
    agency: AgencyRefOut
    ward: AgencyRefOut | None
    assignee: str | None
    channel: str
    is_public: bool
    published: bool
    asker: AskerOut | None
    answer: str  # the draft while it waits for approval
    answer_by: str | None
    procedures: list[ProcedureOut]
    links: list[LinkOut]
    duplicate_of: str | None
    follow_up_of: str | None
    helpful_yes: int
    helpful_no: int
    due_at: datetime | None
    closed_at: datetime | None
    actions: list[ActionOut]
    timeline: list[OfficeTimelineOut]
    created_at: datetime
    updated_at: datetime


class LinkIn(Schema):
    title: str = ""
    url: str = ""


class AnswerIn(Schema):
    answer: str = ""
    procedures: list[str] = []  # procedure codes from the catalogue
    links: list[LinkIn] = []  # up to 5: https:// addresses or pages of this site
    version: int | None = None


class VersionIn(Schema):
    version: int | None = None


class ReturnIn(Schema):
    note: str = ""
    version: int | None = None


class ForwardIn(Schema):
    agency: str = ""
    reason: str = ""


class MergeIn(Schema):
    into: str = ""  # the code (HD-…) or id of the question it repeats
    note: str = ""


class RejectIn(Schema):
    reason: str = ""


class TemplateOut(Schema):
    id: int
    title: str
    body: str  # "{name}" stands for the asker's name
    topic: str | None
    agency: str | None
