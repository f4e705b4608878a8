"""`sales-dash users` and the bind rule of `sales-dash serve` (branch auth, issue 13)."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sales_dash.access import Role
from sales_dash.accounts import ACCOUNTS, AccountStore, SignInRefused
from sales_dash.cli import main

SECRET = "s3cret-东区"


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize(
    ("language", "added", "listed", "removed"),
    [
        (
            "en",
            "Added user wang (Region manager).\n",
            [
                "User            Role            Scope                Sign-in      Locked until",
                "li@example.com  Sales rep       reps: R07            company SSO",
                "wang            Region manager  regions: 华东, 华南  password",
            ],
            "Removed user wang.\n",
        ),
        (
            "zh",
            "已添加用户 wang（大区经理）。\n",
            [
                "用户            角色      范围              登录方式  锁定至",
                "li@example.com  业务员    业务员：R07       公司账号",
                "wang            大区经理  区域：华东, 华南  密码",
            ],
            "已删除用户 wang。\n",
        ),
    ],
)
def test_users_add_list_remove(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    added: str,
    listed: list[str],
    removed: str,
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
    data = ("--data", str(tmp_path))
    code, out, err = run(
        capsys, monkeypatch,
        "users", "add", "wang", "--role", "region_manager", "--region", "华东", "--region", "华南",
        "--password-stdin", *data, stdin=SECRET + "\n",
    )  # fmt: skip
    assert (code, out, err) == (0, added, "")
    code, _, _ = run(capsys, monkeypatch, "users", "add", "li@example.com", "--role", "rep",
                     "--rep", "R07", "--sso", *data)  # fmt: skip
    assert code == 0
    code, out, err = run(capsys, monkeypatch, "users", "list", *data)
    assert (code, err) == (0, "")
    assert [line.rstrip() for line in out.splitlines()] == listed
    assert SECRET not in (tmp_path / ACCOUNTS).read_text(encoding="utf-8")
    assert AccountStore(tmp_path).sign_in("wang", SECRET).user == "wang"
    code, out, err = run(capsys, monkeypatch, "users", "remove", "wang", *data)
    assert (code, out, err) == (0, removed, "")
    assert [a.name for a in AccountStore(tmp_path).accounts()] == ["li@example.com"]


@pytest.mark.parametrize(
    ("language", "argv", "stdin", "message"),
    [
        ("en", ("remove", "nobody"), "", "sales-dash: There is no user nobody.\n"),
        ("zh", ("remove", "nobody"), "", "sales-dash: 没有用户 nobody。\n"),
        ("en", ("passwd", "nobody", "--password-stdin"), "x\n",
         "sales-dash: There is no user nobody.\n"),
        (
            "en",
            ("add", "zhou", "--role", "admin", "--password-stdin"),
            "\n",
            "sales-dash: The password must not be empty.\n",
        ),
        ("zh", ("add", "zhou", "--role", "admin", "--password-stdin"), "\n",
         "sales-dash: 密码不能为空。\n"),
    ],
)  # fmt: skip
def test_users_refusals_are_one_sentence_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    argv: tuple[str, ...],
    stdin: str,
    message: str,
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
    code, out, err = run(capsys, monkeypatch, "users", *argv, "--data", str(tmp_path), stdin=stdin)
    assert (code, out, err) == (2, "", message)
    assert AccountStore(tmp_path).accounts() == []


def test_users_add_twice_and_passwd(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    data = ("--data", str(tmp_path))
    add = ("users", "add", "zhao", "--role", "clerk", "--region", "华北", "--password-stdin")
    assert run(capsys, monkeypatch, *add, *data, stdin="one\n")[0] == 0
    assert run(capsys, monkeypatch, *add, *data, stdin="two\n") == (
        2, "", "sales-dash: User zhao already exists.\n"
    )  # fmt: skip
    code, out, _ = run(
        capsys, monkeypatch, "users", "passwd", "zhao", "--password-stdin", *data, stdin="two\n"
    )
    assert (code, out) == (0, "Changed the password of zhao.\n")
    assert AccountStore(tmp_path).sign_in("zhao", "two").regions == frozenset({"华北"})


def test_users_list_with_no_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    code, out, _ = run(capsys, monkeypatch, "users", "list", "--data", str(tmp_path))
    assert code == 0 and out.startswith("No users yet")


def test_the_password_prompt_never_echoes(tmp_path: Path) -> None:
    """Without --password-stdin the password is asked twice through getpass; with no
    terminal getpass reads stdin, so two different lines are refused."""
    answer = subprocess.run(
        [sys.executable, "-m", "sales_dash", "users", "add", "x", "--role", "admin",
         "--data", str(tmp_path)],
        input="one\ntwo\n", capture_output=True, text=True, timeout=60,
        env={"SALES_DASH_LANGUAGE": "en", "PATH": "", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert answer.returncode == 2
    assert answer.stderr.splitlines()[-1] == (
        "sales-dash: The two passwords differ; nothing was changed."
    )
    assert "one" not in answer.stdout and "two" not in answer.stdout
    assert not (tmp_path / ACCOUNTS).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "sales-dash: Refusing to listen on 0.0.0.0 without sign-in: add users with "
            "`sales-dash users add` or configure single sign-on ([auth] in "
            ".streamlit/secrets.toml) first.\n",
        ),
        (
            "zh",
            "sales-dash: 没有配置登录时不能在 0.0.0.0 上提供服务：请先用 `sales-dash users add` "
            "添加用户，或在 .streamlit/secrets.toml 中配置 [auth] 单点登录。\n",
        ),
    ],
)
def test_serve_refuses_other_interfaces_without_sign_in(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    message: str,
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
    code, out, err = run(
        capsys, monkeypatch, "serve", "--host", "0.0.0.0", "--data", str(tmp_path / "lake")
    )
    assert (code, out, err) == (2, "", message)


def test_accounts_file_is_json_with_hashes_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, monkeypatch, "users", "add", "a", "--role", "director", "--password-stdin",
        "--data", str(tmp_path), stdin="pw-123\n")  # fmt: skip
    entry = json.loads((tmp_path / ACCOUNTS).read_text(encoding="utf-8"))["accounts"]["a"]
    assert entry["role"] == "director" and entry["password"].startswith("$argon2id$")


def test_users_list_shows_until_when_a_name_is_locked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    monkeypatch.setenv("SALES_DASH_SIGNIN_MAX_FAILURES", "2")
    store = AccountStore(tmp_path)
    store.add("wang", Role.DIRECTOR, password=SECRET)
    for _ in range(2):
        with pytest.raises(SignInRefused):
            store.sign_in("wang", "wrong")
    _, out, _ = run(capsys, monkeypatch, "users", "list", "--data", str(tmp_path))
    row = out.splitlines()[1]
    assert re.fullmatch(r"wang +Sales director +all +password +\d{4}-\d\d-\d\d \d\d:\d\d", row)
    # a new password unlocks
    run(capsys, monkeypatch, "users", "passwd", "wang", "--password-stdin", "--data",
        str(tmp_path), stdin="new\n")  # fmt: skip
    _, out, _ = run(capsys, monkeypatch, "users", "list", "--data", str(tmp_path))
    assert out.splitlines()[1].rstrip().endswith("password")


def test_serve_without_sign_in_says_it_serves_this_machine_only(tmp_path: Path) -> None:
    """The sentence comes before Streamlit starts; the server is stopped at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "sales_dash", "serve", "--port", str(port),
         "--data", str(tmp_path / "lake"), "--server.headless=true"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "SALES_DASH_LANGUAGE": "en"},
    )  # fmt: skip
    with server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
        finally:
            server.terminate()
    assert first == (
        "No sign-in is configured (no users, no single sign-on), so the dashboard serves "
        f"this machine only: http://127.0.0.1:{port}\n"
    )


def test_serve_takes_the_address_only_from_host(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    code, out, err = run(
        capsys, monkeypatch, "serve", "--server.address=0.0.0.0", "--data", str(tmp_path)
    )
    assert (code, out, err) == (
        2, "", "sales-dash: Choose the address to listen on with --host, not --server.address.\n"
    )  # fmt: skip
