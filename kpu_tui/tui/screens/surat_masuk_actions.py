"""What the keys of the Surat Masuk area do to a letter, shared by the register and the detail
screen: register (n), correct (e), cancel (x), disposisi (d), tindak lanjut (t), withdraw a hop
(b), mark read (m), file without disposisi (a), hand over (s), scans (u, o), print (p).

Every write is one ``with store.write()`` around one service call with the logged-in actor and
the app's clock. A refusal comes back as the service's Indonesian message (a notification, or
inside the reason dialog), never as a traceback. The dialogs of the form and the disposisi live
in ``surat_masuk_form`` and ``disposisi_dialogs`` and are imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import TYPE_CHECKING, Any

from kpu_tui.models import HopStatus, PenerimaStatus, Role, SuratStatus
from kpu_tui.services import disposisi, surat_masuk
from kpu_tui.services.disposisi import HopView, PenerimaView
from kpu_tui.services.errors import ServiceError, ValidationError
from kpu_tui.services.surat_masuk import BerkasView, SuratRow
from kpu_tui.store import StoreError

from .. import system_open
from ..widgets.dialogs import ConfirmReason
from .actions_base import ScreenActions

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..app import KpuApp

After = Callable[[int | None], None]
"""Called after a write with the id of the letter to show (None: keep the cursor)."""
CLOSED = (SuratStatus.BATAL, SuratStatus.DIARSIPKAN, SuratStatus.SELESAI)
ARCHIVERS = (Role.PETUGAS, Role.PIMPINAN, Role.ADMIN)


def message_of(exc: ServiceError | StoreError) -> str:
    """The user's message of a refusal (every field's message for a validation error)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.errors.values()) or exc.message
    return exc.message


class SuratActions(ScreenActions):
    """The write flows of the Surat Masuk area for one app.

    Args:
        app: the running app (store, actor, clock, settings).
        after: what to refresh after a write.
    """

    def __init__(self, app: KpuApp, after: After) -> None:
        super().__init__(app)
        self.after = after

    # -- plumbing ---------------------------------------------------------------------------

    def write(self, work: Callable[[Session], Any], done: str, surat_id: int | None) -> bool:
        """One write transaction; a refusal is shown, a success announced and refreshed."""
        try:
            with self.app.store.write() as session:
                work(session)
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))
            return False
        if done:
            self.app.notify(done, title="Surat Masuk", markup=False)
        self.after(surat_id)
        return True

    def _refresh(self, surat_id: int | None) -> Callable[[object], None]:
        def after(result: object) -> None:
            if result:
                self.after(result if isinstance(result, int) else surat_id)

        return after

    # -- n, e, x: the letter ----------------------------------------------------------------

    def new(self) -> None:
        """Register a letter (the form shows its nomor agenda and offers printing)."""
        if not self.allowed(*surat_masuk.PETUGAS_ROLES, action="pencatatan surat masuk"):
            return
        from .surat_masuk_form import SuratMasukFormScreen

        self.app.push_screen(SuratMasukFormScreen(), self._refresh(None))

    def correct(self, row: SuratRow) -> None:
        """A reasoned correction of the letter."""
        if not self.allowed(*surat_masuk.PETUGAS_ROLES, action="koreksi surat masuk"):
            return
        if row.status == SuratStatus.BATAL:
            self.refuse(f"Surat {row.agenda_teks} sudah batal; tidak dapat dikoreksi.")
            return
        from .surat_masuk_form import SuratMasukFormScreen

        self.app.push_screen(SuratMasukFormScreen(row.id), self._refresh(row.id))

    def cancel(self, row: SuratRow) -> None:
        """Cancel the registration with a reason; the number stays in the register."""
        if not self.allowed(*surat_masuk.PETUGAS_ROLES, action="pembatalan surat masuk"):
            return
        if row.status == SuratStatus.BATAL:
            self.refuse(f"Surat {row.agenda_teks} sudah batal.")
            return

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                surat_masuk.cancel(
                    session, actor=self.actor, surat_id=row.id, alasan=alasan, now=self.now()
                )
            return row.id

        def done(result: int | None) -> None:
            if result is not None:
                self.app.notify(f"Surat {row.agenda_teks} dibatalkan.", title="Surat Masuk")
                self.after(row.id)

        message = (
            f"Batalkan surat {row.agenda_teks} ({row.perihal}, dari {row.asal})? Nomor agenda "
            "tetap tercatat dan tidak dipakai lagi; prosedurnya ikut dibatalkan."
        )
        self.app.push_screen(
            ConfirmReason("Batalkan surat masuk", message, confirm, confirm_label="Batalkan"),
            done,
        )

    # -- a, s: filing and handing over -------------------------------------------------------

    def file_without(self, row: SuratRow) -> None:
        """File the letter without a disposisi ("tidak perlu disposisi"), with a reason."""
        if not self.allowed(*ARCHIVERS, action="pengarsipan tanpa disposisi"):
            return
        if row.status != SuratStatus.BELUM_DISPOSISI:
            self.refuse(
                f"Surat {row.agenda_teks} sudah {row.status.label}; hanya surat yang belum "
                "didisposisikan dapat diarsipkan langsung."
            )
            return

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                disposisi.file_without(
                    session, actor=self.actor, surat_id=row.id, alasan=alasan, now=self.now()
                )
            return row.id

        def done(result: int | None) -> None:
            if result is not None:
                self.app.notify(
                    f"Surat {row.agenda_teks} diarsipkan tanpa disposisi.", title="Surat Masuk"
                )
                self.after(row.id)

        message = (
            f"Arsipkan surat {row.agenda_teks} ({row.perihal}) tanpa disposisi? Prosedur SOP "
            "9.14-nya berakhir dengan alasan ini."
        )
        self.app.push_screen(
            ConfirmReason("Arsipkan tanpa disposisi", message, confirm, confirm_label="Arsipkan"),
            done,
        )

    def hand_over(self, row: SuratRow) -> None:
        """Record that the letter was handed to the pimpinan or to the pejabat disposed to."""
        said: list[str] = []

        def work(session: Session) -> None:
            said.append(
                disposisi.hand_over(session, actor=self.actor, surat_id=row.id, now=self.now())
            )

        if self.write(work, "", row.id):
            self.app.notify(said[0], title=f"Surat {row.agenda_teks}", markup=False)

    # -- d, t, b, m: the disposisi ------------------------------------------------------------

    def first_disposisi(self, row: SuratRow) -> None:
        """Record a pimpinan's disposisi of the letter."""
        if row.status in CLOSED:
            self.refuse(
                f"Surat {row.agenda_teks} sudah {row.status.label}; tidak dapat didisposisikan."
            )
            return
        from .disposisi_dialogs import DisposisiDialog

        self.app.push_screen(DisposisiDialog(row.id), self._refresh(row.id))

    def pass_on(self, row: SuratRow, penerima: PenerimaView) -> None:
        """A recipient passes the letter further down."""
        if row.status in CLOSED:
            self.refuse(
                f"Surat {row.agenda_teks} sudah {row.status.label}; tidak dapat didisposisikan."
            )
            return
        if penerima.status not in (*disposisi.OPEN, PenerimaStatus.DITERUSKAN):
            self.refuse(
                f"Disposisi untuk {penerima.nama} sudah {penerima.status.label}; "
                "tidak dapat diteruskan."
            )
            return
        from .disposisi_dialogs import DisposisiDialog

        self.app.push_screen(
            DisposisiDialog(row.id, induk_penerima_id=penerima.id), self._refresh(row.id)
        )

    def tindak_lanjut(self, row: SuratRow, penerima: PenerimaView) -> None:
        """The recipient records what was done."""
        if penerima.status not in disposisi.OPEN:
            self.refuse(f"Disposisi untuk {penerima.nama} sudah {penerima.status.label}.")
            return
        from .disposisi_dialogs import TindakLanjutDialog

        self.app.push_screen(TindakLanjutDialog(penerima.id), self._refresh(row.id))

    def cancel_hop(self, row: SuratRow, hop: HopView) -> None:
        """Withdraw a hop nobody has read yet, with a reason."""
        if hop.status == HopStatus.BATAL:
            self.refuse("Disposisi ini sudah dibatalkan.")
            return
        if hop.dibaca:
            read = ", ".join(p.nama for p in hop.penerima if p.status != PenerimaStatus.MENUNGGU)
            self.refuse(f"Disposisi sudah dibaca oleh {read}; tidak dapat dibatalkan.")
            return

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                disposisi.cancel(
                    session, actor=self.actor, disposisi_id=hop.id, alasan=alasan, now=self.now()
                )
            return row.id

        def done(result: int | None) -> None:
            if result is not None:
                self.app.notify("Disposisi dibatalkan.", title=f"Surat {row.agenda_teks}")
                self.after(row.id)

        kepada = ", ".join(p.nama for p in hop.penerima)
        message = (
            f"Batalkan disposisi {hop.dari_nama} kepada {kepada}? Penerima belum membacanya; "
            "disposisi tetap tercatat sebagai batal."
        )
        self.app.push_screen(
            ConfirmReason("Batalkan disposisi", message, confirm, confirm_label="Batalkan"), done
        )

    def mark_read(self, row: SuratRow, penerima: PenerimaView) -> None:
        """Record that the recipient has read the disposisi."""
        if penerima.status != PenerimaStatus.MENUNGGU:
            self.refuse(f"Disposisi untuk {penerima.nama} sudah {penerima.status.label}.")
            return

        def work(session: Session) -> None:
            disposisi.mark_read(session, actor=self.actor, penerima_id=penerima.id, now=self.now())

        self.write(work, f"Disposisi untuk {penerima.nama} ditandai dibaca.", row.id)

    # -- scans --------------------------------------------------------------------------------

    def add_scans(self, row: SuratRow) -> None:
        """Add scans to the letter by their paths."""
        if not self.allowed(*surat_masuk.PETUGAS_ROLES, action="penambahan pindaian surat"):
            return
        if row.status == SuratStatus.BATAL:
            self.refuse(f"Surat {row.agenda_teks} sudah batal.")
            return
        from .disposisi_dialogs import AddScanDialog

        self.app.push_screen(AddScanDialog(row.id), self._refresh(row.id))

    def cancel_scan(self, row: SuratRow, berkas: BerkasView) -> None:
        """Withdraw a wrong scan with a reason (it stays listed)."""
        if not self.allowed(*surat_masuk.PETUGAS_ROLES, action="pembatalan pindaian"):
            return
        if not berkas.aktif:
            self.refuse("Pindaian ini sudah dibatalkan.")
            return

        def confirm(alasan: str) -> int:
            with self.app.store.write() as session:
                surat_masuk.cancel_scan(
                    session, actor=self.actor, berkas_id=berkas.id, alasan=alasan
                )
            return row.id

        def done(result: int | None) -> None:
            if result is not None:
                self.app.notify(f"Pindaian {berkas.nama} ditarik.", title="Surat Masuk")
                self.after(row.id)

        self.app.push_screen(
            ConfirmReason(
                "Tarik pindaian",
                f"Tarik pindaian {berkas.nama} dari surat {row.agenda_teks}? Berkasnya tetap "
                "tersimpan dan tercatat sebagai ditarik.",
                confirm,
                confirm_label="Tarik",
            ),
            done,
        )

    def open_scan(self, berkas: BerkasView) -> None:
        """Open a scan with the system's viewer after checking it is the file stored."""
        try:
            with self.app.store.read() as session:
                path = surat_masuk.open_scan(
                    session, berkas_id=berkas.id, attachment_dir=self.app.settings.attachment_dir
                )
        except (ServiceError, StoreError) as exc:
            self.app.notify(message_of(exc), severity="error", markup=False, timeout=10)
            return
        problem = system_open.open_with_system(path)
        if problem:
            self.refuse(problem)
        else:
            self.app.notify(f"Membuka {berkas.nama}…", timeout=3, markup=False)


def mark_own_read(app: KpuApp, surat_id: int) -> list[str]:
    """Mark read every unread disposisi of the letter addressed to the logged-in user (opening
    the letter is reading it: SOP 9.14 counts it). Returns the recipients marked."""
    actor = app.actor
    if actor is None:
        return []
    from kpu_tui.models import DisposisiPenerima

    def own_unread(session: Session) -> list[PenerimaView]:
        views = [
            p
            for _, hop in disposisi.flatten(disposisi.tree(session, surat_id))
            if hop.status == HopStatus.AKTIF
            for p in hop.penerima
            if p.status == PenerimaStatus.MENUNGGU
        ]
        mine = []
        for view in views:
            row = session.get(DisposisiPenerima, view.id)
            if row is not None and disposisi.is_recipient(session, actor, row):
                mine.append(view)
        return mine

    # Read first: opening a letter must not take the write lock when there is nothing to mark.
    with app.store.read() as session:
        if not own_unread(session):
            return []
    marked: list[str] = []
    with app.store.write() as session:
        for view in own_unread(session):
            if disposisi.mark_read(
                session, actor=actor, penerima_id=view.id, now=app.now().astimezone(UTC)
            ):
                marked.append(view.nama)
    return marked


__all__ = ["After", "SuratActions", "mark_own_read", "message_of"]
