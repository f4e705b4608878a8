"""The sign-in gate: who this session is, before any page is drawn (issue 13).

Without an access configuration (no accounts in the lake, no ``[auth]`` in the secrets)
the session is this machine's own user with every right: ``sales-dash serve`` then binds
to 127.0.0.1 only. Otherwise a session signs in with a local account (``st.form``) or the
company's single sign-on (``st.login``), whose claim names an account entry; until then
only the sign-in page is drawn, whatever page the URL names.

The session keeps only the account's name and the time of its last run: the role and
scope are read from the store on every run, so removing a user or changing their scope
takes effect at their next click.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import streamlit as st

from sales_dash.access import Access
from sales_dash.accounts import MAX_PASSWORD_CHARS, AccountStore, SignInRefused
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.settings import setting
from sales_dash.ui.frame import ACCESS_KEY

SIGNED_IN = "_signed_in"
"""The local account's name this session signed in as."""
LAST_SEEN = "_signed_in_seen"
NOTICE = "_signin_notice"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sso_configured() -> bool:
    """Whether ``st.login`` can be used: an ``[auth]`` table in the secrets."""
    try:
        return isinstance(st.secrets.get("auth"), Mapping)
    except Exception:  # no secrets file at all, or one Streamlit cannot parse
        return False


def _sso_user() -> Mapping[str, object] | None:
    """The identity provider's claims for this browser, or None when not signed in."""
    try:
        if st.user.is_logged_in:
            return dict(st.user)
    except (AttributeError, KeyError):
        return None
    return None


def require_access(lake: Lake, language: str, url_paths: Sequence[str] = ()) -> Access:
    """The session's access; when it must sign in first, draw the sign-in page and stop.

    ``url_paths``: the app's pages, each of which then shows the sign-in page, so that
    a copied link opens its own page once signed in (without them Streamlit would send
    the browser to the main page)."""
    store = AccountStore(lake)
    sso = sso_configured()
    if not sso and not store.has_accounts():
        # this machine's user; an Access already set (only code sets this key, as the
        # role matrix's tests do) is kept: without sign-in it can only narrow "everything"
        if not isinstance(st.session_state.get(ACCESS_KEY), Access):
            st.session_state[ACCESS_KEY] = Access.everything()
        return st.session_state[ACCESS_KEY]
    signed_in = _signed_in(store, sso, language)
    if signed_in is None:
        st.session_state.pop(ACCESS_KEY, None)
        if url_paths:
            st.navigation(
                [
                    st.Page(
                        lambda: _sign_in_page(store, sso, language),
                        title=text("signin_title", language),
                        url_path=path,
                        default=index == 0,
                    )
                    for index, path in enumerate(url_paths)
                ],
                position="hidden",
            ).run()
        else:
            _sign_in_page(store, sso, language)
        st.stop()
    access: Access = signed_in
    st.session_state[ACCESS_KEY] = access
    _sidebar(access, language)
    return access


def _expired(now: dt.datetime, claims: Mapping[str, object] | None) -> bool:
    """Unused for longer than the setting; for single sign-on also an identity issued
    longer ago, as Streamlit's cookie would otherwise sign new sessions in for 30 days."""
    idle = dt.timedelta(hours=float(setting("session_idle_hours")))
    last = st.session_state.get(LAST_SEEN)
    if last is not None and now - last > idle:
        return True
    issued = claims.get("iat") if claims is not None else None
    if isinstance(issued, int | float) and not isinstance(issued, bool):
        return now - dt.datetime.fromtimestamp(issued, dt.UTC) > idle
    return False


def _signed_in(store: AccountStore, sso: bool, language: str) -> Access | None:
    now = _now()
    claims = _sso_user() if sso else None
    if SIGNED_IN not in st.session_state and claims is None:
        return None
    if _expired(now, claims):
        _forget()
        st.session_state[NOTICE] = ("info", text("signin_expired", language))
        if claims is not None:
            st.logout()
        return None
    access: Access | None
    if claims is not None and SIGNED_IN not in st.session_state:
        access = _sso_access(store, claims, language)
    else:
        account = store.get(st.session_state[SIGNED_IN])
        access = account.access() if account is not None and not account.sso else None
        if access is None:  # removed (or made SSO-only) since: signed out
            _forget()
    if access is not None:
        st.session_state[LAST_SEEN] = now
    return access


def _sso_access(store: AccountStore, claims: Mapping[str, object], language: str) -> Access:
    """The access the SSO claim maps to; a refusal page with sign-out otherwise."""
    claim = str(setting("sso_claim"))
    access = store.sso_access(claims.get(claim))
    if access is not None:
        return access
    who = claims.get("email") or claims.get(claim) or claims.get("sub") or "?"
    st.title(text("signin_title", language))
    st.error(text("signin_sso_unmapped", language), icon=":material/block:")
    st.text(str(who))  # the provider's value, as plain text (no Markdown, no link)
    if st.button(text("signout", language), key="sso-unmapped-signout"):
        _forget()
        st.logout()
    st.stop()


def _forget() -> None:
    for key in (SIGNED_IN, LAST_SEEN, ACCESS_KEY):
        st.session_state.pop(key, None)


def _submit(root: str, language: str) -> None:
    """The form's callback: runs before the page is drawn again."""
    name = str(st.session_state.get("signin-name") or "")
    password = str(st.session_state.get("signin-password") or "")
    st.session_state["signin-password"] = ""  # never kept in the session
    try:
        access = AccountStore(root).sign_in(name, password)
    except SignInRefused as refused:
        if refused.retry_at is None:
            st.session_state[NOTICE] = ("error", text("signin_wrong", language))
        else:
            retry = refused.retry_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            st.session_state[NOTICE] = ("error", text("signin_locked", language, time=retry))
        return
    st.session_state[SIGNED_IN] = access.user
    st.session_state[LAST_SEEN] = _now()
    st.session_state.pop(NOTICE, None)


def _sign_in_page(store: AccountStore, sso: bool, language: str) -> None:
    st.title(text("signin_title", language))
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        kind, message = notice
        (st.error if kind == "error" else st.info)(message)
    if sso and st.button(text("signin_sso", language), key="signin-sso", type="primary"):
        st.login()
    if any(not account.sso for account in store.accounts()):
        if sso:
            st.caption(text("signin_or", language))
        with st.form("signin", enter_to_submit=True, border=True, width=420):
            st.text_input(text("signin_name", language), key="signin-name", max_chars=200)
            st.text_input(
                text("signin_password", language),
                type="password",
                key="signin-password",
                max_chars=MAX_PASSWORD_CHARS,
            )
            st.form_submit_button(
                text("signin_submit", language),
                type="primary",
                on_click=_submit,
                args=(str(store.root), language),
            )


def _sidebar(access: Access, language: str) -> None:
    """Who is signed in, and the sign-out button."""
    role = text(f"role_{access.role.value}", language)
    st.sidebar.text(text("signed_in_as", language, user=access.user, role=role))  # plain text
    local = SIGNED_IN in st.session_state
    # a local session forgets its user before the next run; a single sign-on session
    # also drops the provider's identity cookie (st.logout starts a new session)
    clicked = st.sidebar.button(
        text("signout", language),
        key="signout",
        icon=":material/logout:",
        on_click=_forget if local else None,
    )
    if clicked and not local:
        st.logout()
