"""Runs of an SOP: one per case, one event per completed step, note or cancellation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from .base import enum_type, utcnow


class RunStatus(StrEnum):
    """Where a run stands."""

    BERJALAN = "berjalan"
    SELESAI = "selesai"
    BATAL = "batal"

    @property
    def label(self) -> str:
        """The Indonesian word."""
        return {"berjalan": "berjalan", "selesai": "selesai", "batal": "batal"}[self.value]


class StepEventKind(StrEnum):
    """What an event records."""

    MULAI = "mulai"
    """The run started (the first step began)."""
    SELESAI = "selesai"
    """A step was completed (with a decision on a decision step)."""
    CATATAN = "catatan"
    """A note on the current step; the step stays open."""
    BATAL = "batal"
    """The run was cancelled, with a reason."""


class ProcedureRun(SQLModel, table=True):
    """One run of an SOP for a subject: a register record or a free-text matter.

    ``langkah_kini`` is the step waiting to be done (None once finished or cancelled);
    ``tenggat_at`` is its due time by the SOP's mutu baku, so overdue lists are one indexed
    query.
    """

    __tablename__ = "procedure_run"
    __table_args__ = (
        Index("ix_procedure_run_status_tenggat", "status", "tenggat_at"),
        Index("ix_procedure_run_subject", "subject_type", "subject_id"),
        Index("ix_procedure_run_status_subject", "status", "subject_type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sop_id: str = Field(max_length=40, index=True)
    sop_nama: str = Field(max_length=300)
    judul: str = Field(max_length=300)
    subject_type: str = Field(default="", max_length=40)
    subject_id: str = Field(default="", max_length=60)
    status: RunStatus = Field(default=RunStatus.BERJALAN, sa_type=enum_type(RunStatus))
    langkah_kini: int | None = Field(default=None)
    langkah_sejak: datetime | None = Field(default=None)
    tenggat_at: datetime | None = Field(default=None)
    mulai_at: datetime = Field(default_factory=utcnow, index=True)
    mulai_oleh_id: int | None = Field(default=None)
    mulai_oleh_nama: str = Field(max_length=120)
    selesai_at: datetime | None = Field(default=None)
    alasan_batal: str = Field(default="", max_length=500)


class StepEvent(SQLModel, table=True):
    """One event of a run: a step done (who, when, decision, note, attachment), a note, or the
    cancellation. ``langkah_mulai_at`` keeps when the step began, so the actual time of every
    step can be set against its mutu baku."""

    __tablename__ = "step_event"
    __table_args__ = (Index("ix_step_event_run", "run_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="procedure_run.id")
    kind: StepEventKind = Field(sa_type=enum_type(StepEventKind))
    langkah_no: int | None = Field(default=None)
    keputusan: str = Field(default="", max_length=10)
    langkah_berikut: int | None = Field(default=None)
    langkah_mulai_at: datetime | None = Field(default=None)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None)
    actor_name: str = Field(max_length=120)
    catatan: str = Field(default="", max_length=2000)
    lampiran: str = Field(default="", max_length=300)
