"""The meeting pack by mail: each recipient's own scope, one SMTP connection for all.

A recipient who is an account (its name an e-mail address, a local account or a single
sign-on entry) gets the pack read through ``lake.scoped(their access)``: a region
manager's attachment holds their regions only. An address that is no account gets the
company's pack only when the sender says so (``unscoped``); otherwise nothing is sent.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from pathlib import Path

from sales_dash.access import Access
from sales_dash.accounts import AccountStore
from sales_dash.filters import Filters
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.pack.document import Pack, SectionNotes, build_pack
from sales_dash.pack.errors import PackError
from sales_dash.pack.formats import FORMATS, file_name, render_pack
from sales_dash.settings import PROJECT_ROOT, setting
from sales_dash.view import View

PASSWORD_VARIABLE = "SALES_DASH_SMTP_PASSWORD"
SMTP_SECONDS = 60


@dataclass(frozen=True)
class Recipient:
    address: str
    access: Access | None
    """The account's access; None: an address that is no account (the company's pack)."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    starttls: bool
    user: str
    password: str
    sender: str

    @classmethod
    def from_settings(cls, project_root: Path = PROJECT_ROOT) -> SmtpConfig:
        """From the smtp_* settings; the password from the environment or the secrets file
        (never from the command line, where other users of the machine could read it)."""
        user = str(setting("smtp_user"))
        host = str(setting("smtp_host"))
        if not host:
            raise PackError("send_no_host")
        sender = str(setting("smtp_from")) or user
        if "@" not in parseaddr(sender)[1]:
            raise PackError("send_no_sender")
        return cls(
            host=host,
            port=int(setting("smtp_port")),
            starttls=bool(int(setting("smtp_starttls"))),
            user=user,
            password=smtp_password(project_root),
            sender=sender,
        )


def smtp_password(project_root: Path = PROJECT_ROOT) -> str:
    """SALES_DASH_SMTP_PASSWORD, else ``smtp_password`` in .streamlit/secrets.toml; or ''."""
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE]
    try:
        with open(project_root / ".streamlit" / "secrets.toml", "rb") as handle:
            value = tomllib.load(handle).get("smtp_password", "")
    except (OSError, tomllib.TOMLDecodeError):
        return ""
    return value if isinstance(value, str) else ""


def recipients(
    lake: Lake, addresses: Sequence[str], unscoped: bool, filters: Filters | None = None
) -> list[Recipient]:
    """Who gets which scope; PackError for the first address that may not get a pack, so
    that nothing is sent when any one is wrong (``filters``: the command's own, which a
    recipient's scope must overlap: an empty pack would read as zero sales)."""
    filters = filters or Filters()
    store = AccountStore(lake)
    found = []
    for address in addresses:
        if "@" not in parseaddr(address)[1]:
            raise PackError("send_not_address", address=address)
        account = store.get(address) or store.get(address.strip().lower())
        if account is None:
            if not unscoped:
                raise PackError("send_not_account", address=address)
            found.append(Recipient(address, None))
            continue
        access = account.access()
        if not access.sees_dashboard:
            raise PackError("send_no_dashboard", address=address)
        for chosen, allowed in ((filters.regions, access.regions), (filters.reps, access.reps)):
            if chosen and allowed is not None and not set(chosen) & allowed:
                raise PackError("send_outside_scope", address=address, chosen=", ".join(chosen))
        found.append(Recipient(address, access))
    return found


def compose(pack: Pack, fmt: str, attachment: bytes, sender: str, to: str) -> EmailMessage:
    """The mail: subject and body in the pack's language, the pack attached."""
    message = EmailMessage()
    message["Subject"] = text("mail_subject", pack.language, scope=pack.scope)
    message["From"] = formataddr(("sales-dash", sender))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    said = "\n".join(f"- {line}" for line in pack.headlines)
    body = text(
        "mail_body", pack.language, scope=pack.scope, as_of=pack.as_of.isoformat(), headlines=said
    )
    message.set_content(body)
    mime = FORMATS[fmt][1]
    main, _, sub = mime.partition("/")
    message.add_attachment(
        attachment, maintype=main, subtype=sub, filename=file_name(pack.language, pack.as_of, fmt)
    )
    return message


def send_packs(
    lake: Lake,
    view: View,
    addresses: Sequence[str],
    language: str,
    fmt: str,
    *,
    unscoped: bool = False,
    config: SmtpConfig | None = None,
    notes: Mapping[str, SectionNotes] | None = None,
) -> list[tuple[str, str]]:
    """Build each recipient's pack and mail them all; (address, scope) of each sent.

    Every pack is built before the first mail goes out: a failure leaves nobody with a
    pack and others without.
    """
    # a wrong address first: the user's to fix
    readers = recipients(lake, addresses, unscoped, view.filters)
    config = config or SmtpConfig.from_settings()
    messages = []
    for recipient in readers:
        reader = lake.scoped(recipient.access) if recipient.access else lake
        pack = build_pack(reader, view, language, notes)
        attachment = render_pack(pack, fmt)
        messages.append(
            (recipient.address, pack.scope, compose(pack, fmt, attachment, config.sender,
                                                    recipient.address))
        )  # fmt: skip
    sent = []
    try:
        with smtplib.SMTP(config.host, config.port, timeout=SMTP_SECONDS) as server:
            if config.starttls:
                server.starttls(context=ssl.create_default_context())
            if config.user:
                server.login(config.user, config.password)
            for address, scope, message in messages:
                server.send_message(message)
                sent.append((address, scope))
    except (OSError, smtplib.SMTPException) as error:
        failed = messages[len(sent)][0] if len(sent) < len(messages) else ""
        raise PackError(
            "send_failed", address=failed, reason=str(error) or type(error).__name__
        ) from None
    return sent
