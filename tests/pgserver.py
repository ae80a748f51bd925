"""A real PostgreSQL server for the tests and the benchmarks: Debian's ``postgresql`` package
(installed by ``scripts/system-deps.sh``), ``initdb`` into a temporary directory, listening on
127.0.0.1 only (no Unix socket), password authentication, stopped (and its directory removed) on
the way out, also when a test fails.

PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` user that the
Debian package creates.

    with PostgresServer.start() as server:
        url = server.create_database()      # a new, empty database: postgresql://…/name

Tests use the fixtures ``postgres_server`` (one per session) and ``database_url`` (a new database
per test); import them from here into a test module.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "reportqa"
PASSWORD = "reportqa-test-password"
NOT_INSTALLED = (
    "PostgreSQL is not installed and could not be: scripts/system-deps.sh installs the Debian "
    "package postgresql (it needs root and apt-get)"
)


def find_bin(name: str) -> str | None:
    """A PostgreSQL server program: Debian keeps them in /usr/lib/postgresql/<version>/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version)
    if found:
        return found[-1]
    return shutil.which(name)


def _version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _demote() -> tuple[int, int] | None:
    """The (uid, gid) the server runs as: the postgres user when we are root, else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "running as root, and there is no postgres user to run PostgreSQL as"
        ) from None
    return pw.pw_uid, pw.pw_gid


@dataclass
class PostgresServer:
    port: int
    datadir: Path
    proc: subprocess.Popen

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new database (a copy of ``template``, when given); its URL."""
        name = name or "t_" + uuid.uuid4().hex[:12]
        copy = f' TEMPLATE "{template}"' if template else ""
        for attempt in range(100):  # a template still used by a connection that is closing
            try:
                self.sql(f'CREATE DATABASE "{name}"{copy}')
                break
            except Exception as e:
                if "is being accessed by other users" not in str(e) or attempt == 99:
                    raise
                time.sleep(0.1)
        return self.url(name)

    def log(self) -> str:
        path = self.datadir / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    @classmethod
    @contextmanager
    def start(cls) -> Iterator[PostgresServer]:
        initdb, postgres = find_bin("initdb"), find_bin("postgres")
        if initdb is None or postgres is None:
            raise FileNotFoundError(NOT_INSTALLED)
        ids = _demote()
        datadir = Path(tempfile.mkdtemp(prefix="reportqa-pg-"))
        proc = None
        try:
            pwfile = datadir / "pw"
            pwfile.write_text(PASSWORD)
            data = datadir / "data"
            data.mkdir()
            if ids is not None:
                for p in (datadir, pwfile, data):
                    os.chown(p, *ids)

            def as_server_user() -> None:
                if ids is not None:
                    os.setgid(ids[1])
                    os.setuid(ids[0])

            done = subprocess.run(
                [initdb, "-D", str(data), "-U", USER, f"--pwfile={pwfile}"]
                + ["--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"],
                preexec_fn=as_server_user,
                capture_output=True,
                text=True,
                timeout=120,
            )
            if done.returncode != 0:
                raise RuntimeError(f"initdb failed: {done.stdout}{done.stderr}")
            port = _free_port()
            log = open(datadir / "server.log", "w")
            if ids is not None:
                os.chown(datadir / "server.log", *ids)
            proc = subprocess.Popen(
                [postgres, "-D", str(data), "-p", str(port)]
                + ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]
                + ["-c", "fsync=off", "-c", "synchronous_commit=off"]
                + ["-c", "full_page_writes=off", "-c", "max_connections=200"],
                preexec_fn=as_server_user,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            log.close()
            server = cls(port, datadir, proc)
            deadline = time.monotonic() + 60
            while True:
                try:
                    server.sql("SELECT 1")
                    break
                except Exception:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"PostgreSQL did not start:\n{server.log()}") from None
                    time.sleep(0.1)
            yield server
        finally:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # fast shutdown
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            shutil.rmtree(datadir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole test session (started on first use)."""
    if find_bin("initdb") is None:
        pytest.skip(NOT_INSTALLED)
    with PostgresServer.start() as server:
        yield server


@pytest.fixture
def database_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the test server."""
    return postgres_server.create_database()
