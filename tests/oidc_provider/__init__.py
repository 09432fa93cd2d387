"""A real OpenID Connect provider for the tests: a small Django project with django-oauth-toolkit's
OIDC support, started by the suite as its own process (its own settings, SQLite file and RSA
key, on a free port), with a registered client and three people.

``start_provider(directory, redirect_uri)`` starts it and returns a :class:`Provider`; every
address is local, so the tests need no network.
"""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "leergang-toegang-test"
CLIENT_SECRET = "provider-test-secret"  # test provider only
PASSWORD = "provider-pw-123"  # test provider only
# username: (e-mail, groups); the group "e-mail niet bevestigd" makes email_verified false.
PEOPLE = {
    "anouk": ("Anouk.Visser@Gemeente.example", ["Team Noord"]),
    "onbekend": ("onbekend@gemeente.example", []),
    "niet-bevestigd": ("niet.bevestigd@gemeente.example", ["e-mail niet bevestigd"]),
}
UNVERIFIED_GROUP = "e-mail niet bevestigd"


@dataclass
class Provider:
    url: str
    process: subprocess.Popen

    def endpoint(self, path):
        return f"{self.url}/o/{path}"

    def settings(self):
        """Our app's OIDC settings for this provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.endpoint("authorize/"),
            "OIDC_OP_TOKEN_ENDPOINT": self.endpoint("token/"),
            "OIDC_OP_USER_ENDPOINT": self.endpoint("userinfo/"),
            "OIDC_OP_JWKS_ENDPOINT": self.endpoint(".well-known/jwks.json"),
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rsa_private_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def provider_env(directory):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "OIDC_PROVIDER_DB": str(Path(directory) / "provider.sqlite3"),
            "OIDC_PROVIDER_RSA_KEY": rsa_private_key_pem(),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test OIDC provider stopped: {process.stdout.read()}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the test OIDC provider did not start")


def start_provider(directory, redirect_uri):
    env = provider_env(directory)
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], **run)
    subprocess.run([sys.executable, "-m", "tests.oidc_provider.seed", redirect_uri], **run)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    provider = Provider(url=f"http://127.0.0.1:{port}", process=process)
    try:
        wait_until_up(provider.endpoint(".well-known/openid-configuration"), process)
    except RuntimeError:
        provider.stop()
        raise
    return provider
