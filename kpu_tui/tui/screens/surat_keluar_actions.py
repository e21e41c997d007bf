"""What the keys of the Surat Keluar area do to a letter, shared by the register, the detail
screen, the numbering ledger and the surat masuk detail (reply): the konsep (new, edit, reply,
recorded on a reserved number), ajukan, paraf, kembalikan, tanda tangan, batal, files, dispatch,
tanda terima and withdrawing a tujuan.

Every write is one ``with store.write()`` around one service call with the logged-in actor and
the app's clock. A refusal comes back as the service's Indonesian message (a notification, or
inside the dialog at its field), never as a traceback. After a write the caller's ``after`` is
called with the letter's id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kpu_tui.models import (
    BerkasJenis,
    KeluarStatus,
    KirimStatus,
    NomorStatus,
)
from kpu_tui.services import ekspedisi, nomor_surat
from kpu_tui.services import surat_keluar as sk
from kpu_tui.services import surat_keluar_read as skr
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.surat_keluar_views import (
    BerkasView,
    KeluarDetail,
    KonsepForm,
    TujuanView,
)
from kpu_tui.store import StoreError

from .. import system_open
from ..widgets.dialogs import ConfirmReason
from .actions_base import ScreenActions
from .surat_masuk_actions import message_of

if TYPE_CHECKING:
    from ..app import KpuApp

After = Callable[[int], None]
"""Called after a write with the id of the letter written (to re-read and show it)."""
EDITABLE = (KeluarStatus.KONSEP, KeluarStatus.DIKEMBALIKAN)


class KeluarActions(ScreenActions):
    """The write flows of the Surat Keluar area for one app.

    Args:
        app: the running app (store, actor, clock, settings).
        after: what to refresh after a write, given the letter's id.
    """

    def __init__(self, app: KpuApp, after: After) -> None:
        super().__init__(app)
        self.after = after

    # -- plumbing ---------------------------------------------------------------------------

    def _detail(self, surat_id: int) -> KeluarDetail | None:
        try:
            with self.app.store.read() as session:
                return skr.get_detail(session, surat_id)
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))
            return None

    def _done(self, surat_id: int, message: str = "") -> Callable[[object], None]:
        """A dialog's callback: on a truthy result announce ``message`` and refresh."""

        def done(result: object) -> None:
            if result:
                if message:
                    self.app.notify(message, title="Surat keluar", markup=False)
                self.after(surat_id)

        return done

    def _saved(self, surat_id: int | None) -> None:
        """The form's callback: refresh on the letter saved (None: nothing was)."""
        if surat_id is not None:
            self.after(surat_id)

    def _may_edit(self, surat_id: int) -> bool:
        """The konseptor, a petugas, a kasubbag or an admin may revise and submit a konsep."""
        with self.app.store.read() as session:
            try:
                return sk.may_edit(session, self.actor, surat_id)
            except ServiceError:
                return False

    @staticmethod
    def _nomor(detail: KeluarDetail) -> str:
        row = detail.row
        return f"surat {row.nomor_surat}" if row.nomor_surat else f'konsep "{row.perihal}"'

    # -- n, e: the konsep ---------------------------------------------------------------------

    def new(self, prefill: KonsepForm | None = None) -> None:
        """Draft a konsep (from scratch, or from ``prefill``: the reply to a surat masuk)."""
        if not self.allowed(*sk.KONSEPTOR_ROLES, action="pembuatan konsep surat keluar"):
            return
        from .surat_keluar_form import KonsepFormScreen

        self.app.push_screen(KonsepFormScreen(prefill=prefill), self._saved)

    def reply_to(self, surat_masuk_id: int) -> None:
        """Draft the reply to a surat masuk: tujuan its sender, its klasifikasi, the usual
        signer and paraf chain (the letters are linked both ways once saved)."""
        if not self.allowed(*sk.KONSEPTOR_ROLES, action="pembuatan konsep surat keluar"):
            return
        try:
            with self.app.store.read() as session:
                form = skr.reply_form(session, surat_masuk_id=surat_masuk_id, actor=self.actor)
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))
            return
        self.new(form)

    def edit(self, surat_id: int) -> None:
        """Revise a konsep (before it is submitted, or after it was returned)."""
        detail = self._detail(surat_id)
        if detail is None:
            return
        if detail.row.status not in EDITABLE:
            self.refuse(
                f"Surat {detail.row.status.label}: konsep hanya dapat diubah sebelum diajukan "
                "untuk paraf atau setelah dikembalikan."
            )
            return
        if not self._may_edit(surat_id):
            self.refuse("Konsep hanya dapat diubah oleh konseptornya atau petugas.")
            return
        from .surat_keluar_form import KonsepFormScreen

        self.app.push_screen(KonsepFormScreen(surat_id), self._saved)

    def record_reserved(self, nomor_id: int) -> None:
        """Record the letter made outside the application on a reserved number (no paraf;
        the scans of the signed letter)."""
        if not self.allowed(*sk.KEEPERS, action="pencatatan surat dari nomor yang dipesan"):
            return
        try:
            with self.app.store.read() as session:
                nomor = nomor_surat.get_nomor(session, nomor_id)
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))
            return
        if nomor.status != NomorStatus.DIPESAN:
            self.refuse(f"Nomor {nomor.nomor_teks} {nomor.status.label}.")
            return
        from .surat_keluar_form import KonsepFormScreen

        self.app.push_screen(KonsepFormScreen(nomor_id=nomor_id), self._saved)

    # -- ajukan, paraf, kembalikan ------------------------------------------------------------

    def submit(self, surat_id: int) -> None:
        """Send the konsep for paraf, after showing the chain it will go through."""
        detail = self._detail(surat_id)
        if detail is None:
            return
        row = detail.row
        if row.status not in EDITABLE:
            self.refuse(f"Surat {row.status.label}: tidak dapat diajukan.")
            return
        if not self._may_edit(surat_id):
            self.refuse("Konsep hanya dapat diajukan oleh konseptornya atau petugas.")
            return
        with self.app.store.read() as session:
            chain = skr.form_of(session, surat_id).paraf
            names = {r.id: r.label for r in skr.reviewers(session)}
        signer = row.penandatangan_jabatan + (
            f" ({row.penandatangan_nama})" if row.penandatangan_nama else ""
        )
        lines = [f"Ajukan konsep \u201c{row.perihal}\u201d kepada {row.tujuan_ringkas}?", ""]
        if chain:
            lines.append("Paraf berjenjang, berurutan:")
            lines += [f"  {n}. {names.get(j, str(j))}" for n, j in enumerate(chain, start=1)]
            lines.append(f"lalu tanda tangan {signer}.")
        else:
            lines.append(f"Tanpa paraf: surat langsung menunggu tanda tangan {signer}.")
        if row.putaran:
            lines.append(f"Ini pengajuan ke-{row.putaran + 1} (perbaikan).")

        def act(_catatan: str) -> None:
            with self.app.store.write() as session:
                sk.submit(session, actor=self.actor, surat_id=surat_id, now=self.now())

        first = names.get(chain[0], "") if chain else ""
        words = f"menunggu paraf {first}" if chain else f"menunggu tanda tangan {signer}"
        from .surat_keluar_dialogs import NoteDialog

        self.app.push_screen(
            NoteDialog("Ajukan konsep", "\n".join(lines), act, confirm_label="Ajukan"),
            self._done(surat_id, f"Konsep diajukan: {words}."),
        )

    def paraf(self, surat_id: int) -> None:
        """The awaited reviewer gives the paraf (with an optional note)."""
        detail = self._detail(surat_id)
        if detail is None:
            return
        if detail.row.status != KeluarStatus.PARAF or detail.menunggu_paraf is None:
            self.refuse(f"Surat {detail.row.status.label}: tidak menunggu paraf.")
            return
        waiting = detail.menunggu_paraf
        with self.app.store.read() as session:
            may = sk.may_paraf(session, self.actor, surat_id)
        if not may:
            self.refuse(f"Paraf ini menunggu {waiting.jabatan_nama}.")
            return
        from .surat_keluar_dialogs import NoteDialog, letter_lines, round_lines

        lines = [*letter_lines(detail), "", f"Paraf putaran {detail.row.putaran}:"]
        lines += round_lines(detail)
        lines += ["", f"Paraf sebagai {waiting.jabatan_nama}?"]

        def act(catatan: str) -> None:
            with self.app.store.write() as session:
                sk.paraf(
                    session, actor=self.actor, surat_id=surat_id, catatan=catatan, now=self.now()
                )

        self.app.push_screen(
            NoteDialog(
                "Paraf konsep",
                "\n".join(lines),
                act,
                note="optional",
                hint="Catatan untuk konseptor (boleh kosong).",
                confirm_label="Paraf",
            ),
            self._done(surat_id, f"Paraf {waiting.jabatan_nama} dicatat."),
        )

    def return_for_correction(self, surat_id: int) -> None:
        """The awaited reviewer (or the signer) returns the konsep with a note."""
        detail = self._detail(surat_id)
        if detail is None:
            return
        row = detail.row
        with self.app.store.read() as session:
            if row.status == KeluarStatus.PARAF:
                may = sk.may_paraf(session, self.actor, surat_id)
                who = detail.menunggu_paraf.jabatan_nama if detail.menunggu_paraf else ""
            elif row.status == KeluarStatus.TANDA_TANGAN:
                may = sk.may_sign(session, self.actor, surat_id)
                who = row.penandatangan_jabatan
            else:
                self.refuse(f"Surat {row.status.label}: tidak dapat dikembalikan untuk perbaikan.")
                return
        if not may:
            self.refuse(f"Surat ini menunggu {who}.")
            return
        from .surat_keluar_dialogs import NoteDialog, letter_lines

        lines = [*letter_lines(detail), "", f"Kembalikan kepada {row.konseptor_nama} untuk"]
        lines[-1] += " diperbaiki? Paraf yang belum diberikan pada putaran ini gugur."

        def act(catatan: str) -> None:
            with self.app.store.write() as session:
                sk.return_for_correction(
                    session, actor=self.actor, surat_id=surat_id, catatan=catatan, now=self.now()
                )

        self.app.push_screen(
            NoteDialog(
                "Kembalikan untuk perbaikan",
                "\n".join(lines),
                act,
                note="required",
                hint="Apa yang harus diperbaiki konseptor.",
                confirm_label="Kembalikan",
                variant="warning",
            ),
            self._done(surat_id, f"Konsep dikembalikan kepada {row.konseptor_nama}."),
        )

    # -- tanda tangan, batal ------------------------------------------------------------------

    def sign(self, surat_id: int) -> None:
        """Record the signature: the number is given now (previewed in the dialog)."""
        detail = self._detail(surat_id)
        if detail is None:
            return
        row = detail.row
        if row.status != KeluarStatus.TANDA_TANGAN:
            if row.nomor_surat:
                self.refuse(f"Surat {row.nomor_surat} sudah ditandatangani.")
            else:
                self.refuse(f"Surat {row.status.label}: belum siap ditandatangani.")
            return
        can_sisipan = self.actor.has(*nomor_surat.SISIPAN_ROLES)
        with self.app.store.read() as session:
            may = sk.may_sign(session, self.actor, surat_id)
        if not (may or can_sisipan):
            self.refuse(f"Surat ini ditandatangani oleh {row.penandatangan_jabatan}.")
            return
        from .surat_keluar_sign_dialog import SignDialog, Signed

        def done(result: Signed | None) -> None:
            if result is None:
                return
            self.after(surat_id)
            if result.next == "arsip":
                self.add_files(surat_id, BerkasJenis.ARSIP)
            elif result.next == "kirim":
                self.dispatch(surat_id)

        steps: tuple[str, ...] = ("arsip",) if self.actor.has(*sk.KONSEPTOR_ROLES) else ()
        if self.actor.has(*ekspedisi.DISPATCHERS):
            steps += ("kirim",)
        self.app.push_screen(SignDialog(surat_id, can_sisipan=can_sisipan, steps=steps), done)

    def cancel(self, surat_id: int) -> None:
        """Cancel the letter with a reason; a number it has stays in the ledger as BATAL."""
        detail = self._detail(surat_id)
        if detail is None:
            return
        row = detail.row
        if row.status == KeluarStatus.BATAL:
            self.refuse("Surat ini sudah batal.")
            return
        if row.status.bernomor and not self.allowed(
            *sk.KEEPERS, action="pembatalan surat keluar yang sudah bernomor"
        ):
            return
        if row.nomor_surat:
            consequence = (
                f"Nomor {row.nomor_surat} tetap tercatat di buku nomor sebagai BATAL dan tidak "
                "diberikan lagi; tujuan yang belum dikirimi ditarik."
            )
        else:
            consequence = "Konsep ini belum bernomor; paraf yang belum diberikan gugur."

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                sk.cancel(
                    session, actor=self.actor, surat_id=surat_id, alasan=alasan, now=self.now()
                )
            return surat_id

        self.app.push_screen(
            ConfirmReason(
                "Batalkan surat keluar",
                f"Batalkan {self._nomor(detail)} ({row.perihal})? {consequence}",
                confirm,
                confirm_label="Batalkan",
            ),
            self._done(surat_id, f"{self._nomor(detail).capitalize()} dibatalkan."),
        )

    # -- files --------------------------------------------------------------------------------

    def add_files(self, surat_id: int, jenis: BerkasJenis) -> None:
        """Store files of the letter: drafts, the signed letter's scan, tanda terima."""
        if not self.allowed(*sk.KONSEPTOR_ROLES, action="penyimpanan berkas surat keluar"):
            return
        detail = self._detail(surat_id)
        if detail is None:
            return
        if detail.row.status == KeluarStatus.BATAL:
            self.refuse("Surat ini sudah batal.")
            return
        from .surat_keluar_dialogs import AddFilesDialog

        self.app.push_screen(AddFilesDialog(surat_id, jenis), self._done(surat_id))

    def _berkas(self, berkas_id: int) -> tuple[BerkasView, int] | None:
        with self.app.store.read() as session:
            try:
                return sk.get_berkas(session, berkas_id)
            except ServiceError as exc:
                self.refuse(exc.message)
                return None

    def open_file(self, berkas_id: int) -> None:
        """Open a file with the system's viewer after checking it is the file stored."""
        found = self._berkas(berkas_id)
        if found is None:
            return
        berkas, _ = found
        try:
            with self.app.store.read() as session:
                path = sk.open_file(
                    session, berkas_id=berkas_id, attachment_dir=self.app.settings.attachment_dir
                )
        except (ServiceError, StoreError) as exc:
            self.app.notify(message_of(exc), severity="error", markup=False, timeout=10)
            return
        problem = system_open.open_with_system(path)
        if problem:
            self.refuse(problem)
        else:
            self.app.notify(f"Membuka {berkas.nama}…", timeout=3, markup=False)

    def withdraw_file(self, berkas_id: int) -> None:
        """Withdraw a wrong file with a reason (it stays stored and listed)."""
        if not self.allowed(*sk.KONSEPTOR_ROLES, action="penarikan berkas surat keluar"):
            return
        found = self._berkas(berkas_id)
        if found is None:
            return
        berkas, surat_id = found
        if not berkas.aktif:
            self.refuse("Berkas ini sudah ditarik.")
            return

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                sk.cancel_file(session, actor=self.actor, berkas_id=berkas_id, alasan=alasan)
            return surat_id

        self.app.push_screen(
            ConfirmReason(
                "Tarik berkas",
                f"Tarik berkas {berkas.jenis.label} {berkas.nama}? Berkasnya tetap tersimpan dan "
                "tercatat sebagai ditarik.",
                confirm,
                confirm_label="Tarik",
            ),
            self._done(surat_id, f"Berkas {berkas.nama} ditarik."),
        )

    # -- ekspedisi ----------------------------------------------------------------------------

    def dispatch(self, surat_id: int) -> None:
        """Send the signed letter to its tujuan not yet sent."""
        if not self.allowed(*ekspedisi.DISPATCHERS, action="pengiriman surat keluar"):
            return
        detail = self._detail(surat_id)
        if detail is None:
            return
        row = detail.row
        if not row.status.bernomor:
            self.refuse(
                f"Surat {row.status.label}: hanya surat yang sudah ditandatangani dan bernomor "
                "yang dapat dikirim."
            )
            return
        if not any(t.status == KirimStatus.BELUM for t in detail.tujuan):
            self.refuse(f"Semua tujuan surat {row.nomor_surat} sudah dikirimi.")
            return
        from .surat_keluar_ekspedisi_dialogs import DispatchDialog

        self.app.push_screen(DispatchDialog(surat_id), self._done(surat_id))

    def _tujuan(self, tujuan_id: int) -> TujuanView | None:
        with self.app.store.read() as session:
            try:
                return ekspedisi.get_tujuan(session, tujuan_id)
            except ServiceError as exc:
                self.refuse(exc.message)
                return None

    def receipt(self, tujuan_id: int) -> None:
        """Record the tanda terima of a sent tujuan as returned."""
        if not self.allowed(*ekspedisi.DISPATCHERS, action="pencatatan tanda terima"):
            return
        tujuan = self._tujuan(tujuan_id)
        if tujuan is None:
            return
        if tujuan.status != KirimStatus.DIKIRIM:
            self.refuse(f"{tujuan.nama}: {tujuan.status.label}.")
            return
        from .surat_keluar_ekspedisi_dialogs import ReceiptDialog

        self.app.push_screen(ReceiptDialog(tujuan), self._done(tujuan.surat_id))

    def withdraw_tujuan(self, tujuan_id: int) -> None:
        """Withdraw a tujuan not yet sent, with a reason."""
        if not self.allowed(*ekspedisi.DISPATCHERS, action="penarikan tujuan pengiriman"):
            return
        tujuan = self._tujuan(tujuan_id)
        if tujuan is None:
            return
        if tujuan.status != KirimStatus.BELUM:
            self.refuse(f"{tujuan.nama}: {tujuan.status.label}; tidak dapat ditarik.")
            return

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                ekspedisi.withdraw(
                    session, actor=self.actor, tujuan_id=tujuan_id, alasan=alasan, now=self.now()
                )
            return tujuan.surat_id

        kind = "tembusan" if tujuan.tembusan else "tujuan"
        self.app.push_screen(
            ConfirmReason(
                "Tarik tujuan",
                f"Tarik {kind} {tujuan.nama} dari pengiriman (mis. surat sudah diserahkan dalam "
                "rapat)? Tujuan tetap tercatat sebagai batal.",
                confirm,
                confirm_label="Tarik",
            ),
            self._done(tujuan.surat_id, f"Tujuan {tujuan.nama} ditarik."),
        )


__all__ = ["After", "KeluarActions"]
