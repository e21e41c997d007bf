"""What the keys of the Prosedur area do to a run: start (n), tindak lanjut (t), catatan (c),
batal (x). The list, the full run view and the SOP view share these flows.

Every write is one ``with store.write()`` around one service call, with the logged-in actor
and the app's clock; refusals and validation messages stay in the dialog, in Indonesian.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kpu_tui.models import RunStatus
from kpu_tui.services import attachments, procedure
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ServiceError
from kpu_tui.services.procedure import RunView
from kpu_tui.sop.loader import SopError, SopNotFound, get_sop
from kpu_tui.sop.model import Sop

from ..widgets.dialogs import ConfirmReason
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from .prosedur_dialogs import CompleteStepDialog
from .prosedur_render import target_text

if TYPE_CHECKING:
    from ..app import KpuApp

After = Callable[[RunView], None]
"""Called after a successful write with the run as it is now."""


def find_sop(sop_id: str) -> Sop | None:
    """The SOP of a run (None when its file is gone or broken)."""
    try:
        return get_sop(sop_id)
    except (SopNotFound, SopError):
        return None


class RunActions:
    """The write flows of the Prosedur area for one app.

    Args:
        app: the running app (store, actor, clock).
        after: what to refresh after a write (the lists, the open view).
    """

    def __init__(self, app: KpuApp, after: After) -> None:
        self.app = app
        self.after = after

    def _actor(self) -> Actor:
        if self.app.actor is None:  # pragma: no cover - areas exist only after a login
            raise ServiceError("Belum masuk.")
        return self.app.actor

    def _now(self) -> datetime:
        return self.app.now().astimezone(UTC)

    def _done(self, view: RunView | None, message: str) -> None:
        if view is None:
            return
        self.app.notify(message, title=f"Prosedur No {view.id}", markup=False)
        self.after(view)

    # -- n: start --------------------------------------------------------------------------

    def start(self, sop: Sop | None, sops: Sequence[Sop], default_id: str | None = None) -> None:
        """Ask the perihal (and the SOP when none is given, ``default_id`` first) and start a
        run at step 1."""
        fields: list[FieldSpec] = []
        if sop is None:
            fields.append(
                FieldSpec(
                    "sop_id",
                    "SOP",
                    kind="select",
                    value=default_id,
                    options=[(f"{s.id}  {s.judul}", s.id) for s in sops],
                    hint="Ketik nomornya untuk melompat, mis. 9.17.",
                )
            )
        fields.append(
            FieldSpec(
                "judul",
                "Perihal / subjek",
                placeholder="mis. nomor surat, nama pemohon, atau hal yang diproses",
                max_length=procedure.MAX_JUDUL,
                hint="Hal yang diproses menurut SOP ini (wajib).",
            )
        )
        intro = f"SOP {sop.id} — {sop.judul_lengkap}" if sop else ""

        def save(values: Values) -> RunView:
            sop_id = sop.id if sop else str(values.get("sop_id") or "")
            with self.app.store.write() as session:
                return procedure.start_run(
                    session,
                    actor=self._actor(),
                    sop_id=sop_id,
                    judul=str(values.get("judul") or ""),
                    now=self._now(),
                )

        def started(view: RunView | None) -> None:
            if view is not None:
                self._done(
                    view,
                    f"Prosedur No {view.id} dimulai: {view.judul}. "
                    f"Langkah {view.langkah_kini}: {view.kegiatan_kini}",
                )

        self.app.push_screen(FormDialog("Mulai prosedur", fields, save, intro=intro), started)

    # -- t: tindak lanjut --------------------------------------------------------------------

    def complete(self, run: RunView) -> None:
        """Record the current step as done (asking ya/tidak on a decision step)."""
        if not self._open(run):
            return
        sop = find_sop(run.sop_id)
        if sop is None or run.langkah_kini is None:
            self.app.notify(
                f"SOP {run.sop_id} tidak dapat dibaca: periksa dengan 'kpu-tui sop check'.",
                severity="error",
            )
            return
        langkah = sop.step(run.langkah_kini)
        chosen: list[str] = []

        def save(keputusan: str | None, catatan: str, lampiran: str) -> RunView:
            chosen[:] = [keputusan or ""]
            ref = ""
            if lampiran.strip():
                # Copied before the transaction: a stored file nobody refers to is harmless,
                # a record pointing at a file that is not there is not.
                ref = attachments.store_file(self.app.settings.attachment_dir, lampiran).ref
            with self.app.store.write() as session:
                return procedure.complete_step(
                    session,
                    actor=self._actor(),
                    run_id=run.id,
                    keputusan=keputusan,
                    catatan=catatan,
                    lampiran=ref,
                    now=self._now(),
                )

        def recorded(view: RunView | None) -> None:
            if view is None:
                return
            done = f"Langkah {langkah.no} selesai"
            if langkah.keputusan is not None:
                k = langkah.keputusan
                answer = chosen[0] if chosen else ""
                target = k.ya if answer == "ya" else k.tidak
                done += f" ({answer} → {target_text(target)})"
            if view.status == RunStatus.SELESAI:
                self._done(view, f"{done}. Prosedur selesai ✓")
            else:
                self._done(view, f"{done}. Berikutnya langkah {view.langkah_kini}.")

        self.app.push_screen(CompleteStepDialog(run, sop, langkah, save), recorded)

    # -- c: catatan --------------------------------------------------------------------------

    def note(self, run: RunView) -> None:
        """A note on the current step (the step stays open)."""
        if not self._open(run):
            return

        def save(values: Values) -> RunView:
            with self.app.store.write() as session:
                return procedure.add_note(
                    session,
                    actor=self._actor(),
                    run_id=run.id,
                    catatan=str(values.get("catatan") or ""),
                    now=self._now(),
                )

        fields = [
            FieldSpec(
                "catatan",
                "Catatan",
                max_length=procedure.MAX_CATATAN,
                placeholder="mis. menunggu data dukung dari pemohon",
            )
        ]
        intro = f"No {run.id} · {run.judul} · langkah {run.langkah_kini}: {run.kegiatan_kini}"
        self.app.push_screen(
            FormDialog("Tambah catatan", fields, save, intro=intro),
            lambda view: self._done(view, f"Catatan tersimpan pada langkah {run.langkah_kini}."),
        )

    # -- x: batal ----------------------------------------------------------------------------

    def cancel(self, run: RunView) -> None:
        """Cancel the run with a mandatory reason (its events stay)."""
        if not self._open(run):
            return

        def confirm(alasan: str) -> RunView:
            with self.app.store.write() as session:
                return procedure.cancel_run(
                    session, actor=self._actor(), run_id=run.id, alasan=alasan, now=self._now()
                )

        message = (
            f"Batalkan prosedur No {run.id} ({run.judul}, SOP {run.sop_id}) pada langkah "
            f"{run.langkah_kini}? Riwayatnya tetap tersimpan dan tetap tampil di daftar Semua."
        )
        self.app.push_screen(
            ConfirmReason("Batalkan prosedur", message, confirm, confirm_label="Batalkan"),
            lambda view: self._done(view, "Prosedur dibatalkan."),
        )

    def _open(self, run: RunView) -> bool:
        if run.status == RunStatus.BERJALAN:
            return True
        self.app.notify(
            f"Prosedur No {run.id} sudah {run.status.label}: tidak ada langkah yang menunggu.",
            severity="warning",
        )
        return False


__all__ = ["After", "RunActions", "find_sop"]
