"""The sign-in gate and the pages of each role under AppTest (branch auth, issue 13)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from sales_dash.access import Access, Role
from sales_dash.accounts import AccountStore
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT
from sales_dash.ui.frame import ACCESS_KEY

APP = str(PROJECT_ROOT / "app.py")
PAGES = sorted(p.stem for p in (PROJECT_ROOT / "pages").glob("*.py"))
DASHBOARD = [p for p in PAGES if p not in ("upload", "data")]
PASSWORD = "pw-东区-1"
USERS = {
    "admin": (Role.ADMIN, {}),
    "director": (Role.DIRECTOR, {}),
    "east": (Role.REGION_MANAGER, {"regions": ["华东"]}),
    "rep": (Role.REP, {"reps": ["R01"]}),
    "clerk": (Role.CLERK, {"regions": ["华东"]}),
}


@pytest.fixture(scope="module")
def guarded_lake(demo_lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """A copy of the demo lake with one account of each role."""
    lake = Lake(tmp_path_factory.mktemp("guarded") / "lake")
    shutil.copytree(demo_lake.root, lake.root)
    store = AccountStore(lake)
    for name, (role, scope) in USERS.items():
        store.add(name, role, password=PASSWORD, **scope)
    return lake


MakeApp = Callable[..., AppTest]


@pytest.fixture
def make_app(guarded_lake: Lake, monkeypatch: pytest.MonkeyPatch) -> MakeApp:
    monkeypatch.setenv("SALES_DASH_DATA", str(guarded_lake.root))

    def make(language: str = "zh") -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        if language == "en":
            app.query_params["lang"] = "English"
        return app.run()

    return make


def sign_in(app: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    app.text_input(key="signin-name").input(name)
    app.text_input(key="signin-password").input(password)
    submit = [b for b in app.button if b.label in (text("signin_submit", "zh"), "Sign in")]
    return submit[0].click().run()


def assert_sign_in_page_only(app: AppTest, language: str = "zh") -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.title] == [text("signin_title", language)]
    assert [w.key for w in app.text_input] == ["signin-name", "signin-password"]
    assert not app.metric and not app.dataframe and not app.table
    assert app.text_input(key="signin-password").proto.type == 1  # PASSWORD


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_session_sees_only_the_sign_in_page(make_app: MakeApp, page: str) -> None:
    app = make_app()
    assert_sign_in_page_only(app)
    # until signed in, every URL is a sign-in page made of a function, which AppTest's
    # switch_page cannot name by file: ask for the page registered under the URL path,
    # as a browser does (st.Page hashes its url_path)
    app._page_hash = calc_hash(page)
    app.run()
    assert_sign_in_page_only(app)


def test_the_sign_in_page_in_english(make_app: MakeApp) -> None:
    app = make_app("en")
    assert_sign_in_page_only(app, "en")
    assert app.text_input(key="signin-name").label == "User name"


@pytest.mark.parametrize(
    ("name", "password"), [("admin", "wrong"), ("nobody", PASSWORD), ("admin", "")]
)
def test_a_wrong_name_or_password_says_only_that(
    make_app: MakeApp, name: str, password: str
) -> None:
    app = sign_in(make_app("en"), name, password)
    assert [e.value for e in app.error] == ["Wrong user name or password."]
    assert_sign_in_page_only(app, "en")
    assert app.text_input(key="signin-password").value == ""


def menu(app: AppTest, name: str) -> list[str]:
    """The files of the pages in the session's navigation menu (hidden ones left out)."""
    role = USERS[name][0].value
    pages = app.session_state[f"navigation_pages_zh_{role}"]
    return [Path(str(p._page)).stem for p in pages if p._visibility == "visible"]


def open_page(app: AppTest, page: str) -> AppTest:
    """Switch to ``page`` as a copied link to it would."""
    return app.switch_page(f"pages/{page}.py").run()


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("admin", PAGES),
        ("director", DASHBOARD),
        ("east", DASHBOARD),
        ("rep", DASHBOARD),
        ("clerk", ["upload", "data"]),
    ],
)
def test_each_role_opens_its_pages_and_is_refused_the_others(
    make_app: MakeApp, name: str, pages: list[str]
) -> None:
    app = sign_in(make_app(), name)
    assert not app.exception, [e.value for e in app.exception]
    assert text("signin_title", "zh") not in [t.value for t in app.title]
    assert sorted(menu(app, name)) == sorted(pages)
    refused = text("page_refused", "zh")
    for page in PAGES:
        open_page(app, page)
        assert not app.exception, (page, [e.value for e in app.exception])
        assert not app.error, (page, [e.value for e in app.error])
        warnings = [w.value for w in app.warning]
        if page in pages:
            assert refused not in warnings, page
        elif page == "overview":  # the main page's URL (/) opens the role's own first page
            assert [t.value for t in app.title] == [text("page_upload", "zh")]
        else:
            assert warnings == [refused], page
            assert not app.metric and not app.dataframe and not app.title, page


def test_sign_out_returns_to_the_sign_in_page(make_app: MakeApp) -> None:
    app = sign_in(make_app(), "director")
    assert "当前用户：director（销售总监）" in [t.value for t in app.sidebar.text]
    app.sidebar.button(key="signout").click().run()
    assert_sign_in_page_only(app)


def test_a_removed_user_is_signed_out_at_the_next_run(
    make_app: MakeApp, guarded_lake: Lake
) -> None:
    store = AccountStore(guarded_lake)
    store.add("temp", Role.DIRECTOR, password=PASSWORD)
    app = sign_in(make_app(), "temp")
    assert text("signin_title", "zh") not in [t.value for t in app.title]
    store.remove("temp")
    app.run()
    assert_sign_in_page_only(app)


def test_without_accounts_there_is_no_sign_in(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SALES_DASH_DATA", str(demo_lake.root))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "signin-name" not in [w.key for w in app.text_input]
    assert app.metric  # the overview, straight away
    assert not [b for b in app.sidebar.button if b.key == "signout"]


def test_an_idle_session_expires(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_SESSION_IDLE_HOURS", str(1 / 3600))  # one second
    app = sign_in(make_app("en"), "director")
    assert "Sign in" not in [t.value for t in app.title]
    time.sleep(1.2)
    app.run()
    assert_sign_in_page_only(app, "en")
    assert [i.value for i in app.info] == [text("signin_expired", "en")]


def test_an_access_set_by_code_is_kept_without_sign_in(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the role matrix sets a user (the session state's access key): without sign-in
    it can only narrow "everything", and the role's pages follow it."""
    monkeypatch.setenv("SALES_DASH_DATA", str(demo_lake.root))
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state[ACCESS_KEY] = Access(Role.DIRECTOR, user="d")
    app.run()
    assert not app.exception and app.metric
    open_page(app, "upload")
    assert [w.value for w in app.warning] == [text("page_refused", "zh")]
    assert not app.get("file_uploader")


@pytest.mark.parametrize(
    ("name", "role", "page", "demo"),
    [("zhang", Role.ADMIN, "data", True), ("zhao", Role.CLERK, "data", False)],
)
def test_only_an_admin_is_offered_the_demo_on_an_empty_lake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, role: Role, page: str, demo: bool
) -> None:
    """Loading the demo replaces the whole lake: not a scoped clerk's call."""
    AccountStore(tmp_path).add(name, role, password=PASSWORD)
    monkeypatch.setenv("SALES_DASH_DATA", str(tmp_path))
    app = sign_in(AppTest.from_file(APP, default_timeout=60).run(), name)
    open_page(app, page)
    assert not app.exception
    assert [i.value for i in app.info] == [text("no_data_yet", "zh")]
    assert [b.key for b in app.button if b.key == "demo"] == (["demo"] if demo else [])
