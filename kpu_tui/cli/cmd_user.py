"""``kpu-tui user add|list``: accounts from the command line, for scripting."""

from __future__ import annotations

import argparse
import getpass
import sys

from kpu_tui.models import Role

from .common import CLI_ACTOR_NAME, EXIT_OK, CliError, open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``user`` and its sub-commands."""
    parser = sub.add_parser("user", help="kelola akun pengguna")
    usub = parser.add_subparsers(dest="user_command", metavar="PERINTAH", required=True)
    add = usub.add_parser("add", help="tambah pengguna")
    add.add_argument("--username", required=True, help="nama pengguna untuk login")
    add.add_argument("--nama", required=True, help="nama lengkap")
    add.add_argument(
        "--peran",
        required=True,
        help="satu atau lebih peran dipisah koma: " + ", ".join(r.value for r in Role),
    )
    add.add_argument("--nip", default="", help="NIP (18 angka, boleh kosong)")
    add.add_argument("--jabatan", default="", help="jabatan")
    add.add_argument("--unit", default=None, help="kode unit (lihat layar Admin > Unit)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="baca kata sandi dari masukan standar (tanpa ini: ditanyakan)",
    )
    add.set_defaults(handler=cmd_add)
    lst = usub.add_parser("list", help="daftar pengguna")
    lst.set_defaults(handler=cmd_list)


def _parse_roles(text: str) -> tuple[Role, ...]:
    roles = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        try:
            roles.append(Role(name))
        except ValueError as exc:
            known = ", ".join(r.value for r in Role)
            raise CliError(f"Peran tidak dikenal: '{name}'. Pilihan: {known}.") from exc
    return tuple(roles)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("Kata sandi: gunakan --password-stdin bila tidak ada terminal.")
    first = getpass.getpass("Kata sandi: ")
    second = getpass.getpass("Ulangi kata sandi: ")
    if first != second:
        raise CliError("Kedua kata sandi tidak sama.")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    """Create an account as the system actor."""
    from sqlmodel import select

    from kpu_tui.models import Unit
    from kpu_tui.services import office, users
    from kpu_tui.services.actor import Actor

    roles = _parse_roles(args.peran)
    password = _read_password(args.password_stdin)
    actor = Actor(None, CLI_ACTOR_NAME, frozenset({Role.ADMIN}))
    with open_store(args) as store, store.write() as session:
        if not office.is_set_up(session):
            raise CliError(
                "Kantor belum disiapkan: jalankan 'kpu-tui' untuk penyiapan awal "
                "atau 'kpu-tui demo'."
            )
        unit_id = None
        if args.unit:
            unit = session.exec(select(Unit).where(Unit.kode == args.unit)).first()
            if unit is None:
                raise CliError(f"Unit dengan kode '{args.unit}' tidak ditemukan.")
            unit_id = unit.id
        view = users.create_user(
            session,
            actor=actor,
            form=users.UserForm(
                username=args.username,
                nama=args.nama,
                roles=roles,
                nip=args.nip,
                jabatan=args.jabatan,
                unit_id=unit_id,
                password=password,
            ),
        )
    print(f"Pengguna '{view.username}' ({view.nama}) dibuat dengan peran {view.role_labels}.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """Print every account."""
    from kpu_tui.services import users

    with open_store(args) as store, store.read() as session:
        rows = users.list_users(session)
    for view in rows:
        state = "aktif" if view.aktif else "nonaktif"
        print(f"{view.username:<20} {view.nama:<36} {state:<9} {view.role_labels}")
    return EXIT_OK
