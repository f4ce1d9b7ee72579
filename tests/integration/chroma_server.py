"""Start a real Chroma server (`chroma run`) for tests, and always stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChromaServer:
    host: str
    port: int
    path: Path
    log: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _alive(host: str, port: int) -> bool:
    for route in ("/api/v2/heartbeat", "/api/v1/heartbeat"):
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{route}", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            continue
    return False


@contextmanager
def chroma_server(path: Path, timeout_s: float = 60.0, *, port: int | None = None) -> Iterator[ChromaServer]:
    """Run `chroma run --path PATH` on ``port`` (default: a free local port) until the block exits.

    The server runs in its own process group and is terminated (then killed) on exit, even when the
    block raises or the server never became ready. A fixed port lets a test restart a server in place.
    """
    host, port = "127.0.0.1", port or free_port()
    exe = Path(sys.executable).parent / "chroma"
    log_path = path.parent / f"chroma-server-{port}-{time.monotonic_ns()}.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(exe), "run", "--path", str(path), "--host", host, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not _alive(host, port):
                if proc.poll() is not None:
                    raise RuntimeError(f"chroma server exited with {proc.returncode}: see {log_path}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"chroma server not ready after {timeout_s:.0f} s: see {log_path}")
                time.sleep(0.2)
            yield ChromaServer(host=host, port=port, path=path, log=log_path, process=proc)
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
