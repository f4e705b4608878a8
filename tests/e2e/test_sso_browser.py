"""Company single sign-on end to end (branch auth, issue 13): the app's ``st.login``
against a real OpenID Connect provider (``pyop``) started by the test on 127.0.0.1, in
Chromium. A mapped e-mail gets its role; an unmapped one is refused and signed out."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sales_dash.access import Role
from sales_dash.accounts import AccountStore
from sales_dash.lake import Lake
from sales_dash_bench.browser import free_port
from tests.e2e.conftest import assert_no_exception, serve, wait_for_app
from tests.e2e.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

pytestmark = pytest.mark.browser

USERS = {
    "wang@example.com": {"name": "Wang East", "groups": ["sales", "east"]},
    "stranger@example.com": {"name": "Stranger", "groups": ["sales"]},
}


@pytest.fixture(scope="module")
def sso_app(e2e_lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Lake]]:
    """The app with ``[auth]`` pointing at the test's provider, on a copy of the e2e lake
    whose account store maps wang@example.com to a region manager of 华东."""
    folder = tmp_path_factory.mktemp("sso")
    lake = Lake(folder / "lake")
    subprocess.run(["cp", "-a", str(e2e_lake.root), str(lake.root)], check=True)
    AccountStore(lake).add("wang@example.com", Role.REGION_MANAGER, regions=["华东"])
    app_port, provider_port = free_port(), free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    redirect_uri = f"{app_url}/oauth2callback"
    with running_provider(redirect_uri, USERS, provider_port, folder) as provider:
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{redirect_uri}"\n'
            'cookie_secret = "a-cookie-secret-for-the-test-only"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{provider.metadata_url}"\n',
            encoding="utf-8",
        )
        environment = {
            "STREAMLIT_SECRETS_FILES": str(secrets),
            "SSL_CERT_FILE": str(provider.certificate),  # the app's server trusts the provider
        }
        with serve(lake, folder / "streamlit.log", environment, app_port):
            yield app_url, lake


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A tab that accepts the provider's test certificate (as a company's would be trusted)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, locale="zh-CN", ignore_https_errors=True
    )
    yield context.new_page()
    context.close()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def company_sign_in(page, app_url: str, email: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name="使用公司账号登录").click()
    page.wait_for_selector("#email", timeout=30_000)  # the provider's own sign-in page
    assert page.url.startswith("https://127.0.0.1:") and "/authorize?" in page.url
    page.fill("#email", email)
    page.click("#login")
    page.wait_for_url(f"{app_url}/**", timeout=30_000)
    wait_for_app(page)


def test_a_mapped_company_account_signs_in_with_its_role(
    sso_app: tuple[str, Lake], page, screenshots: Path
) -> None:
    app_url, _ = sso_app
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name="使用公司账号登录").wait_for(timeout=30_000)
    assert page.locator('input[type="password"]').count() == 0  # no local accounts here
    page.screenshot(path=screenshots / "signin-sso-zh.png")
    company_sign_in(page, app_url, "wang@example.com")
    assert_no_exception(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "当前用户：wang@example.com（大区经理）" in sidebar
    assert page.locator('[data-testid="stSidebar"] a[href^="mailto:"]').count() == 0
    assert main_text(page).startswith("总览")
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    assert not [link for link in links if link.endswith("上传")]
    page.screenshot(path=screenshots / "signin-sso-signed-in-zh.png")
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="使用公司账号登录").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 0


def test_an_unmapped_company_account_is_refused(
    sso_app: tuple[str, Lake], page, screenshots: Path
) -> None:
    app_url, _ = sso_app
    company_sign_in(page, app_url, "stranger@example.com")
    assert_no_exception(page)
    text = main_text(page)
    assert "这个公司账号未获授权使用本仪表盘，请联系管理员；也可以退出登录，换一个账号。" in text
    assert "stranger@example.com" in text
    assert page.locator('[data-testid="stMain"] a[href^="mailto:"]').count() == 0  # no link
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"] a').count() == 0
    page.screenshot(path=screenshots / "signin-sso-refused-zh.png")
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="使用公司账号登录").wait_for(timeout=30_000)
