"""``kpu-tui print agenda-masuk / disposisi / tanda-terima / kartu-kendali`` as a user runs them:
a real process against the demo office with letters registered through the services."""

from __future__ import annotations

from pathlib import Path

from kpu_tui.config import Settings
from kpu_tui.services import surat_masuk as sm
from kpu_tui.store import Store
from tests.e2e.test_cli_print import run
from tests.printing.helpers import PRINTED_BY, page_sizes, page_texts
from tests.printing.test_surat_masuk import NOW, dispose_chain, petugas, register


def _db(settings: Settings) -> Path:
    path = settings.database_path
    assert path is not None
    return path


def _letters(store: Store) -> tuple[sm.SuratRow, sm.SuratRow]:
    """A disposed letter and a cancelled one, both received on 2 March 2026."""
    actor = petugas(store)
    disposed = register(store, actor, asal="Łukasz Ñoño", klasifikasi="PL.01")
    dispose_chain(store, actor, disposed.id)
    cancelled = register(store, actor, nomor_surat="9/B", perihal="Surat yang salah dicatat")
    with store.write() as session:
        sm.cancel(session, actor=actor, surat_id=cancelled.id, alasan="Surat ganda", now=NOW)
    return disposed, cancelled


def test_letter_papers(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    disposed, cancelled = _letters(demo_store)
    db = _db(settings)
    nomor = str(disposed.nomor_agenda)
    cases = {
        "disposisi": ("LEMBAR DISPOSISI", "Segera dibahas dalam rapat pleno."),
        "tanda-terima": ("TANDA TERIMA SURAT MASUK", "Lembar 2: untuk arsip"),
        "kartu-kendali": ("KARTU KENDALI SURAT MASUK", "Pengolah Dewi Kartika Sari"),
    }
    for document, expected in cases.items():
        target = tmp_path / f"{document}.pdf"
        result = run(
            tmp_path,
            *("print", document, "--agenda", nomor, "--tahun", "2026", "-o", str(target)),
            *("--oleh", PRINTED_BY),
            db=db,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"PDF ditulis: {target} (1 halaman)"
        text = page_texts(target)[0]
        for line in (*expected, "KOMISI PEMILIHAN UMUM KOTA BONTANG", "Łukasz Ñoño"):
            assert line in text, (document, line)
        assert disposed.agenda_teks in text
        assert f"WITA oleh {PRINTED_BY}" in text and "Halaman 1 dari 1" in text
        assert page_sizes(target) == [(595.3, 841.9)]
    assert not list(tmp_path.glob(".*.tmp"))

    # The agenda as printed ("0002/2026") names the year itself; F4 on request.
    target = tmp_path / "batal.pdf"
    result = run(
        tmp_path,
        *("print", "disposisi", "--agenda", cancelled.agenda_teks, "--kertas", "f4"),
        *("-o", str(target)),
        db=db,
    )
    assert result.returncode == 0, result.stderr
    text = page_texts(target)[0]
    assert "BATAL" in text and "Surat ganda" in text
    assert page_sizes(target) == [(609.4, 935.4)]


def test_agenda_masuk(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    disposed, cancelled = _letters(demo_store)
    target = tmp_path / "agenda.pdf"
    result = run(
        tmp_path,
        *("print", "agenda-masuk", "--dari", "1 Maret 2026", "--sampai", "31/03/2026"),
        *("-o", str(target), "--oleh", PRINTED_BY),
        db=_db(settings),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"PDF ditulis: {target} (1 halaman)"
    text = page_texts(target)[0]
    assert page_sizes(target) == [(841.9, 595.3)]
    for expected in (
        "BUKU AGENDA SURAT MASUK Periode 1 Maret 2026 s.d. 31 Maret 2026",
        f"{disposed.agenda_teks} 2 Mar 2026 005/PL.01/2026 Łukasz Ñoño",
        "Sekretaris Dalam proses, batas 5 Mar 2026",
        f"{cancelled.agenda_teks} 2 Mar 2026 9/B",
        "BATAL: Surat ganda",
        "Jumlah surat masuk: 2",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected


def test_errors_are_explained(tmp_path: Path, settings: Settings, demo_store: Store) -> None:
    _letters(demo_store)
    db = _db(settings)
    out = str(tmp_path / "x.pdf")
    cases = [
        (
            ("print", "disposisi", "--agenda", "77", "--tahun", "2026", "-o", out),
            "Tidak ada surat masuk dengan nomor agenda 77 tahun 2026.",
        ),
        (
            ("print", "kartu-kendali", "--agenda", "lima", "-o", out),
            "--agenda: nomor agenda tidak dikenali: 'lima'",
        ),
        (
            ("print", "tanda-terima", "--agenda", "1/2025", "--tahun", "2026", "-o", out),
            "--tahun 2026 tidak sama dengan tahun dalam --agenda (2025).",
        ),
        (
            ("print", "agenda-masuk", "--dari", "31/3/2026", "--sampai", "1/3/2026", "-o", out),
            "tanggal akhir periode sebelum tanggal awal",
        ),
        (
            ("print", "agenda-masuk", "--dari", "32/3/2026", "--sampai", "1/4/2026", "-o", out),
            "--dari: Tanggal tidak dikenali: '32/3/2026'",
        ),
        (("print", "disposisi", "-o", out), "--agenda"),
    ]
    for args, message in cases:
        result = run(tmp_path, *args, db=db)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
    assert not (tmp_path / "x.pdf").exists()


def test_letter_papers_need_the_database(tmp_path: Path) -> None:
    db = tmp_path / "tidak-ada.sqlite3"
    result = run(
        tmp_path, "print", "disposisi", "--agenda", "1", "-o", str(tmp_path / "x.pdf"), db=db
    )
    assert result.returncode == 2
    assert "Berkas basis data tidak ada" in result.stderr
    assert not db.exists()


def test_help_lists_the_new_documents(tmp_path: Path) -> None:
    result = run(tmp_path, "print", "--help")
    assert result.returncode == 0
    for name in ("agenda-masuk", "disposisi", "tanda-terima", "kartu-kendali"):
        assert name in result.stdout
