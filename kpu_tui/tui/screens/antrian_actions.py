"""What the keys of the queue do to one item or to every marked item: open (Enter), mark read
(a), mark done with a tindak lanjut (t), pass on (d), attach a document (u).

A key that does not apply to an item's kind says so and does nothing. A bulk write is one
``antrian_aksi`` call in one ``store.write()``: all marked items or none, the refusal naming the
item. Opening reuses the registers' own detail screens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, cast

from kpu_tui.services import antrian_aksi, disposisi
from kpu_tui.services.antrian import DISPOSISI_KINDS, KELUAR_KINDS, Item, Jenis
from kpu_tui.services.antrian_aksi import Hasil
from kpu_tui.services.disposisi import DisposisiForm
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.procedure import RunView
from kpu_tui.store import StoreError

from .actions_base import ScreenActions
from .prosedur_actions import find_sop
from .surat_masuk_actions import message_of

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..app import KpuApp
    from .prosedur import ProsedurScreen

After = Callable[[], None]
"""Called after a write (the queue reloads and the marks of the items acted on go)."""


class RunHost(Protocol):
    """What the Prosedur run view needs of the screen that opened it."""

    @property
    def kpu(self) -> KpuApp:
        """The app."""
        ...

    def after_write(self, view: RunView) -> None:
        """A run changed."""
        ...


class AntrianActions(ScreenActions):
    """The write flows of the queue for one app.

    Args:
        app: the running app (store, actor, clock, settings).
        host: the screen (opens the run view on it).
        after: what to refresh after a write.
    """

    def __init__(self, app: KpuApp, host: RunHost, after: After) -> None:
        super().__init__(app)
        self.host = host
        self.after = after

    # -- plumbing ---------------------------------------------------------------------------

    def applies(self, action: str, items: Sequence[Item]) -> bool:
        """Whether the action applies to every item; says which do not when not."""
        wrong = [item for item in items if item.jenis not in antrian_aksi.BERLAKU[action]]
        if not items:
            self.refuse("Antrian kosong: tidak ada item.")
            return False
        if wrong:
            names = ", ".join(antrian_aksi.nama_item(item) for item in wrong[:3])
            more = f" dan {len(wrong) - 3} lainnya" if len(wrong) > 3 else ""
            self.refuse(f"{antrian_aksi.TIDAK_BERLAKU[action]}. Tidak berlaku: {names}{more}.")
            return False
        return True

    def write(self, work: Callable[[Session], Hasil]) -> Hasil:
        """One write transaction around a bulk action (raises its refusal)."""
        with self.app.store.write() as session:
            return work(session)

    def done(self, hasil: Hasil | bool | None) -> None:
        """A dialog closed: announce what was done and refresh."""
        if isinstance(hasil, Hasil):
            self.app.notify(hasil.pesan, title="Antrian", markup=False)
        if hasil:
            self.after()

    # -- Enter --------------------------------------------------------------------------------

    def open(self, item: Item) -> None:
        """Open the item's record; opening an unread disposisi of one's own marks it read."""
        if item.jenis in DISPOSISI_KINDS and item.surat_masuk_id is not None:
            if item.jenis == Jenis.DISPOSISI_BARU and not self._read_own(item):
                return
            self._open_masuk(item.surat_masuk_id)
        elif item.jenis == Jenis.TELAAH:
            self._open_masuk(item.ref_id)
        elif item.jenis in KELUAR_KINDS and item.surat_keluar_id is not None:
            from .surat_keluar_detail import KeluarDetailScreen

            self.app.push_screen(KeluarDetailScreen(item.surat_keluar_id))
        elif item.run_id is not None:
            self.open_run(item.run_id)

    def _read_own(self, item: Item) -> bool:
        """Mark the disposisi read when the user is its recipient (never someone else's)."""
        from kpu_tui.models import DisposisiPenerima

        try:
            with self.app.store.write() as session:
                row = session.get(DisposisiPenerima, item.ref_id)
                if row is not None and disposisi.is_recipient(session, self.actor, row):
                    disposisi.mark_read(
                        session, actor=self.actor, penerima_id=item.ref_id, now=self.now()
                    )
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))
            self.after()
            return False
        return True

    def _open_masuk(self, surat_id: int) -> None:
        from .surat_masuk_detail import SuratDetailScreen

        self.app.push_screen(SuratDetailScreen(surat_id))

    def open_run(self, run_id: int) -> None:
        """The Prosedur area's full view of a run (its t, c and x work there)."""
        from .prosedur_views import RunScreen

        # RunScreen uses only ``kpu`` and ``after_write`` of its host (see RunHost).
        self.app.push_screen(RunScreen(run_id, cast("ProsedurScreen", self.host)))

    # -- a: mark read --------------------------------------------------------------------------

    def acknowledge(self, items: Sequence[Item]) -> None:
        """Mark the disposisi read, all at once."""
        if not self.applies("tandai_dibaca", items):
            return
        try:
            hasil = self.write(
                lambda session: antrian_aksi.tandai_dibaca(
                    session, actor=self.actor, items=items, now=self.now()
                )
            )
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))
            return
        self.done(hasil)

    # -- t: tindak lanjut --------------------------------------------------------------------

    def complete(self, items: Sequence[Item]) -> None:
        """One tindak lanjut note for every item; a decision step opens its run instead."""
        if not self.applies("selesaikan", items):
            return
        if len(items) == 1 and items[0].jenis == Jenis.LANGKAH and self._decision(items[0]):
            self.app.notify(
                "Langkah ini keputusan (ya/tidak): pilih jawabannya di rincian prosedur (t).",
                markup=False,
            )
            assert items[0].run_id is not None
            self.open_run(items[0].run_id)
            return
        from .antrian_dialogs import tindak_lanjut_dialog

        def save(note: str) -> Hasil:
            return self.write(
                lambda session: antrian_aksi.selesaikan(
                    session, actor=self.actor, items=items, tindak_lanjut=note, now=self.now()
                )
            )

        self.app.push_screen(tindak_lanjut_dialog(items, save), self.done)

    def _decision(self, item: Item) -> bool:
        from kpu_tui.models import ProcedureRun

        with self.app.store.read() as session:
            run = session.get(ProcedureRun, item.ref_id)
            if run is None or run.langkah_kini is None:
                return False
            sop = find_sop(run.sop_id)
            try:
                return sop is not None and sop.step(run.langkah_kini).keputusan is not None
            except KeyError:
                return False

    # -- d: pass on ----------------------------------------------------------------------------

    def pass_on(self, items: Sequence[Item]) -> None:
        """Pass a disposisi on (a letter waiting for one: the first disposisi); several with
        one form."""
        if not self.applies("teruskan", items):
            return
        from .antrian_dialogs import TeruskanBanyakDialog
        from .disposisi_dialogs import DisposisiDialog

        first = items[0]
        try:
            if len(items) == 1:
                surat_id = first.surat_masuk_id or first.ref_id
                induk = None if first.jenis == Jenis.TELAAH else first.ref_id
                self.app.push_screen(DisposisiDialog(surat_id, induk_penerima_id=induk), self.done)
                return

            def save(form: DisposisiForm) -> Hasil:
                return self.write(
                    lambda session: antrian_aksi.teruskan(
                        session, actor=self.actor, items=items, form=form, now=self.now()
                    )
                )

            if len({item.jenis == Jenis.TELAAH for item in items}) > 1:
                self.refuse(
                    "Tandai hanya disposisi yang diteruskan, atau hanya surat yang perlu "
                    "disposisi, untuk diteruskan sekaligus."
                )
                return
            self.app.push_screen(TeruskanBanyakDialog(items, save), self.done)
        except (ServiceError, StoreError) as exc:
            self.refuse(message_of(exc))

    # -- u: attach -----------------------------------------------------------------------------

    def attach(self, items: Sequence[Item]) -> None:
        """Attach one file to the letter of every item."""
        if not self.applies("lampirkan", items):
            return
        from .antrian_dialogs import lampiran_dialog

        def save(path: str) -> Hasil:
            return self.write(
                lambda session: antrian_aksi.lampirkan(
                    session,
                    actor=self.actor,
                    items=items,
                    path=path,
                    attachment_dir=self.app.settings.attachment_dir,
                    now=self.now(),
                )
            )

        self.app.push_screen(lampiran_dialog(items, save), self.done)


__all__ = ["After", "AntrianActions", "RunHost"]
