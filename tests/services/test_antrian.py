"""The queue through the service, on an office built through the registers' own services:
whose queue each kind of item lands in (and nobody else's), what leaves it, the order, the
filters, what became overdue since the last login, the office and unit views, and the
dashboard counts agreeing with the office queue at and after closing time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from kpu_tui.config import sqlite_url
from kpu_tui.models import ProcedureRun, Role, Unit, User
from kpu_tui.services import antrian, disposisi, ekspedisi, procedure
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_masuk as sm
from kpu_tui.services.actor import Actor
from kpu_tui.services.antrian import KANTOR, Filter, Jenis, Pemegang
from kpu_tui.services.surat_keluar_views import KirimForm
from kpu_tui.sop.engine import Urgensi
from kpu_tui.store import Store, backup_sqlite_to

from ..keluar_helpers import NOW, WITA, actor_of, at, jabatan_ids, konsep, signed
from .test_surat_masuk import letter

CLOSING = at(2026, 11, 23, 16, 0)
"""Monday 23 November 2026, closing time: the batas waktu of the M5 disposisi."""

USERNAMES = (
    "admin",
    "petugas",
    "ketua",
    "sekretaris",
    "kasubbag.kul",
    "kasubbag.tpph",
    "kasubbag.rdi",
    "kasubbag.phs",
    "staf",
    "pengaduan",
    "wbs",
    "upg",
    "ppid",
    "teknis",
)


@dataclass
class Office:
    """The ids of the state :func:`build_office` made."""

    users: dict[str, int] = field(default_factory=dict)
    jabatan: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    masuk: dict[str, int] = field(default_factory=dict)
    penerima: dict[str, int] = field(default_factory=dict)
    hops: dict[str, int] = field(default_factory=dict)
    keluar: dict[str, int] = field(default_factory=dict)
    runs: dict[str, int] = field(default_factory=dict)

    def key(self, name: str) -> str:
        """The queue key of a named item of the state: ``M1`` (telaah), ``M5/TPPH``
        (a disposisi recipient), ``K1`` (a surat keluar), ``R1`` (a run)."""
        kind = EXPECTED[name][0]
        if kind in antrian.DISPOSISI_KINDS:
            return f"{kind.value}:{self.penerima[name]}"
        if kind == Jenis.TELAAH:
            return f"{kind.value}:{self.masuk[name]}"
        if kind == Jenis.LANGKAH:
            return f"{kind.value}:{self.runs[name]}"
        return f"{kind.value}:{self.keluar[name]}"


EXPECTED: dict[str, tuple[Jenis, frozenset[str]]] = {
    # surat masuk, telaah: the holder of the tujuan position
    "M1": (Jenis.TELAAH, frozenset({"ketua"})),
    "M2": (Jenis.TELAAH, frozenset({"sekretaris"})),
    "M3": (Jenis.TELAAH, frozenset()),  # addressed to nobody
    "M9": (Jenis.TELAAH, frozenset({"ketua"})),  # its only disposisi was cancelled
    # disposisi: the person, the position's holder, every member of a unit
    "M4/SEKRETARIS": (Jenis.DISPOSISI, frozenset({"sekretaris"})),
    "M5/TPPH": (Jenis.DISPOSISI_BARU, frozenset({"kasubbag.tpph"})),
    "M5/SUBBAG_KUL": (Jenis.DISPOSISI_BARU, frozenset({"petugas", "kasubbag.kul", "upg"})),
    "M5/staf": (Jenis.DISPOSISI_BARU, frozenset({"staf"})),
    "M6/ANGGOTA1": (Jenis.DISPOSISI_BARU, frozenset()),  # a position without holder
    "M7/tanpaperan": (Jenis.DISPOSISI_BARU, frozenset({"tanpaperan"})),
    "M11/PHS": (Jenis.DISPOSISI_BARU, frozenset({"kasubbag.phs"})),
    # surat keluar: only the first waiting paraf; the signer only once it is his turn
    "K1": (Jenis.PARAF, frozenset({"kasubbag.tpph"})),
    "K7": (Jenis.PARAF, frozenset({"kasubbag.kul"})),
    "K2": (Jenis.TANDA_TANGAN, frozenset({"ketua"})),
    "K8": (Jenis.TANDA_TANGAN, frozenset({"sekretaris"})),
    "K3": (Jenis.PERBAIKAN, frozenset({"staf"})),
    "K4": (Jenis.KIRIM, frozenset({"petugas"})),
    # SOP runs of other registers: by role, or by the position named (not the admin)
    "R1": (Jenis.LANGKAH, frozenset({"kasubbag.kul", "upg"})),
    "R2": (Jenis.LANGKAH, frozenset({"ketua"})),
    "R3": (
        Jenis.LANGKAH,
        frozenset({"kasubbag.kul", "kasubbag.tpph", "kasubbag.rdi", "kasubbag.phs", "staf"}),
    ),
}


def _give(
    store: Store,
    actor: Actor,
    surat_id: int,
    now: datetime,
    *,
    penerima: tuple[disposisi.Tujuan, ...],
    batas: str,
    dari: int | None = None,
    induk: int | None = None,
) -> disposisi.HopView:
    with store.write() as s:
        return disposisi.give(
            s,
            actor=actor,
            surat_id=surat_id,
            form=disposisi.DisposisiForm(
                penerima=penerima,
                dari_jabatan_id=dari,
                instruksi=("ditindaklanjuti",),
                batas_waktu=batas,
            ),
            induk_penerima_id=induk,
            now=now,
        )


def _register(
    store: Store, actor: Actor, now: datetime, nomor: str, tujuan: int | None
) -> sm.SuratRow:
    day = now.astimezone(WITA).date()
    with store.write() as s:
        return sm.register(
            s,
            actor=actor,
            form=letter(
                nomor_surat=nomor,
                tanggal_terima=f"{day.day}/{day.month}/{day.year}",
                tanggal_surat="",
                tujuan_jabatan_id=tujuan,
            ),
            now=now,
        )


def _add_user_without_roles(store: Store) -> int:
    """An account with no role, no position and no unit (an import from an old roster; the
    admin screen itself asks for a role)."""
    with store.write() as s:
        user = User(username="tanpaperan", nama="Yosef Tanpa Peran", password_hash="-")
        s.add(user)
        s.flush()
        assert user.id is not None
        return user.id


def build_office(store: Store) -> Office:
    """A week of a KPU office, 16 to 23 November 2026, through the services."""
    office = Office()
    office.jabatan = jabatan_ids(store)
    with store.read() as s:
        office.users = {u.username: u.id for u in s.exec(select(User)).all() if u.id}
        office.units = {u.kode: u.id for u in s.exec(select(Unit)).all() if u.id}
    office.users["tanpaperan"] = _add_user_without_roles(store)
    who = {name: actor_of(store, name) for name in USERNAMES}
    admin, petugas = who["admin"], who["petugas"]
    jab, units = office.jabatan, office.units

    def to_jabatan(kode: str) -> tuple[disposisi.Tujuan, ...]:
        return (disposisi.Tujuan(jabatan_id=jab[kode]),)

    def penerima_of(hop: disposisi.HopView, name: str, index: int = 0) -> None:
        office.penerima[name] = hop.penerima[index].id
        office.hops[name] = hop.id

    # -- surat masuk -------------------------------------------------------------------------
    m1 = _register(store, petugas, at(2026, 11, 17, 9), "1/M1/2026", jab["KETUA"])
    m2 = _register(store, petugas, at(2026, 11, 23, 8), "2/M2/2026", jab["SEKRETARIS"])
    with store.write() as s:  # handed over 08.10: the Sekretaris' telaah is due 08.40
        disposisi.hand_over(s, actor=petugas, surat_id=m2.id, now=at(2026, 11, 23, 8, 10))
    m3 = _register(store, petugas, at(2026, 11, 23, 8, 30), "3/M3/2026", None)
    m4 = _register(store, petugas, at(2026, 11, 16, 9), "4/M4/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m4.id,
        at(2026, 11, 16, 10),
        dari=jab["KETUA"],
        penerima=to_jabatan("SEKRETARIS"),
        batas="18/11/2026",
    )
    penerima_of(hop, "M4/SEKRETARIS")
    with store.write() as s:
        disposisi.mark_read(
            s, actor=who["sekretaris"], penerima_id=hop.penerima[0].id, now=at(2026, 11, 17, 9)
        )
    m5 = _register(store, petugas, at(2026, 11, 20, 9), "5/M5/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m5.id,
        at(2026, 11, 20, 10),
        dari=jab["KETUA"],
        penerima=(
            disposisi.Tujuan(jabatan_id=jab["KASUBBAG_TPPH"]),
            disposisi.Tujuan(unit_id=units["SUBBAG_KUL"]),
            disposisi.Tujuan(user_id=office.users["staf"]),
        ),
        batas="23/11/2026",
    )
    for index, name in enumerate(("M5/TPPH", "M5/SUBBAG_KUL", "M5/staf")):
        penerima_of(hop, name, index)
    m6 = _register(store, petugas, at(2026, 11, 19, 9), "6/M6/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m6.id,
        at(2026, 11, 19, 10),
        dari=jab["KETUA"],
        penerima=to_jabatan("ANGGOTA1"),
        batas="25/11/2026",
    )
    penerima_of(hop, "M6/ANGGOTA1")
    m7 = _register(store, petugas, at(2026, 11, 20, 11), "7/M7/2026", jab["SEKRETARIS"])
    hop = _give(
        store,
        petugas,
        m7.id,
        at(2026, 11, 20, 12),
        dari=jab["SEKRETARIS"],
        penerima=(disposisi.Tujuan(user_id=office.users["tanpaperan"]),),
        batas="4/12/2026",
    )
    penerima_of(hop, "M7/tanpaperan")
    # M8: read and followed up; M9: its only disposisi cancelled; M10: the letter cancelled.
    m8 = _register(store, petugas, at(2026, 11, 18, 9), "8/M8/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m8.id,
        at(2026, 11, 18, 10),
        dari=jab["KETUA"],
        penerima=to_jabatan("KASUBBAG_RDI"),
        batas="20/11/2026",
    )
    penerima_of(hop, "M8/RDI")
    rdi = who["kasubbag.rdi"]
    with store.write() as s:
        disposisi.mark_read(s, actor=rdi, penerima_id=hop.penerima[0].id, now=at(2026, 11, 18, 11))
    with store.write() as s:
        disposisi.complete(
            s,
            actor=rdi,
            penerima_id=hop.penerima[0].id,
            tindak_lanjut="Data dikirim.",
            now=at(2026, 11, 19, 9),
        )
    m9 = _register(store, petugas, at(2026, 11, 18, 9, 30), "9/M9/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m9.id,
        at(2026, 11, 18, 10, 30),
        dari=jab["KETUA"],
        penerima=to_jabatan("KASUBBAG_RDI"),
        batas="20/11/2026",
    )
    penerima_of(hop, "M9/RDI")
    with store.write() as s:
        disposisi.cancel(
            s, actor=petugas, disposisi_id=hop.id, alasan="Salah tujuan", now=at(2026, 11, 18, 11)
        )
    m10 = _register(store, petugas, at(2026, 11, 19, 9, 30), "10/M10/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m10.id,
        at(2026, 11, 19, 10, 30),
        dari=jab["KETUA"],
        penerima=to_jabatan("KASUBBAG_RDI"),
        batas="27/11/2026",
    )
    penerima_of(hop, "M10/RDI")
    with store.write() as s:
        sm.cancel(
            s, actor=petugas, surat_id=m10.id, alasan="Tercatat ganda", now=at(2026, 11, 19, 11)
        )
    # M11: the Sekretaris reads and passes it on to the Kasubbag PHS.
    m11 = _register(store, petugas, at(2026, 11, 19, 8), "11/M11/2026", jab["KETUA"])
    hop = _give(
        store,
        petugas,
        m11.id,
        at(2026, 11, 19, 9),
        dari=jab["KETUA"],
        penerima=to_jabatan("SEKRETARIS"),
        batas="26/11/2026",
    )
    penerima_of(hop, "M11/SEKRETARIS")
    onward = _give(
        store,
        who["sekretaris"],
        m11.id,
        at(2026, 11, 20, 9),
        penerima=to_jabatan("KASUBBAG_PHS"),
        batas="",
        induk=hop.penerima[0].id,
    )
    penerima_of(onward, "M11/PHS")
    office.masuk = {
        f"M{n}": row.id
        for n, row in enumerate((m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11), start=1)
    }

    # -- surat keluar (drafted by the staf) ----------------------------------------------------
    staf = who["staf"]

    def draft(name: str, now: datetime, **changes: object) -> int:
        with store.write() as s:
            row = sk.create(s, actor=staf, form=konsep(store, **changes), now=now)
        with store.write() as s:
            sk.submit(s, actor=staf, surat_id=row.id, now=now + timedelta(minutes=5))
        office.keluar[name] = row.id
        return row.id

    draft("K1", at(2026, 11, 20, 9, 5), paraf=(jab["KASUBBAG_TPPH"], jab["KASUBBAG_KUL"]))
    draft("K2", at(2026, 11, 20, 10), paraf=(), penandatangan_jabatan_id=jab["KETUA"])
    k3 = draft("K3", at(2026, 11, 19, 9))
    with store.write() as s:
        sk.return_for_correction(
            s,
            actor=who["kasubbag.tpph"],
            surat_id=k3,
            catatan="Perbaiki dasar hukum",
            now=at(2026, 11, 19, 10),
        )
    office.keluar["K4"] = signed(store, now=at(2026, 11, 20, 13)).id
    sent = signed(store, now=at(2026, 11, 20, 14))
    with store.write() as s:
        ekspedisi.dispatch(
            s,
            actor=petugas,
            tujuan_ids=[t.id for t in ekspedisi.tujuan_of(s, sent.id)],
            form=KirimForm("antar"),
            now=at(2026, 11, 20, 15),
        )
    office.keluar["K5"] = sent.id
    k6 = draft("K6", at(2026, 11, 20, 15))
    with store.write() as s:
        sk.cancel(
            s, actor=staf, surat_id=k6, alasan="Tidak jadi dikirim", now=at(2026, 11, 20, 15, 30)
        )
    k7 = draft("K7", at(2026, 11, 18, 9), paraf=(jab["KASUBBAG_KUL"],))
    with store.write() as s:
        sk.return_for_correction(
            s,
            actor=who["kasubbag.kul"],
            surat_id=k7,
            catatan="Lampiran kurang",
            now=at(2026, 11, 18, 10),
        )
    with store.write() as s:  # the second round waits for the Kasubbag KUL again
        sk.submit(s, actor=staf, surat_id=k7, now=at(2026, 11, 19, 8))
    k8 = draft("K8", at(2026, 11, 23, 8))
    with store.write() as s:  # the last paraf at 08.30: the Sekretaris signs by 08.35
        sk.paraf(s, actor=who["kasubbag.tpph"], surat_id=k8, now=at(2026, 11, 23, 8, 30))

    # -- SOP runs of other registers ---------------------------------------------------------
    def start(name: str, actor: Actor, sop_id: str, now: datetime, steps: int = 0) -> int:
        with store.write() as s:
            run = procedure.start_run(
                s, actor=actor, sop_id=sop_id, judul=f"Perkara {name}", now=now
            )
            for _ in range(steps):
                procedure.complete_step(
                    s, actor=actor, run_id=run.id, now=now + timedelta(minutes=30)
                )
        office.runs[name] = run.id
        return run.id

    start("R1", admin, "9.4", at(2026, 11, 20, 9), steps=1)  # UPG reviews by Monday closing
    start("R2", admin, "9.6", at(2026, 11, 23, 8, 30))  # the Ketua assigns, 60 minutes
    start("R3", who["kasubbag.tpph"], "kalbar-6-2019", at(2026, 11, 19, 9))  # another office's SOP
    start("R4", admin, "9.4", at(2026, 11, 23, 8))  # waits for the reporter (outside party)
    r5 = start("R5", who["ppid"], "9.22c", at(2026, 11, 20, 9))
    with store.write() as s:  # its SOP file has since been removed from the office's folder
        run = s.get(ProcedureRun, r5)
        assert run is not None
        run.sop_id = "9.99-dihapus"
        s.add(run)
    return office


@pytest.fixture(scope="module")
def office_template(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Office]:
    """The office built once per module (the services are slow enough to matter)."""
    path = tmp_path_factory.mktemp("antrian") / "kantor.sqlite3"
    backup_sqlite_to(demo_template, path)
    store = Store(sqlite_url(path))
    try:
        office = build_office(store)
    finally:
        store.dispose()
    return path, office


@pytest.fixture
def kantor(office_template: tuple[Path, Office], tmp_path: Path) -> Iterator[tuple[Store, Office]]:
    """A fresh copy of the built office for one test."""
    source, office = office_template
    target = tmp_path / "kantor.sqlite3"
    backup_sqlite_to(source, target)
    store = Store(sqlite_url(target))
    yield store, office
    store.dispose()


def queue(
    store: Store, office: Office, username: str, *, now: datetime = NOW, flt: Filter | None = None
) -> list[antrian.Item]:
    with store.read() as s:
        return antrian.my_items(s, office.users[username], now=now, flt=flt)


def office_queue(
    store: Store, now: datetime = NOW, flt: Filter | None = None
) -> list[antrian.Item]:
    with store.read() as s:
        return antrian.items(s, KANTOR, now=now, flt=flt)


# -- whose queue -------------------------------------------------------------------------------


def test_every_item_is_in_the_queue_of_the_right_people_and_nobody_elses(
    kantor: tuple[Store, Office],
) -> None:
    store, office = kantor
    seen: dict[str, set[str]] = {}
    for username in office.users:
        for item in queue(store, office, username):
            seen.setdefault(item.key, set()).add(username)
    expected = {office.key(name): set(people) for name, (_, people) in EXPECTED.items() if people}
    assert seen == expected
    everything = {item.key for item in office_queue(store)}
    assert everything == {office.key(name) for name in EXPECTED}
    # The kinds are what the names say.
    for item in office_queue(store):
        name = next(n for n in EXPECTED if office.key(n) == item.key)
        assert item.jenis == EXPECTED[name][0]


def test_the_admin_may_record_any_step_but_gets_none_in_his_queue(
    kantor: tuple[Store, Office],
) -> None:
    store, office = kantor
    with store.read() as s:
        assert procedure.may_record(s, actor=actor_of(store, "admin"), run_id=office.runs["R1"])
    assert queue(store, office, "admin") == []


def test_nasty_people_and_runs(kantor: tuple[Store, Office]) -> None:
    store, office = kantor
    (only,) = queue(store, office, "tanpaperan")
    assert only.key == office.key("M7/tanpaperan")
    assert only.pemegang == Pemegang("user", str(office.users["tanpaperan"]), "Yosef Tanpa Peran")
    with store.read() as s:
        assert antrian.my_items(s, 9999, now=NOW) == []  # an account deleted meanwhile
        assert antrian.sasaran_user(s, 9999) == antrian.Sasaran(user_id=9999)
    keys = {item.key for item in office_queue(store)}
    # The reporter's step of 9.4 and a run whose SOP file is gone sit with nobody.
    assert f"langkah:{office.runs['R4']}" not in keys
    assert f"langkah:{office.runs['R5']}" not in keys
    # Cancelled hop, completed disposisi, cancelled letter and dispatched letter are gone.
    gone = {office.penerima[n] for n in ("M8/RDI", "M9/RDI", "M10/RDI", "M11/SEKRETARIS")}
    refs = {item.ref_id for item in office_queue(store) if item.jenis in antrian.DISPOSISI_KINDS}
    assert not gone & refs
    assert all(item.surat_masuk_id != office.masuk["M10"] for item in office_queue(store))
    letters = {item.surat_keluar_id for item in office_queue(store)}
    assert office.keluar["K5"] not in letters and office.keluar["K6"] not in letters


def test_what_each_item_says(kantor: tuple[Store, Office]) -> None:
    store, office = kantor
    by_key = {item.key: item for item in office_queue(store)}
    m5 = by_key[office.key("M5/SUBBAG_KUL")]
    assert m5.pemegang == Pemegang(
        "unit", str(office.units["SUBBAG_KUL"]), "Sub Bagian Keuangan, Umum dan Logistik"
    )
    assert (m5.dari, m5.perihal, m5.pihak) == (
        "Ketua KPU Kabupaten/Kota",
        "Undangan rapat koordinasi pengawasan tahapan",
        "Bawaslu Kota Bontang",
    )
    assert m5.tenggat == CLOSING and m5.sejak == at(2026, 11, 20, 10)
    assert (m5.urgensi, m5.status_label) == (Urgensi.HARI_INI, "hari ini 16.00")
    m4 = by_key[office.key("M4/SEKRETARIS")]
    assert (m4.urgensi, m4.status_label, m4.terlambat_hk) == (
        Urgensi.TERLAMBAT,
        "lewat 3 hari kerja",
        3,
    )
    assert m4.terlambat and m4.tenggat == at(2026, 11, 18, 16)
    m2 = by_key[office.key("M2")]
    assert (m2.status_label, m2.terlambat_hk, m2.tenggat) == (
        "lewat 20 menit",
        0,
        at(2026, 11, 23, 8, 40),
    )
    m1 = by_key[office.key("M1")]
    assert m1.tenggat is None and m1.urgensi == Urgensi.TANPA  # not handed over yet
    m3 = by_key[office.key("M3")]
    assert m3.pemegang.jenis == "peran" and m3.pemegang.id == Role.PIMPINAN.value
    k3 = by_key[office.key("K3")]
    assert k3.catatan.endswith(": Perbaiki dasar hukum") and k3.tenggat is None
    assert k3.pemegang == Pemegang("user", str(office.users["staf"]), "Dewi Kartika Sari")
    k4 = by_key[office.key("K4")]
    assert k4.pemegang == antrian.PETUGAS_DESK and k4.nomor != "konsep"
    assert k4.status_label == "lewat 1 hari kerja"
    k8 = by_key[office.key("K8")]
    assert (k8.nomor, k8.status_label) == ("konsep", "lewat 25 menit")
    r3 = by_key[office.key("R3")]
    assert r3.pemegang == Pemegang("peran", Role.KASUBBAG.value, Role.KASUBBAG.label)
    assert r3.nomor == "SOP kalbar-6-2019 · langkah 1" and r3.tenggat is None
    r1 = by_key[office.key("R1")]
    assert r1.pemegang.key == "peran:upg" and r1.tenggat == CLOSING
    r2 = by_key[office.key("R2")]
    assert r2.pemegang == Pemegang(
        "jabatan", str(office.jabatan["KETUA"]), "Ketua KPU Kabupaten/Kota"
    )
    assert r2.status_label == "hari ini 09.30"
    for item in by_key.values():
        assert item.jenis.label
        with store.read() as s:
            assert antrian.find(s, KANTOR, item.key, now=NOW) == item
    with store.read() as s:
        assert antrian.find(s, KANTOR, "paraf:999999", now=NOW) is None


# -- leaving the queue -------------------------------------------------------------------------


def test_read_complete_and_cancel_take_items_out(kantor: tuple[Store, Office]) -> None:
    store, office = kantor
    staf = actor_of(store, "staf")
    penerima = office.penerima["M5/staf"]
    assert f"disposisi_baru:{penerima}" in {i.key for i in queue(store, office, "staf")}
    with store.write() as s:
        disposisi.mark_read(s, actor=staf, penerima_id=penerima, now=NOW)
    keys = {i.key for i in queue(store, office, "staf")}
    assert f"disposisi:{penerima}" in keys and f"disposisi_baru:{penerima}" not in keys
    with store.write() as s:
        disposisi.complete(s, actor=staf, penerima_id=penerima, tindak_lanjut="Hadir.", now=NOW)
    assert all(i.ref_id != penerima for i in queue(store, office, "staf"))
    # A unit's disposisi read by one member leaves every member's "baru" list.
    unit_row = office.penerima["M5/SUBBAG_KUL"]
    with store.write() as s:
        disposisi.mark_read(s, actor=actor_of(store, "upg"), penerima_id=unit_row, now=NOW)
    for member in ("petugas", "kasubbag.kul", "upg"):
        kinds = {i.jenis for i in queue(store, office, member) if i.ref_id == unit_row}
        assert kinds == {Jenis.DISPOSISI}, member
    # The giver withdraws an unread hop; the letter goes back to the Ketua's telaah.
    with store.write() as s:
        disposisi.cancel(
            s,
            actor=actor_of(store, "petugas"),
            disposisi_id=office.hops["M6/ANGGOTA1"],
            alasan="Salah tujuan",
            now=NOW,
        )
    keys = {i.key for i in office_queue(store)}
    assert office.key("M6/ANGGOTA1") not in keys
    assert f"telaah:{office.masuk['M6']}" in {i.key for i in queue(store, office, "ketua")}
    # A cancelled letter takes its disposisi along.
    with store.write() as s:
        sm.cancel(
            s,
            actor=actor_of(store, "petugas"),
            surat_id=office.masuk["M11"],
            alasan="Ganda",
            now=NOW,
        )
    assert [i.key for i in queue(store, office, "kasubbag.phs")] == [office.key("R3")]
    # Paraf given: the next reviewer's turn; the last paraf: the signer's.
    with store.write() as s:
        sk.paraf(s, actor=actor_of(store, "kasubbag.tpph"), surat_id=office.keluar["K1"], now=NOW)
    assert office.key("K1") not in {i.key for i in queue(store, office, "kasubbag.tpph")}
    assert office.key("K1") in {i.key for i in queue(store, office, "kasubbag.kul")}
    with store.write() as s:
        sk.paraf(s, actor=actor_of(store, "kasubbag.kul"), surat_id=office.keluar["K1"], now=NOW)
    assert f"tanda_tangan:{office.keluar['K1']}" in {
        i.key for i in queue(store, office, "sekretaris")
    }
    # A step done moves the run on: 9.6 step 2 is the Sekretaris'.
    with store.write() as s:
        procedure.complete_step(
            s, actor=actor_of(store, "ketua"), run_id=office.runs["R2"], now=NOW
        )
    assert office.key("R2") not in {i.key for i in queue(store, office, "ketua")}
    assert office.key("R2") in {i.key for i in queue(store, office, "sekretaris")}


# -- order and filters -------------------------------------------------------------------------


def test_the_office_queue_is_sorted_overdue_today_soon_later_then_undated_by_age(
    kantor: tuple[Store, Office],
) -> None:
    store, office = kantor
    found = office_queue(store)
    expected = [
        # overdue, the earliest due first
        "M4/SEKRETARIS",  # Wed 18, 16.00
        "K2",  # Fri 20, 10.10
        "K4",  # Fri 20, 13.10
        "K8",  # today 08.35
        "M2",  # today 08.40
        # due today
        "R2",  # 09.30
        "M5/TPPH",  # 16.00 (same time: by key)
        "M5/SUBBAG_KUL",
        "M5/staf",
        "R1",
        # soon, later
        "M11/PHS",  # Tue 24: passed on without a date, segera gives 2 working days
        "M6/ANGGOTA1",  # Wed 25
        "M7/tanpaperan",  # Fri 4 December
        # undated, the longest waiting first
        "M1",  # since Tue 17, 09.00
        "K7",  # since Wed 18, 09.05 (in paraf since the first round)
        "M9",  # since Wed 18, 09.30
        "R3",  # since Thu 19, 09.00
        "K3",  # since Thu 19, 09.05
        "K1",  # since Fri 20, 09.10
        "M3",  # since today 08.30
    ]
    assert [item.key for item in found] == [office.key(name) for name in expected]
    assert [item.urgensi for item in found] == (
        [Urgensi.TERLAMBAT] * 5 + [Urgensi.HARI_INI] * 5 + [Urgensi.SEGERA] * 2 + [Urgensi.NANTI]
    ) + [Urgensi.TANPA] * 7
    assert [item.status_label for item in found[10:13]] == ["Sel 24 Nov", "Rab 25 Nov", "Jum 4 Des"]
    mine = queue(store, office, "sekretaris")
    assert [i.key for i in mine] == [office.key(n) for n in ("M4/SEKRETARIS", "K8", "M2")]


def test_filters_by_kind_and_overdue(kantor: tuple[Store, Office]) -> None:
    store, office = kantor
    keluar = Filter(jenis=frozenset({Jenis.PARAF, Jenis.TANDA_TANGAN}))
    assert [i.key for i in office_queue(store, flt=keluar)] == [
        office.key(n) for n in ("K2", "K8", "K7", "K1")
    ]
    late = office_queue(store, flt=Filter(hanya_terlambat=True))
    assert [i.key for i in late] == [
        office.key(n) for n in ("M4/SEKRETARIS", "K2", "K4", "K8", "M2")
    ]
    after_closing = CLOSING + timedelta(seconds=1)
    baru_late = office_queue(
        store,
        now=after_closing,
        flt=Filter(jenis=frozenset({Jenis.DISPOSISI_BARU}), hanya_terlambat=True),
    )
    assert [i.key for i in baru_late] == [
        office.key(n) for n in ("M5/TPPH", "M5/SUBBAG_KUL", "M5/staf")
    ]
    at_closing = office_queue(store, now=CLOSING, flt=Filter(hanya_terlambat=True))
    assert office.key("M5/TPPH") not in {i.key for i in at_closing}
    assert [
        i.key for i in queue(store, office, "staf", flt=Filter(jenis=frozenset({Jenis.PERBAIKAN})))
    ] == [office.key("K3")]
    assert Filter().wants(Jenis.KIRIM) and not keluar.wants(Jenis.KIRIM)
    due_after_noon = office_queue(store, flt=Filter(tenggat_setelah=at(2026, 11, 23, 12)))
    assert [i.key for i in due_after_noon] == [
        office.key(n)
        for n in ("M5/TPPH", "M5/SUBBAG_KUL", "M5/staf", "R1", "M11/PHS", "M6/ANGGOTA1")
    ] + [office.key("M7/tanpaperan")]
    naive = Filter(tenggat_setelah=at(2026, 11, 23, 12).replace(tzinfo=None))
    assert office_queue(store, flt=naive) == due_after_noon


def test_newly_overdue_since_the_last_login(kantor: tuple[Store, Office]) -> None:
    store, office = kantor
    user = office.users["sekretaris"]

    def since(moment: datetime | None, now: datetime = NOW) -> list[str]:
        with store.read() as s:
            return [i.key for i in antrian.newly_overdue(s, user, since=moment, now=now)]

    all_late = [office.key(n) for n in ("M4/SEKRETARIS", "K8", "M2")]
    assert since(None) == all_late
    assert since(at(2026, 11, 17, 9)) == all_late
    assert since(at(2026, 11, 20, 9)) == [office.key(n) for n in ("K8", "M2")]
    assert since(at(2026, 11, 23, 8, 38)) == [office.key("M2")]
    assert since(at(2026, 11, 23, 8, 40)) == []  # due exactly then: known at that login
    assert since(NOW) == []
    naive_utc = at(2026, 11, 20, 9).replace(tzinfo=None)
    assert since(naive_utc) == [office.key(n) for n in ("K8", "M2")]
    # The M5 disposisi became overdue at closing for the Kasubbag TPPH.
    tpph = office.users["kasubbag.tpph"]
    with store.read() as s:
        assert antrian.newly_overdue(s, tpph, since=NOW, now=CLOSING) == []
        later = antrian.newly_overdue(s, tpph, since=NOW, now=CLOSING + timedelta(minutes=1))
    assert [i.key for i in later] == [office.key("M5/TPPH")]
    next_day = CLOSING + timedelta(days=1)
    with store.read() as s:
        exactly = antrian.newly_overdue(s, tpph, since=CLOSING, now=next_day)
        just_before = antrian.newly_overdue(
            s, tpph, since=CLOSING - timedelta(seconds=1), now=next_day
        )
    assert exactly == []  # due at that very instant: not after it
    assert [i.key for i in just_before] == [office.key("M5/TPPH")]


# -- the office and unit views -----------------------------------------------------------------


def test_per_orang_groups_every_item_once_with_the_person_it_sits_with(
    kantor: tuple[Store, Office],
) -> None:
    store, office = kantor
    with store.read() as s:
        rows = antrian.per_orang(s, now=NOW)
    by_key = {row.pemegang.key: row for row in rows}
    assert sum(row.jumlah for row in rows) == len(office_queue(store))
    user = lambda name: f"user:{office.users[name]}"  # noqa: E731
    counts = {key: (row.jumlah, row.terlambat, row.hari_ini) for key, row in by_key.items()}
    assert counts == {
        user("sekretaris"): (3, 3, 0),
        user("ketua"): (4, 1, 1),  # M1, M9, K2 (late), R2 (the Ketua's position)
        "peran:petugas": (1, 1, 0),
        user("kasubbag.tpph"): (2, 0, 1),  # the position's disposisi and the first paraf
        user("staf"): (2, 0, 1),
        f"unit:{office.units['SUBBAG_KUL']}": (1, 0, 1),
        "peran:upg": (1, 0, 1),
        f"jabatan:{office.jabatan['ANGGOTA1']}": (1, 0, 0),
        user("kasubbag.kul"): (1, 0, 0),
        user("kasubbag.phs"): (1, 0, 0),
        user("tanpaperan"): (1, 0, 0),
        "peran:kasubbag": (1, 0, 0),
        "peran:pimpinan": (1, 0, 0),
        # active accounts without work are listed with zero
        user("admin"): (0, 0, 0),
        user("petugas"): (0, 0, 0),
        user("kasubbag.rdi"): (0, 0, 0),
        user("pengaduan"): (0, 0, 0),
        user("wbs"): (0, 0, 0),
        user("upg"): (0, 0, 0),
        user("ppid"): (0, 0, 0),
        user("teknis"): (0, 0, 0),
    }
    assert [row.pemegang.key for row in rows[:3]] == [
        user("sekretaris"),
        user("ketua"),
        "peran:petugas",
    ]
    ketua = by_key[user("ketua")]
    assert ketua.jabatan == "Ketua KPU Kabupaten/Kota" and ketua.unit_id == office.units["PIMPINAN"]
    assert ketua.tertua is not None and ketua.tertua.key == office.key("M1")
    assert ketua.per_jenis == {Jenis.TELAAH: 2, Jenis.TANDA_TANGAN: 1, Jenis.LANGKAH: 1}
    assert by_key[f"jabatan:{office.jabatan['ANGGOTA1']}"].jabatan == "jabatan tanpa akun pengguna"
    assert by_key[f"unit:{office.units['SUBBAG_KUL']}"].jabatan == "seluruh anggota unit"
    assert by_key["peran:petugas"].jabatan == "meja bersama"
    assert by_key[user("tanpaperan")].jabatan == "" and by_key[user("tanpaperan")].unit_id is None
    assert by_key[user("admin")].tertua is None
    # Opening a row shows exactly the items it counts.
    for row in rows:
        with store.read() as s:
            found = antrian.items_of(s, row.pemegang, now=NOW)
        assert len(found) == row.jumlah, row.pemegang
        assert sum(1 for i in found if i.terlambat) == row.terlambat, row.pemegang
        assert found == sorted(found, key=lambda i: i.sort_key)
    with store.read() as s:
        staf_row = antrian.items_of(s, Pemegang("user", str(office.users["staf"]), ""), now=NOW)
        late_only = antrian.items_of(
            s, Pemegang("peran", "petugas", ""), now=NOW, flt=Filter(hanya_terlambat=True)
        )
    assert {i.key for i in staf_row} == {office.key("M5/staf"), office.key("K3")}
    assert [i.key for i in late_only] == [office.key("K4")]


def test_per_orang_of_one_unit(kantor: tuple[Store, Office]) -> None:
    store, office = kantor
    with store.read() as s:
        kul = antrian.per_orang(s, now=NOW, unit_id=office.units["SUBBAG_KUL"])
        pimpinan = antrian.per_orang(s, now=NOW, unit_id=office.units["PIMPINAN"])
        empty = antrian.per_orang(s, now=NOW, unit_id=office.units["SUBBAG_RDI"])
    user = lambda name: f"user:{office.users[name]}"  # noqa: E731
    assert {row.pemegang.key: row.jumlah for row in kul} == {
        f"unit:{office.units['SUBBAG_KUL']}": 1,
        user("kasubbag.kul"): 1,
        user("petugas"): 0,  # the dispatch desk is the petugas role's, in the office view
        user("upg"): 0,
    }
    assert all(row.unit_id == office.units["SUBBAG_KUL"] for row in kul)
    assert [row.pemegang.key for row in pimpinan] == [
        user("ketua"),
        f"jabatan:{office.jabatan['ANGGOTA1']}",
        f"jabatan:{office.jabatan['ANGGOTA2']}",
        f"jabatan:{office.jabatan['ANGGOTA3']}",
        f"jabatan:{office.jabatan['ANGGOTA4']}",
    ]
    assert [row.jumlah for row in pimpinan] == [4, 1, 0, 0, 0]
    assert {row.pemegang.key: row.jumlah for row in empty} == {
        user("admin"): 0,
        user("kasubbag.rdi"): 0,
        user("ppid"): 0,
    }


# -- dashboard counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        NOW,
        at(2026, 11, 23, 9, 30),  # R2 due exactly now: not late yet
        CLOSING - timedelta(seconds=1),
        CLOSING,  # the batas waktu's closing time itself: not late yet
        CLOSING + timedelta(seconds=1),
        at(2026, 11, 23, 21, 0),
        at(2026, 11, 24, 7, 0),
        at(2026, 12, 7, 9, 0),
    ],
    ids=lambda m: m.isoformat(),
)
def test_hitungan_agrees_with_the_office_queue(
    kantor: tuple[Store, Office], moment: datetime
) -> None:
    store, _ = kantor
    found = office_queue(store, now=moment)
    with store.read() as s:
        counts = antrian.hitungan(s, now=moment)
        local_now = antrian.hitungan(s, now=moment.astimezone(WITA))

    def count(jenis: Jenis) -> int:
        return sum(1 for item in found if item.jenis == jenis)

    assert counts == local_now
    assert counts.belum_disposisi == count(Jenis.TELAAH) == 4
    assert counts.disposisi_baru == count(Jenis.DISPOSISI_BARU) == 6
    assert counts.disposisi_dibaca == count(Jenis.DISPOSISI) == 1
    assert counts.paraf == count(Jenis.PARAF) == 2
    assert counts.tanda_tangan == count(Jenis.TANDA_TANGAN) == 2
    assert counts.belum_dikirim == count(Jenis.KIRIM) == 1
    assert counts.tanda_terima == 2  # K5's tujuan and tembusan, sent, receipts not back
    assert counts.terlambat == sum(1 for item in found if item.terlambat)


def test_hitungan_terlambat_at_and_after_closing(kantor: tuple[Store, Office]) -> None:
    store, _ = kantor
    with store.read() as s:
        figures = [
            antrian.hitungan(s, now=moment).terlambat
            for moment in (
                NOW,
                at(2026, 11, 23, 9, 31),
                CLOSING,
                CLOSING + timedelta(seconds=1),
            )
        ]
    # 5 late at 09.00; R2 at 09.31; at closing nothing more; past it the three M5 and R1.
    assert figures == [5, 6, 6, 10]
