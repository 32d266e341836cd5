"""Who uploads: the installed-app OAuth flow and the token it leaves, kept private.

The first upload opens the browser on Google's consent page for the OAuth client the user
made (`--client-secrets FILE`, a "Desktop app" client of a Google Cloud project with the
YouTube Data API v3 enabled). The token that comes back is stored in the user's config
folder with mode 0600 and refreshed when it expires; it is never printed. Later uploads need
no client secrets: the token carries its client.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from renderer.atomic import write_text
from renderer.config import user_config_dir, youtube_root
from renderer.errors import ConfigError, RendererError

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

SCOPES = [
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube.force-ssl",
]
"""Upload videos and set their thumbnails; insert caption tracks (force-ssl)."""

SECRETS_HINT = (
    "make an OAuth client once: Google Cloud console > APIs & Services > enable "
    "'YouTube Data API v3' > Credentials > Create credentials > OAuth client ID > "
    "Desktop app > Download JSON; then pass --client-secrets that-file.json "
    "(README: Uploading)"
)


class UploadError(RendererError):
    """An upload could not be done (consent refused, quota, network): exit 1."""


class QuotaError(UploadError):
    """YouTube's daily quota is used up: every further call fails the same way."""


def token_path() -> Path:
    return user_config_dir() / "youtube-token.json"


def save_token(credentials: Credentials, path: Path | None = None) -> Path:
    """Write the token readable by its owner alone (0600, in a 0700 folder), whole."""
    path = path or token_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return write_text(path, credentials.to_json(), mode=0o600)


def credentials(client_secrets: Path | None, say: Callable[[str], None] = print) -> Credentials:
    """The stored token (refreshed if it expired), else the consent flow in the browser."""
    from google.auth.exceptions import RefreshError, TransportError
    from google.auth.transport.requests import Request
    from google.oauth2.credentials import Credentials

    path = token_path()
    creds: Credentials | None = None
    if path.is_file():
        try:
            creds = Credentials.from_authorized_user_file(str(path), SCOPES)
            if root := youtube_root():  # (the copy forgets the expiry: kept)
                expiry = creds.expiry
                creds = creds.with_token_uri(root.rstrip("/") + "/token")
                creds.expiry = expiry
        except (ValueError, OSError):
            say(f"the stored token {path} cannot be read; asking for consent again")
    if creds is not None and creds.valid:
        return creds
    if creds is not None and creds.refresh_token:
        try:
            creds.refresh(Request())
            save_token(creds, path)
            return creds
        except RefreshError:
            say("the stored token was revoked or expired for good; asking for consent again")
        except TransportError as exc:
            raise UploadError(
                f"cannot reach Google's sign-in service to refresh the token ({exc})",
                hint="check the network connection and run the upload again",
            ) from None
    return _consent(client_secrets, path, say)


def _consent(client_secrets: Path | None, path: Path, say: Callable[[str], None]) -> Credentials:
    from google_auth_oauthlib.flow import InstalledAppFlow
    from oauthlib.oauth2.rfc6749.errors import AccessDeniedError, OAuth2Error

    if client_secrets is None:
        raise ConfigError(
            "no YouTube credentials yet: the first upload needs the OAuth "
            "client secrets of your Google Cloud project",
            hint=SECRETS_HINT,
        )
    if not client_secrets.is_file():
        raise ConfigError(f"{client_secrets}: no such client secrets file", hint=SECRETS_HINT)
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), SCOPES)
    except (ValueError, KeyError, OSError) as exc:
        raise ConfigError(
            f"{client_secrets}: not an OAuth client secrets file ({exc})", hint=SECRETS_HINT
        ) from None
    try:
        webbrowser.get()
        browser = True
        say(
            "opening the browser on Google's consent page (if it does not open, visit the "
            "address printed below)"
        )
    except webbrowser.Error:  # a machine without one (over SSH): the address to visit
        browser = False
        say(
            "no browser here: open the address printed below in a browser on this machine "
            "(over SSH, forward the localhost port it names first: ssh -L PORT:localhost:PORT)"
        )
    try:
        creds = flow.run_local_server(
            port=0,
            open_browser=browser,
            authorization_prompt_message="Sign in to YouTube: {url}",
            success_message="render-video may now upload to your channel; close this tab.",
        )
    except (AccessDeniedError, OAuth2Error) as exc:
        raise consent_error(exc) from None
    save_token(creds, path)
    say(f"signed in; the token is kept in {path} (readable by you alone)")
    return creds


def consent_error(exc: Exception) -> UploadError:
    """The error a refused or failed consent becomes."""
    from oauthlib.oauth2.rfc6749.errors import AccessDeniedError

    if isinstance(exc, AccessDeniedError):
        return UploadError(
            "consent was refused in the browser, so nothing was uploaded",
            hint="run the upload again and allow render-video to manage your "
            "YouTube videos; only your own client reads the token",
        )
    return UploadError(
        f"signing in to YouTube failed: {exc}",
        hint="run the upload again; if it keeps failing, make a new OAuth "
        "client (" + SECRETS_HINT + ")",
    )
