"""Shared helpers for surat keluar tests: the demo office's actors and positions, a konsep form,
and letters taken through the services to a given state (signed, dispatched ...)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from kpu_tui.models import Jabatan, User, UserRole
from kpu_tui.services import ekspedisi
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.actor import Actor, actor_from
from kpu_tui.services.surat_keluar_views import KeluarRow, KirimForm, KonsepForm, TujuanForm
from kpu_tui.store import Store

WITA = ZoneInfo("Asia/Makassar")
"""The demo office (KPU Kota Bontang) keeps WITA."""


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An instant given in Bontang office time (WITA), as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=WITA).astimezone(UTC)


NOW = at(2026, 11, 23, 9)
"""Monday 23 November 2026, 09.00 WITA."""


def actor_of(store: Store, username: str) -> Actor:
    """The actor of a demo account, with the roles it holds."""
    with store.read() as s:
        user = s.exec(select(User).where(User.username == username)).one()
        roles = s.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all()
    return actor_from(user.id, user.nama, roles)


def jabatan_ids(store: Store) -> dict[str, int]:
    """Position ids by kode (KETUA, SEKRETARIS, KASUBBAG_TPPH ...)."""
    with store.read() as s:
        return {j.kode: j.id for j in s.exec(select(Jabatan)).all() if j.id is not None}


def konsep(store: Store, **changes: Any) -> KonsepForm:
    """A complete konsep signed by the Sekretaris after the Kasubbag TPPH's paraf."""
    jab = jabatan_ids(store)
    base = KonsepForm(
        perihal="Permohonan data pemilih untuk pemutakhiran",
        jenis_naskah="SD",
        klasifikasi="PL.01.1",
        tujuan=(
            TujuanForm(
                "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bontang", "Jl. Awang Long"
            ),
            TujuanForm("Ketua KPU Provinsi Kalimantan Timur", tembusan=True),
        ),
        penandatangan_jabatan_id=jab["SEKRETARIS"],
        paraf=(jab["KASUBBAG_TPPH"],),
    )
    fields = base.__dict__ | changes
    return KonsepForm(**fields)


def signed(store: Store, *, now: datetime = NOW, tanggal: str = "", **changes: Any) -> KeluarRow:
    """A letter taken from konsep through its paraf to the signature (numbered)."""
    staf, kasubbag, petugas = (
        actor_of(store, "staf"),
        actor_of(store, "kasubbag.tpph"),
        actor_of(store, "petugas"),
    )
    form = konsep(store, **changes)
    with store.write() as s:
        row = sk.create(s, actor=staf, form=form, now=now)
    with store.write() as s:
        sk.submit(s, actor=staf, surat_id=row.id, now=now)
    with store.write() as s:
        if skr.get_row(s, row.id).status.value == "paraf":
            sk.paraf(s, actor=kasubbag, surat_id=row.id, now=now)
    with store.write() as s:
        return sk.sign(s, actor=petugas, surat_id=row.id, tanggal=tanggal, now=now)


def dispatched(store: Store, *, now: datetime = NOW, **changes: Any) -> KeluarRow:
    """A signed letter sent to every tujuan by hand."""
    row = signed(store, now=now, **changes)
    petugas = actor_of(store, "petugas")
    with store.write() as s:
        ids = [t.id for t in ekspedisi.tujuan_of(s, row.id)]
        ekspedisi.dispatch(s, actor=petugas, tujuan_ids=ids, form=KirimForm("antar"), now=now)
        return skr.get_row(s, row.id)
