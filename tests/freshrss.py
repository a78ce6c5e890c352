"""Provides a real FreshRSS server on 127.0.0.1 (`../shared/servers/freshrss`) to tests and
benchmarks, and a clear skip reason where PHP or the server folder is absent."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import ProxyHandler, Request, build_opener

SERVER_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "servers" / "freshrss"
PHP_PACKAGES = (
    "php8.2-cli php8.2-sqlite3 php8.2-curl php8.2-xml php8.2-mbstring php8.2-intl php8.2-zip "
    "php8.2-gmp"
)
_EXTENSIONS_OK = (
    'exit((extension_loaded("pdo_sqlite") && extension_loaded("curl") && '
    'extension_loaded("mbstring") && class_exists("DOMDocument") && '
    'function_exists("xml_parser_create") && extension_loaded("ctype") && '
    'extension_loaded("fileinfo")) ? 0 : 1);'
)


def missing() -> str | None:
    """Why a FreshRSS server cannot be started here, or None when it can."""
    if not (SERVER_DIR / "start").exists():
        return f"the FreshRSS test server is absent (looked for {SERVER_DIR}/start); CI has it"
    php = shutil.which("php")
    if php is None:
        return f"FreshRSS needs PHP: apt-get install {PHP_PACKAGES} (.ci/run does); CI has it"
    done = subprocess.run([php, "-r", _EXTENSIONS_OK], capture_output=True, timeout=30)
    if done.returncode != 0:
        return f"PHP lacks extensions FreshRSS needs: apt-get install {PHP_PACKAGES}"
    return None


@dataclass
class FreshRSS:
    """One running instance: its API address and account, and its data under `workdir`."""

    workdir: Path
    base_url: str
    greader_url: str
    user: str
    password: str
    pid: int
    refresh_token: str

    def refresh(self) -> str:
        """Makes the server poll every feed now (FreshRSS's own CLI); returns its report line.
        Exit status 1 means no feed was fetched, which a test may expect: not raised."""
        done = subprocess.run(
            [str(SERVER_DIR / "refresh"), str(self.workdir)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        return (done.stdout + done.stderr).strip()

    def stop(self) -> None:
        """Ends the `php -S` process (one process, no workers) and waits until it is gone."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _running(self.pid):
            time.sleep(0.02)
        if _running(self.pid):
            os.kill(self.pid, signal.SIGKILL)

    def serve_again(self) -> None:
        """Starts the stopped instance again on the same port and data (`serve`)."""
        env = _run([str(SERVER_DIR / "serve"), str(self.workdir)])
        self.pid = int(env["FRESHRSS_PID"])


def _running(pid: int) -> bool:
    """Whether the process still runs. `start` leaves php to whoever adopts orphans, which may
    reap it only later: a zombie has ended and freed its port, so it counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _run(argv: list[str]) -> dict[str, str]:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr}")
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def start(workdir: Path) -> FreshRSS:
    """Installs and starts a fresh instance in `workdir` on a free port (about 1 s)."""
    env = _run([str(SERVER_DIR / "start"), "0", str(workdir)])
    return FreshRSS(
        workdir=workdir,
        base_url=env["FRESHRSS_BASE_URL"],
        greader_url=env["FRESHRSS_GREADER_URL"],
        user=env["FRESHRSS_USER"],
        password=env["FRESHRSS_API_PASSWORD"],
        pid=int(env["FRESHRSS_PID"]),
        refresh_token=env["FRESHRSS_TOKEN"],
    )


class OtherDevice:
    """Another reader on the same account, written with urllib alone: what it sees and changes
    checks newstui's client from outside, not against itself."""

    def __init__(self, server: FreshRSS) -> None:
        self.api = server.greader_url
        form = urlencode({"Email": server.user, "Passwd": server.password}).encode()
        body = self._open(self.api + "/accounts/ClientLogin", form, auth=False).decode()
        self.auth = next(line[5:] for line in body.splitlines() if line.startswith("Auth="))
        self.token = self._open(self.api + "/reader/api/0/token").decode().strip()

    def _open(self, url: str, data: bytes | None = None, auth: bool = True) -> bytes:
        headers = {"Authorization": f"GoogleLogin auth={self.auth}"} if auth else {}
        opener = build_opener(ProxyHandler({}))  # loopback only: never an environment proxy
        with opener.open(Request(url, data=data, headers=headers), timeout=30) as answer:
            return bytes(answer.read())

    def ids(self, stream: str, **filters: str) -> set[int]:
        """Short-form ids, as FreshRSS writes them (decimal)."""
        query = urlencode({"s": stream, "n": "100000", "output": "json", **filters})
        doc = json.loads(self._open(f"{self.api}/reader/api/0/stream/items/ids?{query}"))
        return {int(ref["id"]) for ref in doc.get("itemRefs") or []}

    def unread(self, stream: str = "user/-/state/com.google/reading-list") -> set[int]:
        return self.ids(stream, xt="user/-/state/com.google/read")

    def starred(self) -> set[int]:
        return self.ids("user/-/state/com.google/starred")

    def edit_tag(self, ids: Iterable[int], add: str = "", remove: str = "") -> None:
        """Sends the ids in the short decimal form, as some clients do."""
        form = [("i", str(i)) for i in ids] + [("T", self.token)]
        form += [(k, v) for k, v in (("a", add), ("r", remove)) if v]
        body = self._open(self.api + "/reader/api/0/edit-tag", urlencode(form).encode())
        assert body.strip() == b"OK", body
