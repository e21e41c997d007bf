"""What the filters of the Surat Masuk register mean: the status choices of the bar, the
filters behind ``f`` (a range of tanggal terima, a kode klasifikasi, the sender) and their
dialog, and the period a printed buku agenda takes from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpu_tui.models import SuratStatus
from kpu_tui.rules.dates import parse_tanggal
from kpu_tui.services.errors import ValidationError
from kpu_tui.services.surat_masuk import SuratFilter

from ..surat_print import month_of
from ..widgets.modal_form import FieldSpec, FormDialog, Values
from .surat_masuk_render import tanggal

STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("belum disposisi", "belum"),
    ("dalam proses", "proses"),
    ("terlambat", "terlambat"),
    ("selesai", "selesai"),
    ("diarsipkan", "diarsipkan"),
    ("batal", "batal"),
)
"""The choices of the status filter; ``terlambat`` is an open disposisi past its batas
waktu."""
STATUS_OF: dict[str, tuple[SuratStatus, ...]] = {
    "belum": (SuratStatus.BELUM_DISPOSISI,),
    "proses": (SuratStatus.PROSES,),
    "selesai": (SuratStatus.SELESAI,),
    "diarsipkan": (SuratStatus.DIARSIPKAN,),
    "batal": (SuratStatus.BATAL,),
}
PROMPTS = {
    "#sm-tahun": ("Tahun: semua", "Tahun"),
    "#sm-bulan": ("Bulan: semua", "Bulan"),
    "#sm-sifat": ("Sifat: semua", "Sifat"),
    "#sm-status": ("Status: semua", "Status"),
}
"""What an unset filter shows, wide and narrow (narrow: the name alone means all)."""


@dataclass(frozen=True)
class MoreFilters:
    """The filters behind ``f``: a range of tanggal terima, a kode klasifikasi, the sender."""

    dari: date | None = None
    sampai: date | None = None
    klasifikasi: str = ""
    asal: str = ""

    def words(self) -> list[str]:
        """The filters set, in words for the count line."""
        out = []
        if self.dari or self.sampai:
            out.append(
                f"{tanggal(self.dari) if self.dari else '…'} s.d. "
                f"{tanggal(self.sampai) if self.sampai else '…'}"
            )
        if self.klasifikasi:
            out.append(f"klasifikasi {self.klasifikasi}")
        if self.asal:
            out.append(f"asal “{self.asal}”")
        return out


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def more_filters_dialog(more: MoreFilters, today: date) -> FormDialog[MoreFilters]:
    """The dialog of the filters that do not fit the bar; empty fields clear their filter."""

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
        return MoreFilters(
            dari=dari,
            sampai=sampai,
            klasifikasi=str(values.get("klasifikasi") or "").strip().upper(),
            asal=" ".join(str(values.get("asal") or "").split()),
        )

    return FormDialog(
        "Filter lain",
        [
            FieldSpec("dari", "Diterima dari tanggal", value=_day(more.dari)),
            FieldSpec("sampai", "Sampai tanggal", value=_day(more.sampai)),
            FieldSpec(
                "klasifikasi",
                "Kode klasifikasi",
                value=more.klasifikasi,
                hint="PL.01 juga menemukan PL.01.1 dan seterusnya",
                max_length=20,
            ),
            FieldSpec("asal", "Asal surat memuat", value=more.asal, max_length=200),
        ],
        parse,
        intro="Kosongkan isian untuk menghapus filternya. Tanggal: 1/11/2026, hari ini.",
    )


def print_period(flt: SuratFilter, today: date) -> tuple[date, date]:
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
    "PROMPTS",
    "STATUS_CHOICES",
    "STATUS_OF",
    "MoreFilters",
    "more_filters_dialog",
    "print_period",
]
