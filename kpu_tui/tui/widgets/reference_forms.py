"""The forms of the reference tables: what each asks and which service call saves it.

Each ``*_form(view, actor, units)`` returns the fields for a :class:`FormDialog` and a
``write(session, values)`` that saves through :mod:`kpu_tui.services.reference` (which journals
the change). ``view`` is the entry being edited, or None for a new one; its key cannot change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kpu_tui.models import OptionKind, UnitJenis
from kpu_tui.services import reference as ref
from kpu_tui.services.actor import Actor
from kpu_tui.services.errors import ValidationError
from kpu_tui.services.reference import UnitView

from .modal_form import FieldSpec, Values

Form = tuple[list[FieldSpec], Callable[[Any, Values], Any]]
"""The fields of a form and the function that saves it."""

KIND_LABELS = {
    OptionKind.SIFAT: "Sifat",
    OptionKind.DERAJAT: "Derajat kecepatan",
    OptionKind.INSTRUKSI: "Instruksi disposisi",
}
"""The pick lists by their Indonesian names."""


def _urutan(values: Values) -> int:
    text = str(values.get("urutan", "")).strip() or "0"
    if not text.isdigit():
        raise ValidationError({"urutan": "Urutan berupa angka, misalnya 3."})
    return int(text)


def klasifikasi_form(view: Any, actor: Actor, units: Sequence[UnitView]) -> Form:
    """The kode klasifikasi form (``view`` None for a new one)."""
    fields = [
        FieldSpec(
            "kode",
            "Kode",
            value=view.kode if view else "",
            placeholder="mis. PL.01.3",
            max_length=20,
            disabled=view is not None,
            hint="" if view else "Induknya kode satu tingkat di atas (PL.01 untuk PL.01.3).",
        ),
        FieldSpec("uraian", "Uraian", value=view.uraian if view else "", max_length=300),
        FieldSpec(
            "kelompok",
            "Kelompok",
            kind="select",
            value=view.kelompok if view else None,
            options=[(k, k) for k in ref.KELOMPOK_KLASIFIKASI],
            allow_blank=True,
            placeholder="(ikut kode induk)",
            hint="Kosongkan untuk mengikuti kode induk.",
        ),
        FieldSpec(
            "sumber", "Sumber (dasar hukum)", value=view.sumber if view else "", max_length=200
        ),
    ]

    def write(session: Any, v: Values) -> Any:
        kode = v["kode"].strip().upper()
        try:
            return ref.save_klasifikasi(
                session,
                actor=actor,
                kode=kode,
                uraian=v["uraian"],
                induk=ref.parent_code(kode) if kode else None,
                kelompok=v["kelompok"] or "",
                sumber=v["sumber"],
            )
        except ValidationError as exc:
            # The parent follows from the code, so a problem with it is shown at the code.
            errors = dict(exc.errors)
            if "induk" in errors:
                errors["kode"] = " ".join(filter(None, [errors.get("kode"), errors.pop("induk")]))
                if not v["kelompok"]:
                    errors.pop("kelompok", None)  # it would follow the parent, once there is one
            raise ValidationError(errors) from exc

    return fields, write


def jenis_naskah_form(view: Any, actor: Actor, units: Sequence[UnitView]) -> Form:
    """The jenis naskah form (``view`` None for a new one)."""
    fields = [
        FieldSpec(
            "kode",
            "Kode (dipakai pada nomor surat)",
            value=view.kode if view else "",
            placeholder="mis. Und",
            max_length=10,
            disabled=view is not None,
        ),
        FieldSpec("nama", "Nama", value=view.nama if view else "", max_length=120),
        FieldSpec("kelompok", "Kelompok", value=view.kelompok if view else "", max_length=60),
        FieldSpec(
            "pakai_klasifikasi",
            "Nomor memakai kode klasifikasi",
            kind="check",
            value=view.pakai_klasifikasi if view else True,
        ),
        FieldSpec(
            "sumber", "Sumber (dasar hukum)", value=view.sumber if view else "", max_length=200
        ),
    ]

    def write(session: Any, v: Values) -> Any:
        return ref.save_jenis_naskah(
            session,
            actor=actor,
            kode=v["kode"],
            nama=v["nama"],
            kelompok=v["kelompok"],
            pakai_klasifikasi=bool(v["pakai_klasifikasi"]),
            sumber=v["sumber"],
        )

    return fields, write


def option_form(view: Any, actor: Actor, units: Sequence[UnitView]) -> Form:
    """The pick-list entry form (``view`` None for a new one)."""
    fields = [
        FieldSpec(
            "kind",
            "Daftar",
            kind="select",
            value=view.kind if view else OptionKind.SIFAT,
            options=[(label, kind) for kind, label in KIND_LABELS.items()],
            disabled=view is not None,
        ),
        FieldSpec(
            "kode",
            "Kode",
            value=view.kode if view else "",
            placeholder="mis. segera",
            max_length=30,
            disabled=view is not None,
        ),
        FieldSpec("nama", "Nama", value=view.nama if view else "", max_length=120),
        FieldSpec("urutan", "Urutan", value=str(view.urutan) if view else "0", max_length=4),
    ]

    def write(session: Any, v: Values) -> Any:
        return ref.save_option(
            session,
            actor=actor,
            kind=v["kind"],
            kode=v["kode"],
            nama=v["nama"],
            urutan=_urutan(v),
        )

    return fields, write


def _unit_choices(units: Sequence[UnitView], exclude: str | None = None) -> list[tuple[str, str]]:
    return [(f"{u.kode} — {u.nama}", u.kode) for u in units if u.kode != exclude]


def unit_form(view: Any, actor: Actor, units: Sequence[UnitView]) -> Form:
    """The unit form (``view`` None for a new one)."""
    fields = [
        FieldSpec(
            "kode",
            "Kode",
            value=view.kode if view else "",
            placeholder="mis. SUBBAG_KUL",
            max_length=20,
            disabled=view is not None,
        ),
        FieldSpec("nama", "Nama unit", value=view.nama if view else "", max_length=160),
        FieldSpec(
            "jenis",
            "Jenis",
            kind="select",
            value=view.jenis if view else UnitJenis.SUBBAGIAN,
            options=[(j.value, j) for j in UnitJenis],
        ),
        FieldSpec(
            "induk",
            "Unit induk",
            kind="select",
            value=view.induk_kode if view else None,
            options=_unit_choices(units, view.kode if view else None),
            allow_blank=True,
            placeholder="(tanpa induk)",
        ),
        FieldSpec("urutan", "Urutan", value=str(view.urutan) if view else "0", max_length=4),
    ]

    def write(session: Any, v: Values) -> Any:
        return ref.save_unit(
            session,
            actor=actor,
            kode=v["kode"],
            nama=v["nama"],
            jenis=v["jenis"],
            induk=v["induk"],
            urutan=_urutan(v),
        )

    return fields, write


def jabatan_form(view: Any, actor: Actor, units: Sequence[UnitView]) -> Form:
    """The position and its holder form (``view`` None for a new one)."""
    fields = [
        FieldSpec(
            "kode",
            "Kode",
            value=view.kode if view else "",
            placeholder="mis. KASUBBAG_KUL",
            max_length=20,
            disabled=view is not None,
        ),
        FieldSpec("nama", "Nama jabatan", value=view.nama if view else "", max_length=160),
        FieldSpec("singkatan", "Singkatan", value=view.singkatan if view else "", max_length=40),
        FieldSpec(
            "unit",
            "Unit",
            kind="select",
            value=view.unit_kode if view else None,
            options=_unit_choices(units),
            allow_blank=True,
            placeholder="(pilih unit)",
        ),
        FieldSpec(
            "pemegang_nama",
            "Nama pemegang jabatan",
            value=view.pemegang_nama if view else "",
            max_length=120,
        ),
        FieldSpec(
            "pemegang_nip",
            "NIP pemegang (18 angka, boleh kosong)",
            value=view.pemegang_nip if view else "",
            max_length=21,
        ),
        FieldSpec(
            "pimpinan",
            "Pimpinan (Ketua/Anggota/Sekretaris)",
            kind="check",
            value=view.pimpinan if view else False,
        ),
        FieldSpec("urutan", "Urutan", value=str(view.urutan) if view else "0", max_length=4),
    ]

    def write(session: Any, v: Values) -> Any:
        return ref.save_jabatan(
            session,
            actor=actor,
            kode=v["kode"],
            nama=v["nama"],
            singkatan=v["singkatan"],
            unit=v["unit"] or "",
            pemegang_nama=v["pemegang_nama"],
            pemegang_nip=v["pemegang_nip"],
            pimpinan=bool(v["pimpinan"]),
            urutan=_urutan(v),
        )

    return fields, write


FORMS: dict[str, Callable[[Any, Actor, Sequence[UnitView]], Form]] = {
    "kl": klasifikasi_form,
    "jn": jenis_naskah_form,
    "op": option_form,
    "unit": unit_form,
    "jab": jabatan_form,
}
"""The form of each table of the Referensi area."""
