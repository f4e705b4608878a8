"""A real OpenID Connect provider on 127.0.0.1 for the browser tests: ``pyop`` (the
provider library of the SATOSA project) behind a small ``http.server``, over HTTPS with
a certificate made for the test (OIDC requires an https issuer; the app's server trusts
the certificate through ``SSL_CERT_FILE``, the browser context ignores it).

It serves discovery, JWKS, an authorization endpoint with a sign-in form (the test's
browser fills in an e-mail address, as a person does at the company's identity
provider), the token endpoint (client_secret_basic, PKCE S256) and userinfo. The ID
token carries ``email``, ``name`` and ``groups`` of the user, so that the app can map
either claim.
"""

from __future__ import annotations

import contextlib
import html
import json
import ssl
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

from tests.certificates import self_signed

CLIENT_ID = "sales-dash"
CLIENT_SECRET = "test-client-secret"  # a test value, not a credential of anyone


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    """The provider's base URL; discovery is at ``{issuer}/.well-known/openid-configuration``."""
    certificate: Path
    """The PEM certificate of its HTTPS server, to trust (``SSL_CERT_FILE``)."""

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def _provider(
    issuer: str, redirect_uri: str, users: Mapping[str, Mapping[str, object]]
) -> Provider:
    configuration = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "jwks_uri": f"{issuer}/jwks",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "profile", "email"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "email", "name", "groups"],
    }
    clients = {
        CLIENT_ID: {
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [redirect_uri],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
        }
    }
    key = RSAKey(key=RSA.generate(2048), alg="RS256", kid="test-key")
    state = AuthorizationState(HashBasedSubjectIdentifierFactory("test-salt"))
    userinfo = Userinfo({email: {"sub": email, **claims} for email, claims in users.items()})
    return Provider(key, configuration, state, clients, userinfo)


LOGIN_FORM = """<!doctype html><html><head><title>Company sign-in</title></head><body>
<h1>Company sign-in</h1>
<form method="post" action="/login">
<input type="hidden" name="request" value="{request}">
<label>E-mail <input name="email" id="email"></label>
<button type="submit" id="login">Continue</button>
</form></body></html>"""


def _handler(provider: Provider, users: Mapping[str, Mapping[str, object]]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def _send(self, status: int, body: str, content_type: str, **headers: str) -> None:
            payload = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(payload)

        def _json(self, body: str, status: int = 200) -> None:
            self._send(status, body, "application/json", Cache_Control="no-store")

        def _body(self) -> str:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length).decode("utf-8")

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path == "/.well-known/openid-configuration":
                self._json(provider.provider_configuration.to_json())
            elif path == "/jwks":
                self._json(json.dumps(provider.jwks))
            elif path == "/authorize":
                try:
                    provider.parse_authentication_request(query)
                except InvalidAuthenticationRequest as error:
                    self._send(400, f"bad request: {html.escape(str(error))}", "text/plain")
                    return
                form = LOGIN_FORM.format(request=html.escape(query, quote=True))
                self._send(200, form, "text/html; charset=utf-8")
            elif path == "/userinfo":
                response = provider.handle_userinfo_request(query, dict(self.headers))
                self._json(response.to_json())
            else:
                self._send(404, "not found", "text/plain")

        def do_POST(self) -> None:
            body = self._body()
            if self.path == "/token":
                try:
                    response = provider.handle_token_request(
                        body, dict(self.headers), extra_id_token_claims=self._claims
                    )
                except OAuthError as error:
                    self._json(error.to_json(), 400)
                    return
                self._json(response.to_json())
            elif self.path == "/login":
                fields = dict(urllib.parse.parse_qsl(body))
                request = provider.parse_authentication_request(fields["request"])
                email = fields.get("email", "")
                if email not in users:
                    self._send(403, "unknown user", "text/plain")
                    return
                response = provider.authorize(request, email)
                location = response.request(request["redirect_uri"], False)
                self._send(302, "", "text/plain", Location=location)
            else:
                self._send(404, "not found", "text/plain")

        @staticmethod
        def _claims(user_id: str, client_id: str) -> Mapping[str, object]:
            """What the ID token says of the user (read by the app as st.user)."""
            return {"email": user_id, **users[user_id]}

    return Handler


@contextlib.contextmanager
def running_provider(
    redirect_uri: str, users: Mapping[str, Mapping[str, object]], port: int, folder: Path
) -> Iterator[RunningProvider]:
    """The provider on https://127.0.0.1:``port`` for ``users`` (e-mail -> extra claims,
    such as ``name`` and ``groups``), accepting the one client whose callback is
    ``redirect_uri``; its certificate goes to ``folder``."""
    issuer = f"https://127.0.0.1:{port}"
    provider = _provider(issuer, redirect_uri, users)
    cert_path, key_path = self_signed(folder, "provider")
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(provider, users))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_path, key_path)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RunningProvider(issuer, cert_path)
    finally:
        server.shutdown()
        server.server_close()
