"""Database failures, translated into messages a user of the office can act on."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError


class StoreError(Exception):
    """A database problem with a message in Bahasa Indonesia.

    Attributes:
        kind: a short machine name (``locked``, ``readonly``, ``corrupt``, ``newer``,
            ``unopenable``, ``unknown``) so that callers can choose an exit code or a hint.
    """

    def __init__(self, message: str, kind: str = "unknown") -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def message(self) -> str:
        """The message for the user."""
        return str(self.args[0])


def translate(error: BaseException, where: str = "") -> StoreError:
    """Turn a SQLAlchemy/DB-API error into a :class:`StoreError` with an Indonesian message."""
    if isinstance(error, StoreError):
        return error
    text = str(getattr(error, "orig", None) or error).lower()
    place = f" ({where})" if where else ""
    if "locked" in text or "busy" in text:
        return StoreError(
            "Basis data sedang dipakai proses lain dan terkunci"
            f"{place}. Tunggu sebentar lalu coba lagi.",
            "locked",
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError(
            f"Basis data hanya dapat dibaca{place}: periksa hak tulis berkas dan foldernya.",
            "readonly",
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"Berkas basis data rusak atau bukan basis data kpu-tui{place}. "
            "Pulihkan dari cadangan (lihat folder cadangan pada 'kpu-tui info').",
            "corrupt",
        )
    if "unable to open" in text or "no such file" in text or "permission denied" in text:
        return StoreError(
            f"Berkas basis data tidak dapat dibuka{place}: periksa lokasi dan hak aksesnya.",
            "unopenable",
        )
    if isinstance(error, (OperationalError, DBAPIError, SQLAlchemyError)):
        return StoreError(f"Kesalahan basis data{place}: {error.__class__.__name__}.", "unknown")
    return StoreError(f"Kesalahan basis data{place}: {error}", "unknown")
