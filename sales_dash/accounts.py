"""The account store: who may sign in, with which role and scope (issue 13).

Kept in the lake folder as ``_accounts.json``, replaced atomically like the manifest and
changed under a lock of its own (``_accounts.lock``) so that sign-ins never wait for an
upload. Passwords are stored only as Argon2id hashes (``argon2-cffi``). An account with
no password is a single sign-on entry: its name is the value of the identity provider's
claim (an e-mail address, or a group name) and it can only be used through ``st.login``.

Failed sign-ins are counted per name tried, known or not, so that the answer (and the
lockout) never tells whether a name exists; they are kept for the failure window only.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sales_dash.access import Access, Role
from sales_dash.lake import Lake, atomic_write_bytes
from sales_dash.settings import setting

ACCOUNTS = "_accounts.json"
ACCOUNTS_LOCK = "_accounts.lock"
MAX_NAME_CHARS = 200
MAX_PASSWORD_CHARS = 1024
"""Longer than any passphrase; a longer one is refused unhashed (no megabytes to hash)."""
_HASHER = PasswordHasher()  # Argon2id with the library's recommended parameters


@cache
def _dummy_hash() -> str:
    """A hash no password opens: an unknown name is verified against it, so that it takes
    as long as a known one. Made at the first sign-in, not at import: a hash is 0.17 s
    and 64 MiB of every start of the server, signed in or not."""
    return _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """A change the store refuses; ``key`` and ``values`` make the message (i18n.py)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class SignInRefused(Exception):
    """Wrong name or password, or too many failures: ``retry_at`` says until when."""

    def __init__(self, retry_at: dt.datetime | None = None) -> None:
        super().__init__("signin_locked" if retry_at else "signin_wrong")
        self.retry_at = retry_at


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    regions: frozenset[str] | None = None
    reps: frozenset[str] | None = None
    password_hash: str | None = None
    """Argon2id hash; None for a single sign-on entry."""

    @property
    def sso(self) -> bool:
        return self.password_hash is None

    def access(self) -> Access:
        return Access(self.role, self.regions, self.reps, user=self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "regions": sorted(self.regions) if self.regions is not None else None,
            "reps": sorted(self.reps) if self.reps is not None else None,
            "password": self.password_hash,
        }

    @classmethod
    def from_json(cls, name: str, raw: Mapping[str, Any]) -> Account:
        regions, reps = raw.get("regions"), raw.get("reps")
        return cls(
            name=name,
            role=Role(raw["role"]),
            regions=frozenset(regions) if regions is not None else None,
            reps=frozenset(reps) if reps is not None else None,
            password_hash=raw.get("password"),
        )


@dataclass(frozen=True)
class Lockout:
    """The lockout rule: ``failures`` wrong passwords within ``window`` lock a name for
    ``duration``."""

    failures: int
    window: dt.timedelta
    duration: dt.timedelta

    @classmethod
    def from_settings(cls) -> Lockout:
        return cls(
            failures=int(setting("signin_max_failures")),
            window=dt.timedelta(seconds=float(setting("signin_failure_window"))),
            duration=dt.timedelta(seconds=float(setting("signin_lockout_seconds"))),
        )


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


class AccountStore:
    """The accounts of one lake folder. Every call reads the file: never stale."""

    def __init__(self, lake: Lake | Path | str) -> None:
        self.root = lake.root if isinstance(lake, Lake) else Path(lake)

    @property
    def path(self) -> Path:
        return self.root / ACCOUNTS

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"accounts": {}, "failures": {}}
        raw.setdefault("accounts", {})
        raw.setdefault("failures", {})
        return raw

    def _write(self, raw: Mapping[str, Any]) -> None:
        text = json.dumps(raw, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_bytes(self.path, text.encode("utf-8"))

    @contextmanager
    def _changing(self) -> Iterator[dict[str, Any]]:
        """The store's content to change in place, written back atomically under the lock."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ACCOUNTS_LOCK, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                raw = self._read()
                yield raw
                self._write(raw)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def accounts(self) -> list[Account]:
        """Every account, by name."""
        raw = self._read()["accounts"]
        return [Account.from_json(name, raw[name]) for name in sorted(raw)]

    def get(self, name: str) -> Account | None:
        raw = self._read()["accounts"].get(name)
        return Account.from_json(name, raw) if raw is not None else None

    def has_accounts(self) -> bool:
        return bool(self._read()["accounts"])

    def add(
        self,
        name: str,
        role: Role,
        *,
        regions: Iterable[str] | None = None,
        reps: Iterable[str] | None = None,
        password: str | None = None,
    ) -> Account:
        """A new account; ``password`` None makes a single sign-on entry."""
        name = _valid_name(name)
        if password is not None and not password:
            raise AccountError("users_empty_password")
        if password is not None and len(password) > MAX_PASSWORD_CHARS:
            raise AccountError("users_long_password")
        account = Account(
            name=name,
            role=role,
            regions=frozenset(regions) if regions else None,
            reps=frozenset(reps) if reps else None,
            password_hash=_HASHER.hash(password) if password is not None else None,
        )
        with self._changing() as raw:
            if name in raw["accounts"]:
                raise AccountError("users_exists", name=name)
            raw["accounts"][name] = account.to_json()
        return account

    def remove(self, name: str) -> None:
        with self._changing() as raw:
            if raw["accounts"].pop(name, None) is None:
                raise AccountError("users_unknown", name=name)
            raw["failures"].pop(name, None)

    def set_password(self, name: str, password: str) -> None:
        """A new password (also turns a single sign-on entry into a local account)."""
        if not password or len(password) > MAX_PASSWORD_CHARS:
            raise AccountError("users_empty_password" if not password else "users_long_password")
        hashed = _HASHER.hash(password)
        with self._changing() as raw:
            entry = raw["accounts"].get(name)
            if entry is None:
                raise AccountError("users_unknown", name=name)
            entry["password"] = hashed
            raw["failures"].pop(name, None)

    def locked_until(
        self, name: str, lockout: Lockout, now: dt.datetime | None = None
    ) -> dt.datetime | None:
        """When ``name`` may try again, or None if it is not locked now."""
        return _locked_until(self._read()["failures"].get(name, []), lockout, _now(now))

    def sign_in(
        self,
        name: str,
        password: str,
        *,
        lockout: Lockout | None = None,
        now: dt.datetime | None = None,
    ) -> Access:
        """The access of ``name`` if ``password`` is its password; SignInRefused otherwise
        (the same for an unknown name, a wrong password and a single sign-on entry)."""
        lockout = lockout or Lockout.from_settings()
        moment = _now(now)
        name = name.strip()[:MAX_NAME_CHARS]
        if len(password) > MAX_PASSWORD_CHARS:
            password = ""  # never any account's password: refused like a wrong one
        with self._changing() as raw:
            failures = _recent(raw["failures"].get(name, []), lockout, moment)
            retry_at = _locked_until(failures, lockout, moment)
            if retry_at is not None:
                raise SignInRefused(retry_at)
            entry = raw["accounts"].get(name)
            account = Account.from_json(name, entry) if entry is not None else None
            if account is None:
                _dummy_verify(password)
            elif _verify(account.password_hash, password):
                raw["failures"].pop(name, None)
                if account.password_hash and _HASHER.check_needs_rehash(account.password_hash):
                    entry["password"] = _HASHER.hash(password)  # type: ignore[index]
                _prune(raw["failures"], lockout, moment)
                return account.access()
            failures.append(moment.isoformat(timespec="seconds"))
            raw["failures"][name] = failures
            _prune(raw["failures"], lockout, moment)
            retry_at = _locked_until(failures, lockout, moment)
        raise SignInRefused(retry_at)

    def sso_access(self, claim: object) -> Access | None:
        """The access of the first single sign-on entry named by ``claim`` (one value, such
        as an e-mail address, or a list of them, such as groups); None when none is."""
        values = claim if isinstance(claim, list | tuple) else [claim]
        raw = self._read()["accounts"]
        for value in values:
            if not isinstance(value, str):
                continue
            for candidate in (value, value.strip().lower()):
                entry = raw.get(candidate)
                if entry is not None and entry.get("password") is None:
                    return Account.from_json(candidate, entry).access()
        return None


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise AccountError("users_bad_name", name=name[:MAX_NAME_CHARS])
    return name


def _verify(password_hash: str | None, password: str) -> bool:
    _dummy_hash()  # made (once) whatever the name: the first sign-in's time tells nothing
    if password_hash is None:  # an unknown name or a single sign-on entry: nothing opens it
        _dummy_verify(password)
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy_verify(password: str) -> None:
    with suppress(VerificationError):
        _HASHER.verify(_dummy_hash(), password)


def _recent(failures: list[str], lockout: Lockout, now: dt.datetime) -> list[str]:
    """The failures still inside the window (or the lockout they started)."""
    keep = max(lockout.window, lockout.duration)
    return [f for f in failures if now - dt.datetime.fromisoformat(f) < keep]


def _locked_until(failures: list[str], lockout: Lockout, now: dt.datetime) -> dt.datetime | None:
    """Locked while the last ``lockout.failures`` failures fell within the window and the
    last of them is less than the lockout's duration ago."""
    if len(failures) < lockout.failures:
        return None
    times = sorted(dt.datetime.fromisoformat(f) for f in failures)[-lockout.failures :]
    if times[-1] - times[0] > lockout.window:
        return None
    until = times[-1] + lockout.duration
    return until if now < until else None


def _prune(failures: dict[str, list[str]], lockout: Lockout, now: dt.datetime) -> None:
    """Forget failures older than the window, so that names tried once do not pile up."""
    for name in list(failures):
        recent = _recent(failures[name], lockout, now)
        if recent:
            failures[name] = recent
        else:
            del failures[name]


SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml",)
"""Besides the project's own ``.streamlit/secrets.toml``, where Streamlit reads secrets."""


def sso_configured(project_root: Path) -> bool:
    """Whether ``st.login`` is configured: an ``[auth]`` table in a secrets file Streamlit
    reads when started from ``project_root`` (as ``sales-dash serve`` starts it)."""
    for path in (project_root / ".streamlit" / "secrets.toml", *SECRETS_FILES):
        try:
            with open(path, "rb") as handle:
                if isinstance(tomllib.load(handle).get("auth"), dict):
                    return True
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return False


def sign_in_required(lake: Lake, project_root: Path) -> bool:
    """Whether sessions must sign in: local accounts exist or single sign-on is set up."""
    return AccountStore(lake).has_accounts() or sso_configured(project_root)
