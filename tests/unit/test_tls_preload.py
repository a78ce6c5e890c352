"""Tests loading the shared TLS context on a thread (newstui.net.transport.start_loading_tls):
the context is the one later asked for, and no thread is left once it is (a fork may follow)."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_the_thread_loads_the_context_that_is_then_shared() -> None:
    run(
        "import ssl, threading\n"
        "from newstui.net import transport\n"
        "transport.start_loading_tls()\n"
        "transport.start_loading_tls()  # once\n"
        "context = transport.shared_ssl_context()\n"
        "assert isinstance(context, ssl.SSLContext)\n"
        "assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname\n"
        "assert transport.shared_ssl_context() is context\n"
        "transport.load_http_stack()\n"
        "assert transport.shared_ssl_context() is context\n"
        "assert threading.active_count() == 1  # nothing running at a fork\n"
    )


def test_a_failure_on_the_thread_is_raised_where_the_context_is_asked_for() -> None:
    # A bad SSL_CERT_FILE: no traceback from the thread, the error where it was before.
    run(
        "import os\n"
        "os.environ['SSL_CERT_FILE'] = '/nonexistent/ca.pem'\n"
        "from newstui.net import transport\n"
        "transport.start_loading_tls()\n"
        "try:\n"
        "    transport.shared_ssl_context()\n"
        "except OSError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
    )
