"""What the filters of the Surat Keluar register mean: the two views (buku agenda, konsep &
proses), the status choices of each, the filters behind ``f`` (a range of tanggal surat, the
jenis naskah, a kode klasifikasi, "menunggu saya") and their dialog, and the period a printed
buku agenda takes from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kpu_tui.models import KeluarStatus
from kpu_tui.rules.dates import parse_tanggal
from kpu_tui.services.errors import ValidationError
from kpu_tui.services.surat_keluar_read import KeluarFilter

from ..surat_print import month_of
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from .surat_masuk_render import tanggal

AGENDA = "agenda"
KONSEP = "konsep"
VIEW_CHOICES: tuple[tuple[str, str], ...] = (
    ("Buku agenda", AGENDA),
    ("Konsep & proses", KONSEP),
)
"""The two views: numbered letters (the buku agenda surat keluar) and letters not yet
signed."""
VIEW_NAMES = {value: name for name, value in VIEW_CHOICES}
STATUS_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    AGENDA: (
        ("belum dikirim", "terbit"),
        ("dikirim", "dikirim"),
        ("selesai", "selesai"),
        ("batal", "batal"),
    ),
    KONSEP: (
        ("dalam proses", "proses"),
        ("konsep", "konsep"),
        ("menunggu paraf", "paraf"),
        ("dikembalikan", "dikembalikan"),
        ("menunggu tanda tangan", "tanda_tangan"),
        ("batal", "batal"),
    ),
}
"""The choices of the status filter in each view."""
STATUS_OF: dict[str, tuple[KeluarStatus, ...]] = {
    "terbit": (KeluarStatus.TERBIT,),
    "dikirim": (KeluarStatus.DIKIRIM,),
    "selesai": (KeluarStatus.SELESAI,),
    "batal": (KeluarStatus.BATAL,),
    "proses": (
        KeluarStatus.KONSEP,
        KeluarStatus.PARAF,
        KeluarStatus.DIKEMBALIKAN,
        KeluarStatus.TANDA_TANGAN,
    ),
    "konsep": (KeluarStatus.KONSEP,),
    "paraf": (KeluarStatus.PARAF,),
    "dikembalikan": (KeluarStatus.DIKEMBALIKAN,),
    "tanda_tangan": (KeluarStatus.TANDA_TANGAN,),
}
PROMPTS = {
    "#sk-tahun": ("Tahun: semua", "Tahun"),
    "#sk-bulan": ("Bulan: semua", "Bulan"),
    "#sk-status": ("Status: semua", "Status"),
}
"""What an unset filter shows, wide and narrow (narrow: the name alone means all)."""


@dataclass(frozen=True)
class MoreFilters:
    """The filters behind ``f``: a range of tanggal surat, the jenis naskah, a kode klasifikasi
    and the position whose paraf or signature the letters await ("menunggu saya")."""

    dari: date | None = None
    sampai: date | None = None
    jenis: str = ""
    klasifikasi: str = ""
    menunggu_jabatan_id: int | None = None
    menunggu_nama: str = ""

    def words(self) -> list[str]:
        """The filters set, in words for the count line."""
        out = []
        if self.dari or self.sampai:
            out.append(
                f"{tanggal(self.dari) if self.dari else '…'} s.d. "
                f"{tanggal(self.sampai) if self.sampai else '…'}"
            )
        if self.jenis:
            out.append(f"jenis {self.jenis}")
        if self.klasifikasi:
            out.append(f"klasifikasi {self.klasifikasi}")
        if self.menunggu_jabatan_id is not None:
            out.append(f"menunggu {self.menunggu_nama or 'saya'}")
        return out


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def more_filters_dialog(
    more: MoreFilters,
    today: date,
    *,
    jenis: Sequence[tuple[str, str]],
    held: Sequence[tuple[str, int]],
) -> FormDialog[MoreFilters]:
    """The dialog of the filters that do not fit the bar; empty fields clear their filter.

    Args:
        more: the filters set now.
        today: for "hari ini" and the like.
        jenis: ``(name, kode)`` of the jenis naskah.
        held: ``(name, jabatan id)`` of the positions the user holds ("menunggu saya").
    """
    names = {value: name for name, value in held}

    def parse(values: Values) -> MoreFilters:
        errors: dict[str, str] = {}
        days: dict[str, date | None] = {}
        for key in ("dari", "sampai"):
            text = str(values.get(key) or "").strip()
            days[key] = None
            if text:
                try:
                    days[key] = parse_tanggal(text, today)
                except ValueError as exc:
                    errors[key] = str(exc)
        dari, sampai = days["dari"], days["sampai"]
        if dari and sampai and sampai < dari:
            errors["sampai"] = "Tanggal akhir tidak boleh sebelum tanggal awal."
        if errors:
            raise ValidationError(errors)
        menunggu = values.get("menunggu")
        menunggu_id = menunggu if isinstance(menunggu, int) else None
        chosen = values.get("jenis")
        return MoreFilters(
            dari=dari,
            sampai=sampai,
            jenis=chosen if isinstance(chosen, str) else "",
            klasifikasi=str(values.get("klasifikasi") or "").strip().upper(),
            menunggu_jabatan_id=menunggu_id,
            menunggu_nama=names.get(menunggu_id, "") if menunggu_id is not None else "",
        )

    fields = [
        FieldSpec(
            "dari",
            "Tanggal surat dari",
            value=_day(more.dari),
            hint="Konsep belum bertanggal: rentang tanggal hanya berlaku di buku agenda",
        ),
        FieldSpec("sampai", "Sampai tanggal", value=_day(more.sampai)),
        FieldSpec(
            "jenis",
            "Jenis naskah",
            kind="select",
            value=more.jenis or None,
            options=list(jenis),
            placeholder="semua",
            allow_blank=True,
        ),
        FieldSpec(
            "klasifikasi",
            "Kode klasifikasi",
            value=more.klasifikasi,
            hint="PL.01 juga menemukan PL.01.1 dan seterusnya",
            max_length=20,
        ),
    ]
    if held:
        fields.append(
            FieldSpec(
                "menunggu",
                "Menunggu paraf atau tanda tangan saya sebagai",
                kind="select",
                value=more.menunggu_jabatan_id,
                options=list(held),
                placeholder="semua surat",
                allow_blank=True,
            )
        )
    return FormDialog(
        "Filter lain",
        fields,
        parse,
        intro="Kosongkan isian untuk menghapus filternya. Tanggal: 1/11/2026, hari ini.",
    )


def print_period(flt: KeluarFilter, today: date) -> tuple[date, date]:
    """The period of the buku agenda the filters describe (this month when they describe
    none): the date range, else the month, else a past year whole."""
    if flt.dari or flt.sampai:
        dari = flt.dari or month_of(flt.sampai or today)[0]
        return dari, flt.sampai or max(dari, today)
    if flt.tahun is not None and flt.bulan is not None:
        return month_of(date(flt.tahun, flt.bulan, 1))
    if flt.tahun is not None and flt.tahun != today.year:
        return date(flt.tahun, 1, 1), date(flt.tahun, 12, 31)
    return month_of(today)


__all__ = [
    "AGENDA",
    "KONSEP",
    "PROMPTS",
    "STATUS_CHOICES",
    "STATUS_OF",
    "VIEW_CHOICES",
    "VIEW_NAMES",
    "MoreFilters",
    "more_filters_dialog",
    "print_period",
]
