"""The tests' OpenID Connect provider: oidc-provider-mock, a real provider (authorization code
flow, PKCE, nonce, RS256-signed tokens, JWKS, userinfo, end-session) run on loopback from its own
venv (`make services`)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
COMMAND = ROOT / ".venv-oidc" / "bin" / "oidc-provider-mock"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Provider:
    def __init__(self, *extra: str):
        if not COMMAND.exists():
            message = f"the OpenID Connect provider is not installed ({COMMAND}): run make services"
            if os.environ.get("CI"):
                raise RuntimeError(message)
            pytest.skip(message)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(COMMAND), "-H", "127.0.0.1", "-p", str(self.port), *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if requests.get(self.url + "/.well-known/openid-configuration", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the OpenID Connect provider did not start")

    def user(self, sub: str, **claims) -> None:
        """Set the claims the provider gives for this subject (all of them: it replaces)."""
        response = requests.put(f"{self.url}/users/{quote(sub)}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def authorize(self, authorize_url: str, *, sub: str = "", deny: bool = False) -> str:
        """What a person does on the provider's page: sign in as ``sub`` (or refuse). Returns the
        path and query the provider sends the browser back to."""
        data = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(authorize_url, data=data, allow_redirects=False, timeout=5)
        assert response.status_code in (302, 303), response.text[:500]
        back = urlsplit(response.headers["Location"])
        return f"{back.path}?{back.query}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def oidc_provider():
    provider = Provider()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def oidc_provider_short_tokens():
    """The same provider, whose tokens live one second."""
    provider = Provider("-e", "1")
    yield provider
    provider.stop()


def sso_settings(settings, provider: Provider, **changes) -> None:
    """Point Bridge at this provider."""
    from django.core.cache import cache

    cache.clear()
    settings.BRIDGE_SSO = {
        **settings.BRIDGE_SSO,
        "ISSUER": provider.url,
        "CLIENT_ID": "bridge-test",
        "CLIENT_SECRET": "bridge-test-secret",
        "GROUP_ROLES": {"grp-trainers": "Trainers", "grp-ld": "L&D managers"},
        **changes,
    }
