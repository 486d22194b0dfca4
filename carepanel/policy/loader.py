"""Finding and loading the policy packs (`policies/*.toml`)."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

from .errors import PackError, UnknownAuthority
from .schema import Pack, parse_pack

# The packs sit beside the package in a checkout (`policies/` at the repository root);
# CAREPANEL_POLICIES points elsewhere, e.g. a council's own folder in production.
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "policies"


def policies_dir() -> Path:
    return Path(os.environ.get("CAREPANEL_POLICIES", DEFAULT_DIR))


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_pack_file(path: Path) -> Pack:
    """Read and validate one pack; raise PackError naming the file, key and problem."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(name, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(name, "", f"cannot be read ({error.__class__.__name__})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PackError(name, "", f"is not valid TOML: {error}") from None
    return parse_pack(name, data)


def pack_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or policies_dir()).glob("*.toml"))


@lru_cache(maxsize=8)
def _load_dir(directory: Path) -> dict[str, Pack]:
    packs: dict[str, Pack] = {}
    for path in pack_files(directory):
        pack = load_pack_file(path)
        if pack.authority.id != path.stem:
            raise PackError(
                pack.file,
                "authority.id",
                f"{pack.authority.id!r} must match the file name {path.stem!r}",
            )
        packs[pack.authority.id] = pack
    if not packs:
        raise PackError(display_path(directory), "", "holds no policy packs (*.toml)")
    return dict(sorted(packs.items(), key=lambda item: item[1].authority.name))


def load_packs(directory: Path | None = None) -> dict[str, Pack]:
    """Every pack in the folder, keyed by authority id, in order of authority name.

    Packs are read once per process: they change with a deployment, not a request.
    """
    return _load_dir((directory or policies_dir()).resolve())


def get_pack(authority: str, directory: Path | None = None) -> Pack:
    packs = load_packs(directory)
    if authority not in packs:
        raise UnknownAuthority(authority, sorted(packs))
    return packs[authority]
