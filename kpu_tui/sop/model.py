"""An SOP as the office works by it: identity, pelaksana (the flowchart's columns) and steps.

Frozen dataclasses, built by :mod:`kpu_tui.sop.loader` from the TOML files in ``sops/`` (format:
``docs/sop-format.md``). No I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from kpu_tui.models import Role
from kpu_tui.rules.waktu import WaktuStandard

SELESAI: Final = "selesai"
"""The decision target that ends the run."""

Target = int | str
"""Where a decision leads: a step number, or :data:`SELESAI`."""

_BONTANG_ID = re.compile(r"^9\.(\d+)([a-z]?)$")


@dataclass(frozen=True)
class Pelaksana:
    """One column of the flowchart: who acts.

    Attributes:
        kode: the local id the steps use, e.g. ``"petugas"``.
        nama: the column heading as printed, e.g. ``"Petugas Administrasi Surat"``.
        peran: the kpu-tui roles that act for it (empty for people outside the office).
        jabatan: the jabatan codes (``data/unit_*.toml``) that act for it.
    """

    kode: str
    nama: str
    peran: tuple[Role, ...] = ()
    jabatan: tuple[str, ...] = ()

    @property
    def internal(self) -> bool:
        """Whether someone in the office acts for it (a role or a jabatan is mapped)."""
        return bool(self.peran or self.jabatan)

    def to_dict(self) -> dict[str, Any]:
        """As JSON-able data."""
        return {
            "kode": self.kode,
            "nama": self.nama,
            "peran": [role.value for role in self.peran],
            "jabatan": list(self.jabatan),
        }


@dataclass(frozen=True)
class Keputusan:
    """The question of a decision (diamond) step and where each answer leads.

    Attributes:
        pertanyaan: the question, e.g. "Hasil telaah lengkap?".
        ya: the step number when yes, or ``"selesai"``.
        tidak: the step number when no, or ``"selesai"``.
    """

    pertanyaan: str
    ya: Target
    tidak: Target

    def to_dict(self) -> dict[str, Any]:
        """As JSON-able data."""
        return {"pertanyaan": self.pertanyaan, "ya": self.ya, "tidak": self.tidak}


@dataclass(frozen=True)
class Langkah:
    """One step (row) of the flowchart.

    Attributes:
        no: the step number (1…n).
        kegiatan: what is done, as printed.
        pelaksana: the ``kode`` of the acting column(s).
        kelengkapan: the kelengkapan/persyaratan column.
        waktu_teks: the mutu baku waktu exactly as printed ("" when empty).
        waktu: the parsed standard (kind ``tanpa_waktu``/``tidak_ada`` when the text is empty).
        output: the output column.
        keterangan: the keterangan column.
        keputusan: the decision, on a decision step only.
    """

    no: int
    kegiatan: str
    pelaksana: tuple[str, ...]
    kelengkapan: str
    waktu_teks: str
    waktu: WaktuStandard
    output: str
    keterangan: str = ""
    keputusan: Keputusan | None = None

    @property
    def has_waktu(self) -> bool:
        """Whether the document prints a time for this step."""
        return bool(self.waktu_teks.strip())

    def to_dict(self) -> dict[str, Any]:
        """As JSON-able data; ``waktu`` is the parsed standard, or None when nothing is printed."""
        return {
            "no": self.no,
            "kegiatan": self.kegiatan,
            "pelaksana": list(self.pelaksana),
            "kelengkapan": self.kelengkapan,
            "waktu_teks": self.waktu_teks,
            "waktu": self.waktu.to_dict() if self.has_waktu else None,
            "output": self.output,
            "keterangan": self.keterangan,
            "keputusan": self.keputusan.to_dict() if self.keputusan else None,
        }


@dataclass(frozen=True)
class Sop:
    """One SOP flowchart with the identity of its document.

    Attributes:
        id: the stable id, e.g. ``"9.14"``, ``"9.22b"``, ``"pinrang-16-2022"``.
        nomor: the number as printed, e.g. ``"9.14 Tahun 2025"``.
        nama: the SOP's name as printed.
        flowchart: the flowchart's own title when the SOP has several, else "".
        satker: the office, e.g. "Sekretariat Komisi Pemilihan Umum Kota Bontang".
        sumber: where it is from, e.g. "Keputusan KPU Kota Bontang Nomor 9 Tahun 2025".
        seed: the seed file it was transcribed from.
        tanggal_pembuatan: date made, if printed.
        tanggal_revisi: date revised, if printed.
        tanggal_efektif: date effective, if printed.
        tanggal_pengesahan: date signed, if printed.
        disahkan_oleh: who signed it.
        jabatan_pengesah: their position.
        dasar_hukum: the legal basis, one item each.
        kualifikasi_pelaksana: the qualifications of the pelaksana.
        keterkaitan: related SOPs.
        peralatan: equipment.
        peringatan: the warning if the SOP is not followed.
        pencatatan: how it is recorded.
        pelaksana: the flowchart's columns, in order.
        langkah: the steps, numbered 1…n.
        berkas: the file name it was loaded from (e.g. ``"9.14.toml"``).
    """

    id: str
    nomor: str
    nama: str
    flowchart: str
    satker: str
    sumber: str
    seed: str
    tanggal_pembuatan: date | None
    tanggal_revisi: date | None
    tanggal_efektif: date | None
    tanggal_pengesahan: date | None
    disahkan_oleh: str
    jabatan_pengesah: str
    dasar_hukum: tuple[str, ...]
    kualifikasi_pelaksana: tuple[str, ...]
    keterkaitan: tuple[str, ...]
    peralatan: tuple[str, ...]
    peringatan: str
    pencatatan: str
    pelaksana: tuple[Pelaksana, ...]
    langkah: tuple[Langkah, ...]
    berkas: str = ""

    @property
    def judul(self) -> str:
        """The flowchart's own title when the SOP has several flowcharts, else the name."""
        return self.flowchart or self.nama

    @property
    def judul_lengkap(self) -> str:
        """The name with the flowchart's title when it has one: "Nama — Flowchart"."""
        return f"{self.nama} — {self.flowchart}" if self.flowchart else self.nama

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Bontang 9.1…9.22 in numeric order (letter variants after their number), then others
        by id."""
        match = _BONTANG_ID.match(self.id)
        if match:
            return (0, int(match.group(1)), match.group(2))
        return (1, 0, self.id)

    def step(self, no: int) -> Langkah:
        """The step numbered ``no``.

        Raises:
            KeyError: there is no such step.
        """
        for langkah in self.langkah:
            if langkah.no == no:
                return langkah
        raise KeyError(f"SOP {self.id} tidak mempunyai langkah {no}.")

    def column(self, kode: str) -> Pelaksana:
        """The pelaksana with ``kode``.

        Raises:
            KeyError: there is no such pelaksana.
        """
        for pelaksana in self.pelaksana:
            if pelaksana.kode == kode:
                return pelaksana
        raise KeyError(f"SOP {self.id} tidak mempunyai pelaksana {kode}.")

    def to_dict(self) -> dict[str, Any]:
        """As JSON-able data (dates as ISO text, "" when not printed)."""

        def iso(value: date | None) -> str:
            return value.isoformat() if value else ""

        return {
            "id": self.id,
            "nomor": self.nomor,
            "nama": self.nama,
            "flowchart": self.flowchart,
            "satker": self.satker,
            "sumber": self.sumber,
            "seed": self.seed,
            "tanggal_pembuatan": iso(self.tanggal_pembuatan),
            "tanggal_revisi": iso(self.tanggal_revisi),
            "tanggal_efektif": iso(self.tanggal_efektif),
            "tanggal_pengesahan": iso(self.tanggal_pengesahan),
            "disahkan_oleh": self.disahkan_oleh,
            "jabatan_pengesah": self.jabatan_pengesah,
            "dasar_hukum": list(self.dasar_hukum),
            "kualifikasi_pelaksana": list(self.kualifikasi_pelaksana),
            "keterkaitan": list(self.keterkaitan),
            "peralatan": list(self.peralatan),
            "peringatan": self.peringatan,
            "pencatatan": self.pencatatan,
            "pelaksana": [p.to_dict() for p in self.pelaksana],
            "langkah": [s.to_dict() for s in self.langkah],
        }
