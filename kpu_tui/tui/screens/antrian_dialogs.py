"""The dialogs of the queue: the tindak lanjut note for one or many items, the file to attach,
the filter, and passing several disposisi on at once.

They are the app's shared forms (:class:`FormDialog`) and the surat masuk disposisi dialog,
given the queue's items: each does its write through ``antrian_aksi`` inside one
``store.write()`` and keeps what was typed when it fails (the message names the item).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.widgets import Static

from kpu_tui.services.antrian import Filter, Item, Jenis
from kpu_tui.services.antrian_aksi import Hasil
from kpu_tui.services.disposisi import DisposisiForm
from kpu_tui.services.errors import ServiceError
from kpu_tui.store import StoreError

from ..widgets.modal_form import FieldSpec, FormDialog, Values
from .antrian_render import CATATAN_LABEL
from .disposisi_dialogs import DisposisiDialog

LISTED = 6
"""How many items a dialog names before "dan N lainnya"."""
MAX_TINDAK_LANJUT = 2000


def items_text(items: Sequence[Item]) -> str:
    """The items a dialog acts on, one a line: "0123/2026 · Disposisi baru · Undangan …"."""
    lines = [f"{item.nomor} · {item.jenis.label} · {item.perihal}" for item in items[:LISTED]]
    if len(items) == 1 and items[0].catatan:
        lines.append(f"{CATATAN_LABEL.get(items[0].jenis, 'Catatan')}: {items[0].catatan}")
    if len(items) > LISTED:
        lines.append(f"… dan {len(items) - LISTED} item lainnya")
    return "\n".join(lines)


def tindak_lanjut_dialog(items: Sequence[Item], save: Callable[[str], Hasil]) -> FormDialog[Hasil]:
    """One note that closes every item: a disposisi's tindak lanjut, a paraf's catatan, an SOP
    step's catatan."""
    kinds = {item.jenis for item in items}
    if kinds == {Jenis.PARAF}:
        title, label = "Beri paraf", "Catatan paraf"
        hint = "Catatan untuk konseptor; paraf diberikan dengan catatan ini."
    elif kinds == {Jenis.LANGKAH}:
        title, label = "Selesaikan langkah SOP", "Tindak lanjut"
        hint = "Dicatat pada langkah yang diselesaikan; prosedur berlanjut ke langkah berikutnya."
    else:
        title, label = "Tindak lanjut", "Tindak lanjut"
        hint = "Apa yang sudah dikerjakan, mis. nomor surat balasan."
    if len(items) > 1:
        title += f" · {len(items)} item sekaligus"
        hint += " Catatan yang sama untuk semua item."
    fields = [
        FieldSpec(
            "tindak_lanjut",
            f"{label} (wajib)",
            max_length=MAX_TINDAK_LANJUT,
            placeholder="mis. sudah dikoordinasikan dengan Bawaslu, balasan 005/PL.01/XI/2026",
            hint=hint,
        )
    ]
    return FormDialog(
        title,
        fields,
        lambda values: save(str(values.get("tindak_lanjut") or "")),
        intro=items_text(items),
        save_label="Simpan",
    )


def lampiran_dialog(items: Sequence[Item], save: Callable[[str], Hasil]) -> FormDialog[Hasil]:
    """The location of one file to attach to the letter of every item."""
    title = "Lampirkan berkas"
    if len(items) > 1:
        title += f" · {len(items)} item sekaligus"
    fields = [
        FieldSpec(
            "berkas",
            "Lokasi berkas (wajib)",
            placeholder="mis. /home/sekar/Dokumen/pindaian.pdf",
            hint="PDF, JPG atau PNG, paling besar 50 MB. Berkas disalin ke arsip aplikasi.",
        )
    ]
    return FormDialog(
        title,
        fields,
        lambda values: save(str(values.get("berkas") or "")),
        intro=items_text(items),
        save_label="Lampirkan",
    )


def filter_dialog(current: Filter) -> FormDialog[Filter]:
    """Which kinds to show (none ticked: all) and whether only the overdue ones."""
    fields = [
        FieldSpec(
            "jenis",
            "Jenis (spasi: centang; tidak ada yang dicentang: semua)",
            kind="multi",
            value=sorted(current.jenis),
            options=[(jenis.label, jenis) for jenis in Jenis],
        ),
        FieldSpec("terlambat", "Hanya yang terlambat", kind="check", value=current.hanya_terlambat),
    ]

    def save(values: Values) -> Filter:
        return Filter(
            jenis=frozenset(Jenis(j) for j in values.get("jenis") or ()),
            hanya_terlambat=bool(values.get("terlambat")),
        )

    return FormDialog("Saring antrian", fields, save, save_label="Terapkan")


class TeruskanBanyakDialog(DisposisiDialog):
    """Pass several disposisi on (or dispose several letters) with one form: the disposisi
    dialog of the first item, saving through :func:`antrian_aksi.teruskan` for all of them.

    Args:
        items: the disposisi (or letters waiting for disposisi) chosen, in queue order.
        save: does the write for the form; its result (the summary) is announced.
    """

    def __init__(self, items: Sequence[Item], save: Callable[[DisposisiForm], Hasil]) -> None:
        first = items[0]
        surat_id = first.surat_masuk_id if first.surat_masuk_id is not None else first.ref_id
        induk = None if first.jenis == Jenis.TELAAH else first.ref_id
        super().__init__(surat_id, induk_penerima_id=induk)
        self.items = list(items)
        self._save = save

    def on_mount(self) -> None:
        """Name every letter the form goes to."""
        super().on_mount()
        verb = "Disposisi" if self.items[0].jenis == Jenis.TELAAH else "Teruskan disposisi"
        self.query_one(".dialog-title", Static).update(
            Text(f"{verb} · {len(self.items)} surat sekaligus")
        )
        self.query_one("#dp-letter", Static).update(Text(items_text(self.items)))

    def action_save(self) -> None:
        """Record the same disposisi for every item, all or nothing."""
        try:
            hasil = self._save(self._form())
        except (ServiceError, StoreError) as exc:
            self._failed(exc)
            return
        self.notify(hasil.pesan, title="Antrian", markup=False)
        self.dismiss(True)


__all__ = [
    "TeruskanBanyakDialog",
    "filter_dialog",
    "items_text",
    "lampiran_dialog",
    "tindak_lanjut_dialog",
]
