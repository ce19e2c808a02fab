"""The roles in config/roles.toml as a checked model: what each role may do, which pages need what."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ccbio import config

ROLES_FILE = config.ROOT / "config" / "roles.toml"
PERMISSIONS = frozenset({"view", "edit_followups", "ingest", "view_audit", "manage_accounts"})
SCOPES = ("city", "parks")


class RolesConfigError(ValueError):
    """config/roles.toml is malformed: the message names the role and the key."""


@dataclass(frozen=True)
class Role:
    """One role: its id, names, scope ('city' or 'parks') and permissions."""

    id: str
    name_zh: str
    name_en: str
    scope: str
    can: frozenset[str]

    def name(self, lang: str) -> str:
        """Return the role's name in 'zh' or 'en'."""
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class SignInPolicy:
    """Lock-out and session lifetime."""

    max_failures: int
    lockout_minutes: int
    session_hours: int
    min_password_length: int


@dataclass(frozen=True)
class RolesConfig:
    """Every role, the permission each page needs, the sign-in policy and the SSO claim names."""

    roles: dict[str, Role]
    pages: dict[str, str]
    sign_in: SignInPolicy
    role_claim: str
    parks_claim: str

    def role(self, role_id: str) -> Role:
        """Return the role `role_id`; an unknown id raises KeyError."""
        return self.roles[role_id]

    def page_permission(self, url_path: str) -> str:
        """Return the permission that opens the page at `url_path` ('view' unless listed)."""
        return self.pages.get(url_path, "view")


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RolesConfigError(f"{where}: '{key}' must be a non-empty text")
    return value


def _positive(table: dict, key: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise RolesConfigError(f"[sign_in]: '{key}' must be a positive whole number")
    return value


def parse(raw: dict) -> RolesConfig:
    """Return the checked model of a parsed roles.toml; raise RolesConfigError on any mistake."""
    roles = {}
    for role_id, table in (raw.get("roles") or {}).items():
        where = f"[roles.{role_id}]"
        scope = _text(table, "scope", where)
        if scope not in SCOPES:
            raise RolesConfigError(
                f"{where}: scope must be one of {', '.join(SCOPES)}, not {scope!r}"
            )
        can = table.get("can")
        if not isinstance(can, list) or not all(isinstance(c, str) for c in can):
            raise RolesConfigError(f"{where}: 'can' must be a list of permissions")
        unknown = sorted(set(can) - PERMISSIONS)
        if unknown:
            raise RolesConfigError(f"{where}: unknown permission(s) {', '.join(unknown)}")
        roles[role_id] = Role(
            role_id,
            _text(table, "name_zh", where),
            _text(table, "name_en", where),
            scope,
            frozenset(can),
        )
    if not roles:
        raise RolesConfigError("no [roles.*] table: at least one role is needed")
    pages = raw.get("pages") or {}
    for page, permission in pages.items():
        if permission not in PERMISSIONS:
            raise RolesConfigError(
                f"[pages]: page {page!r} needs unknown permission {permission!r}"
            )
    sign_in = raw.get("sign_in") or {}
    policy = SignInPolicy(
        *(
            _positive(sign_in, k)
            for k in ("max_failures", "lockout_minutes", "session_hours", "min_password_length")
        )
    )
    sso = raw.get("sso") or {}
    return RolesConfig(
        roles,
        dict(pages),
        policy,
        _text(sso, "role_claim", "[sso]"),
        _text(sso, "parks_claim", "[sso]"),
    )


def load(path: Path = ROLES_FILE) -> RolesConfig:
    """Return the checked roles of `path` (config/roles.toml by default)."""
    with open(path, "rb") as f:
        try:
            raw = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise RolesConfigError(f"{path.name}: {exc}") from exc
    return parse(raw)


@cache
def roles() -> RolesConfig:
    """Return config/roles.toml, read once per process."""
    return load()
