"""SVG snapshot of the Nomor Surat ledger at 120x36: numbers of signed letters, a reserved, a
returned and a voided number, the integrity line and the detail of a voided number.

Update with ``pytest --snapshot-update`` after looking at the picture. Every number is taken
with fixed times and the app's clock is fixed, so the picture depends on nothing but the code.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from kpu_tui.config import Settings
from kpu_tui.services import nomor_surat as ns
from kpu_tui.store import Store

from ..keluar_helpers import NOW, actor_of, signed
from .helpers import make_app, settle
from .test_nomor_surat_screen import open_ledger


def make_ledger(store: Store) -> None:
    """Two signed letters, a number reserved, one returned, a Keputusan number voided."""
    signed(store)
    signed(store, perihal="Undangan sosialisasi tahapan pemilihan")
    petugas = actor_of(store, "petugas")
    with store.write() as session:
        ns.reserve(
            session,
            actor=petugas,
            jenis_naskah="Und",
            klasifikasi="HM.01",
            keperluan="Undangan rapat pleno penetapan DPT",
            untuk_nama="Kasubbag TPPH",
            now=NOW,
        )
    with store.write() as session:
        back = ns.reserve(
            session,
            actor=petugas,
            jenis_naskah="SD",
            klasifikasi="PL.01.1",
            keperluan="Surat ke Disdukcapil",
            untuk_nama="Staf TPPH",
            now=NOW,
        )
        ns.return_number(
            session, actor=petugas, nomor_id=back.id, alasan="tidak jadi dikirim", now=NOW
        )
    with store.write() as session:
        sk = ns.reserve(
            session,
            actor=petugas,
            jenis_naskah="KEPUTUSAN",
            keperluan="SK panitia pemutakhiran",
            untuk_nama="Sekretaris",
            now=NOW,
        )
        ns.void(session, actor=petugas, nomor_id=sk.id, alasan="salah ambil seri", now=NOW)


def test_ledger(snap_compare: Any, demo_store: Store, settings: Settings) -> None:
    make_ledger(demo_store)

    async def run_before(pilot: Pilot[None]) -> None:
        await open_ledger(pilot)
        await settle(pilot)

    assert snap_compare(
        make_app(demo_store, settings), terminal_size=(120, 36), run_before=run_before
    )
