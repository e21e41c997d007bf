"""``kpu-tui demo``: build the demo office in a fresh database."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, CliError, open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``demo``."""
    parser = sub.add_parser(
        "demo", help="buat kantor contoh KPU Kota Bontang pada basis data yang masih kosong"
    )
    parser.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the demo office; refuse a database that already holds an office."""
    from kpu_tui.services import demo, office
    from kpu_tui.services.actor import SYSTEM

    with open_store(args) as store:
        with store.read() as session:
            if office.is_set_up(session):
                raise CliError(
                    "Basis data ini sudah berisi kantor; kantor contoh hanya dibuat pada basis "
                    "data baru (gunakan --db BERKAS_BARU)."
                )
        with store.write() as session:
            demo.build_demo_office(session, actor=SYSTEM)
    print("Kantor contoh KPU Kota Bontang dibuat.")
    print(f"Semua akun contoh memakai kata sandi: {demo.DEMO_PASSWORD}")
    print("Akun: " + ", ".join(u[0] for u in demo.DEMO_USERS))
    return EXIT_OK
