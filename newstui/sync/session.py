"""Provides a signed-in session with a Google Reader API server: ClientLogin, the action token,
one authorised request at a time, and every failure turned into a SyncError without secrets."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from newstui.config.sync import Secret
from newstui.net.fetch import TOO_LARGE, Fetcher, FetchResult
from newstui.sync.errors import AuthFailed, BadAnswer, Rejected, ServerUnavailable
from newstui.sync.wire import load_json

API = "reader/api/0/"
JSON = "application/json"
TEXT = "text/plain, */*;q=0.5"
_MAX_TOKEN = 1_024


class TooLarge(BadAnswer):
    """An answer over the fetcher's size cap: the caller may ask for less."""


class _Unauthorized(Exception):
    """A 401 on an authorised call: the Auth or action token expired; sign in again once."""


class Session:
    """One account on one server, used by one sync at a time. Its calls may overlap (a sync keeps
    two item requests in flight): a 401 both see costs two sign-ins at worst.

    Every call raises a SyncError subclass on failure (AuthFailed, ServerUnavailable, BadAnswer,
    Rejected), whose message never holds the password or a token. After AuthFailed the session
    sends nothing more (no retry storm against a wrong password): make a new one once the
    configuration changed. A 401 on a signed-in call is answered by one fresh sign-in and one
    retry (expired Auth or action token), never more."""

    def __init__(
        self,
        url: str,
        user: str,
        password: Secret,
        fetcher: Fetcher,
        *,
        token_max_age: float = 1_800.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`url`: the API's base (FreshRSS: `https://host/api/greader.php`); `token_max_age`:
        seconds an action token is used before a new one is asked for (Google's expired after
        30 min)."""
        self.base = url.rstrip("/")
        self.user = user
        self._password = password
        self._fetcher = fetcher
        self.token_max_age = token_max_age
        self._clock = clock
        self._auth: Secret | None = None
        self._token: Secret | None = None
        self._token_at = 0.0
        self._refused: AuthFailed | None = None
        self._signing_in = asyncio.Lock()
        self.requests = 0
        """HTTP requests sent so far (for the benchmark's requests per sync)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base!r}, user={self.user!r})"

    # --- sign-in ----------------------------------------------------------------------------

    async def login(self) -> None:
        """ClientLogin: trades user and password for the Auth token sent with every call."""
        if self._refused is not None:
            raise self._refused
        form = [("Email", self.user), ("Passwd", self._password.reveal())]
        result = await self._send("POST", "accounts/ClientLogin", form=form, accept=TEXT)
        if result.status in (401, 403):
            raise self._refuse(f"wrong user or password (HTTP {result.status})", result.status)
        body = self._checked(result, "sign-in answer")
        auth = ""
        for line in body.decode("utf-8", "replace").splitlines():
            if line.startswith("Auth="):
                auth = line[5:].strip()
        if not auth or len(auth) > _MAX_TOKEN or not auth.isprintable():
            raise BadAnswer("the sign-in answer has no Auth line: is sync.url the API address?")
        self._auth, self._token = Secret(auth), None

    async def _sign_in_once(self) -> None:
        """Signs in unless a call that overlaps this one just did: calls sent together before
        the first sign-in (a sync asks for two lists at once) share one ClientLogin."""
        async with self._signing_in:
            if self._auth is None:
                await self.login()

    def _refuse(self, message: str, status: int | None) -> AuthFailed:
        self._auth = self._token = None
        self._refused = AuthFailed(message, status=status)
        return self._refused

    async def _action_token(self) -> Secret:
        """The `T` token that edits carry, asked for once per `token_max_age`."""
        if self._token is not None and self._clock() - self._token_at < self.token_max_age:
            return self._token
        result = await self._send("GET", API + "token", accept=TEXT)
        if result.status == 401:
            raise _Unauthorized
        token = self._checked(result, "token").decode("utf-8", "replace").strip()
        if not token or len(token) > _MAX_TOKEN or not token.isprintable():
            raise BadAnswer("the server's action token is empty or unreadable")
        self._token, self._token_at = Secret(token), self._clock()
        return self._token

    # --- requests ---------------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] | None = None,
        edit: bool = False,
        accept: str = JSON,
    ) -> bytes:
        """One authorised call; signs in first when needed, and once more on a 401."""
        for attempt in (1, 2):
            if self._refused is not None:
                raise self._refused
            try:
                if self._auth is None:
                    await self._sign_in_once()
                sent = list(form or ())
                if edit:
                    sent.append(("T", (await self._action_token()).reveal()))
                result = await self._send(
                    method, API + path, query, sent if method == "POST" else None, accept
                )
                if result.status == 401:
                    raise _Unauthorized
                return self._checked(result, what)
            except _Unauthorized:
                self._auth = self._token = None
                if attempt == 2:
                    raise self._refuse(
                        "the server refused the sign-in (HTTP 401) even after signing in again: "
                        "check user and password",
                        401,
                    ) from None
        raise AssertionError("unreachable")

    async def _send(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] | None = None,
        accept: str = JSON,
    ) -> FetchResult:
        url = f"{self.base}/{path}" + (f"?{urlencode(query)}" if query else "")
        headers = {}
        if self._auth is not None:
            headers["Authorization"] = f"GoogleLogin auth={self._auth.reveal()}"
        self.requests += 1
        return await self._fetcher.send(method, url, headers=headers, form=form, accept=accept)

    def _scrub(self, text: str) -> str:
        """Server text may echo what it was sent: never let a secret through."""
        for secret in (self._password, self._auth, self._token):
            if secret is not None and secret.reveal():
                text = text.replace(secret.reveal(), "***")
        return text

    def _checked(self, result: FetchResult, what: str) -> bytes:
        """The body of a 2xx answer (b"" when it was empty), else the SyncError it amounts to."""
        status, error = result.status, self._scrub(result.error or "")
        if status is not None and 200 <= status < 300:
            if not error:
                return result.body
            if error.startswith(TOO_LARGE):
                raise TooLarge(f"the server's {what}: {error}", status=status)
            if error.startswith("empty response"):
                return b""
            raise BadAnswer(f"the server's {what}: {error}", status=status)
        if status is None or status == 429 or status >= 500:
            raise ServerUnavailable(
                error or "no answer", status=status, retry_after=result.retry_after
            )
        if status in (401, 403):
            raise AuthFailed(f"refused (HTTP {status}): check user and password", status=status)
        if status == 404:
            raise Rejected(
                f"{error} for {what}: is sync.url the API address (FreshRSS: .../api/greader.php)?",
                status=status,
            )
        raise Rejected(error or f"HTTP {status}", status=status)

    async def _json(self, path: str, what: str, query: Sequence[tuple[str, str]] = ()) -> Any:
        # output=json: FreshRSS answers 501 to list calls without it; other servers ignore it.
        body = await self._call("GET", path, what, query=[*query, ("output", "json")])
        return load_json(body, what)
