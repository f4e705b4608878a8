"""Sign-in with a local account in a real browser (branch auth, issue 13): an anonymous
request to any page gets the sign-in page; wrong password; lockout; sign in; a page the
role may not open; sign out. Screenshots of the sign-in page in zh and en at 1280×720."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.access import Role
from sales_dash.accounts import AccountStore
from sales_dash.lake import Lake
from tests.e2e.conftest import ServerFactory, assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

PASSWORD = "pw-华东-2026"
MAX_FAILURES = 3


@pytest.fixture(scope="module")
def guarded_app(server_factory: ServerFactory) -> tuple[str, Lake]:
    url, lake = server_factory(env={"SALES_DASH_SIGNIN_MAX_FAILURES": str(MAX_FAILURES)}, demo=True)
    store = AccountStore(lake)
    store.add("director", Role.DIRECTOR, password=PASSWORD)
    store.add("locked", Role.DIRECTOR, password=PASSWORD)
    store.add("clerk", Role.CLERK, regions=["华东"], password=PASSWORD)
    return url, lake


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def open_sign_in(page) -> None:
    """Wait for the sign-in form (the first run of a session may run twice)."""
    wait_for_app(page)
    page.locator('input[type="password"]').wait_for(timeout=30_000)


def sign_in(page, name: str, password: str) -> None:
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)


def nav_links(page) -> list[str]:
    """The page titles in the sidebar's menu (each link's last line; the icon comes first)."""
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    return [link.splitlines()[-1].strip() for link in links]


@pytest.mark.parametrize("path", ["", "overview", "team", "upload", "data", "meeting"])
def test_an_anonymous_request_to_any_page_gets_the_sign_in_page(
    guarded_app: tuple[str, Lake], page, path: str
) -> None:
    url, _ = guarded_app
    page.goto(f"{url}/{path}")
    open_sign_in(page)
    assert_no_exception(page)
    assert main_text(page).startswith("登录")
    assert page.locator('input[type="password"]').count() == 1
    # the link stays as typed: signed in, it opens its own page (/overview is the main
    # page's twin, so the user lands on the overview there)
    assert page.url == f"{url}/{path}"
    # and nothing of the data before sign-in: no tile, chart or table
    data = '[data-testid="stMetric"], .sales-dash-plot, [data-testid="stTable"]'
    assert page.locator(f'{data}, [data-testid="stDataFrame"]').count() == 0
    assert nav_links(page) == []


def test_a_link_to_the_overview_signs_in_to_the_overview(
    guarded_app: tuple[str, Lake], page
) -> None:
    """/overview is the main page's twin: the link keeps its path through the sign-in."""
    url, _ = guarded_app
    page.goto(f"{url}/overview")
    open_sign_in(page)
    sign_in(page, "director", PASSWORD)
    assert_no_exception(page)
    assert main_text(page).startswith("总览")
    # the heading can be drawn before the tiles arrive: wait for them, not for a count
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    assert page.url.split("?")[0] == f"{url}/overview"


def test_sign_in_page_screenshots(guarded_app: tuple[str, Lake], page, screenshots: Path) -> None:
    url, _ = guarded_app
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(url)
    open_sign_in(page)
    page.screenshot(path=screenshots / "signin-zh.png")
    page.get_by_text("English", exact=True).click()  # the language switch still works
    wait_for_app(page)
    assert "Sign in" in main_text(page) and "User name" in main_text(page)
    assert "lang=English" in page.url
    page.screenshot(path=screenshots / "signin-en.png")


def test_wrong_password_then_sign_in_then_sign_out(
    guarded_app: tuple[str, Lake], page, screenshots: Path
) -> None:
    url, _ = guarded_app
    page.goto(f"{url}/team")
    open_sign_in(page)
    sign_in(page, "director", "wrong")
    assert "用户名或密码错误。" in main_text(page)
    assert page.get_by_label("密码", exact=True).input_value() == ""
    sign_in(page, "director", PASSWORD)
    assert_no_exception(page)
    assert main_text(page).startswith("团队")  # the page the link named
    assert "上传" not in nav_links(page)  # a director has no Upload page
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "当前用户：director（销售总监）" in sidebar
    page.goto(f"{url}/upload")  # a copied link to a page the role may not open
    open_sign_in(page)
    sign_in(page, "director", PASSWORD)  # a new browser tab is a new session
    assert "你的账号没有权限打开这个页面。" in main_text(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.screenshot(path=screenshots / "signin-refused-zh.png")
    page.get_by_role("button", name="退出登录").click()
    wait_for_app(page)
    assert main_text(page).startswith("登录")
    assert nav_links(page) == []


def test_a_clerk_sees_only_upload_and_data(guarded_app: tuple[str, Lake], page) -> None:
    url, _ = guarded_app
    page.goto(url)
    open_sign_in(page)
    sign_in(page, "clerk", PASSWORD)
    assert_no_exception(page)
    assert nav_links(page) == ["上传", "数据"]
    assert main_text(page).startswith("上传")  # their first page
    assert page.locator('[data-testid="stFileUploader"]').count() == 1


def test_lockout_after_repeated_failures(guarded_app: tuple[str, Lake], page) -> None:
    url, _ = guarded_app
    page.goto(url)
    open_sign_in(page)
    for _ in range(MAX_FAILURES - 1):
        sign_in(page, "locked", "wrong")
        assert "用户名或密码错误。" in main_text(page)
    sign_in(page, "locked", "wrong")
    assert "登录失败次数过多，已暂时锁定；请在" in main_text(page)
    sign_in(page, "locked", PASSWORD)  # the right password waits too
    assert "已暂时锁定" in main_text(page)
    assert page.locator('input[type="password"]').count() == 1
