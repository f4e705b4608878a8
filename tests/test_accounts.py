"""The account store (branch auth, issue 13): hashes, verification, lockout, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sales_dash.access import Access, Role
from sales_dash.accounts import ACCOUNTS, AccountError, AccountStore, Lockout, SignInRefused

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
RULE = Lockout(failures=3, window=dt.timedelta(minutes=15), duration=dt.timedelta(minutes=10))
SECRET = "correct horse 电池 staple"


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


@pytest.fixture
def store(tmp_path: Path) -> AccountStore:
    accounts = AccountStore(tmp_path)
    accounts.add("wang", Role.REGION_MANAGER, regions=["华东", "华南"], password=SECRET)
    return accounts


def test_the_password_is_stored_only_as_an_argon2id_hash(store: AccountStore) -> None:
    raw = store.path.read_bytes()
    assert SECRET.encode() not in raw and "电池".encode() not in raw
    entry = json.loads(raw)["accounts"]["wang"]
    assert entry["password"].startswith("$argon2id$")
    assert entry == {
        "role": "region_manager",
        "regions": ["华东", "华南"],
        "reps": None,
        "password": entry["password"],
    }


def test_the_right_password_gives_the_accounts_access(store: AccountStore) -> None:
    access = store.sign_in("wang", SECRET, lockout=RULE, now=T0)
    assert access == Access(Role.REGION_MANAGER, frozenset({"华东", "华南"}), None, user="wang")


@pytest.mark.parametrize(
    ("name", "password"),
    [("wang", "wrong"), ("nobody", SECRET), ("wang", ""), ("", ""), ("wang", SECRET + "x" * 2000)],
)
def test_a_wrong_name_or_password_is_refused_alike(
    store: AccountStore, name: str, password: str
) -> None:
    with pytest.raises(SignInRefused) as refused:
        store.sign_in(name, password, lockout=RULE, now=T0)
    assert refused.value.retry_at is None


def test_a_single_sign_on_entry_opens_with_no_password(tmp_path: Path) -> None:
    store = AccountStore(tmp_path)
    store.add("li@example.com", Role.REP, reps=["R07"])
    for password in ("", "anything"):
        with pytest.raises(SignInRefused):
            store.sign_in("li@example.com", password, lockout=RULE, now=T0)
    assert store.sso_access("li@example.com") == Access(
        Role.REP, None, frozenset({"R07"}), user="li@example.com"
    )
    assert store.sso_access("LI@example.com") == store.sso_access("li@example.com")
    assert store.sso_access("zhao@example.com") is None


def test_a_groups_claim_maps_through_the_first_group_with_an_entry(tmp_path: Path) -> None:
    store = AccountStore(tmp_path)
    store.add("sales-east", Role.REGION_MANAGER, regions=["华东"])
    store.add("local", Role.ADMIN, password=SECRET)
    access = store.sso_access(["everyone", "sales-east"])
    assert access is not None and access.regions == frozenset({"华东"})
    assert store.sso_access(["everyone", "local"]) is None  # a password account is not SSO
    assert store.sso_access(None) is None


def test_lockout_after_repeated_failures_and_its_expiry(store: AccountStore) -> None:
    for minute in (0, 1):
        with pytest.raises(SignInRefused) as refused:
            store.sign_in("wang", "wrong", lockout=RULE, now=minutes(minute))
        assert refused.value.retry_at is None
    with pytest.raises(SignInRefused) as refused:  # the third failure within 15 minutes
        store.sign_in("wang", "wrong", lockout=RULE, now=minutes(2))
    assert refused.value.retry_at == minutes(12)  # 10 minutes after the last failure
    # while locked, even the right password is refused, and says until when
    with pytest.raises(SignInRefused) as refused:
        store.sign_in("wang", SECRET, lockout=RULE, now=minutes(11))
    assert refused.value.retry_at == minutes(12)
    assert store.locked_until("wang", RULE, now=minutes(11)) == minutes(12)
    assert store.locked_until("wang", RULE, now=minutes(12)) is None
    assert store.sign_in("wang", SECRET, lockout=RULE, now=minutes(12)).user == "wang"
    # a success forgets the failures: two more do not lock again
    for minute in (13, 14):
        with pytest.raises(SignInRefused) as refused:
            store.sign_in("wang", "wrong", lockout=RULE, now=minutes(minute))
        assert refused.value.retry_at is None


def test_failures_spread_wider_than_the_window_do_not_lock(store: AccountStore) -> None:
    for minute in (0, 10, 20):
        with pytest.raises(SignInRefused) as refused:
            store.sign_in("wang", "wrong", lockout=RULE, now=minutes(minute))
        assert refused.value.retry_at is None
    assert store.sign_in("wang", SECRET, lockout=RULE, now=minutes(21)).user == "wang"


def test_an_unknown_name_locks_like_a_known_one(store: AccountStore) -> None:
    """Otherwise the lockout message would tell which names exist."""
    for minute in (0, 1):
        with pytest.raises(SignInRefused):
            store.sign_in("nobody", "x", lockout=RULE, now=minutes(minute))
    with pytest.raises(SignInRefused) as refused:
        store.sign_in("nobody", "x", lockout=RULE, now=minutes(2))
    assert refused.value.retry_at == minutes(12)


def test_old_failures_are_forgotten(store: AccountStore) -> None:
    with pytest.raises(SignInRefused):
        store.sign_in("someone", "x", lockout=RULE, now=T0)
    assert "someone" in json.loads(store.path.read_text())["failures"]
    store.sign_in("wang", SECRET, lockout=RULE, now=minutes(16))
    assert json.loads(store.path.read_text())["failures"] == {}


def test_add_remove_passwd(store: AccountStore) -> None:
    with pytest.raises(AccountError) as exists:
        store.add("wang", Role.ADMIN, password="x")
    assert exists.value.key == "users_exists"
    store.set_password("wang", "new secret")
    with pytest.raises(SignInRefused):
        store.sign_in("wang", SECRET, lockout=RULE, now=T0)
    assert store.sign_in("wang", "new secret", lockout=RULE, now=T0).user == "wang"
    store.remove("wang")
    assert store.accounts() == [] and not store.has_accounts()
    for change in (lambda: store.remove("wang"), lambda: store.set_password("wang", "x")):
        with pytest.raises(AccountError) as unknown:
            change()
        assert unknown.value.key == "users_unknown"
    with pytest.raises(AccountError) as empty:
        store.add("zhou", Role.ADMIN, password="")
    assert empty.value.key == "users_empty_password"


def test_writes_are_atomic_and_leave_no_temporary_file(store: AccountStore) -> None:
    """Every change replaces the file in one rename: a reader never sees half of it."""
    before = store.path.stat().st_ino
    store.add("zhao", Role.CLERK, regions=["华北"], password="p")
    assert store.path.stat().st_ino != before  # a new file, renamed over the old one
    assert sorted(p.name for p in store.root.iterdir()) == [ACCOUNTS, "_accounts.lock"]
    assert [a.name for a in store.accounts()] == ["wang", "zhao"]
