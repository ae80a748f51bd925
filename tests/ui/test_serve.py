"""``reportqa serve``: listens on 127.0.0.1, prints the address once it can answer, stops on
SIGTERM; a missing index or a busy port is a clear error."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _serve(*args: str) -> subprocess.Popen:
    env = {**os.environ, "REPORTQA_EMBEDDING_MODEL": "hash", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "reportqa.cli", "serve", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_prints_the_address_and_answers(index_copy):
    proc = _serve("--index", str(index_copy), "--port", "0")
    try:
        line = proc.stdout.readline()
        m = re.search(r"问答服务已启动：(http://127\.0\.0\.1:\d+)/ ", line)
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        url = m.group(1)
        health = httpx.get(url + "/api/health", timeout=10).json()
        assert health["reports"] == 2
        r = httpx.post(
            url + "/api/ask", json={"question": "淮安市2024年收到多少政府信息公开申请？"}
        )
        assert r.json()["figures"][0]["value"] == 3119
        assert httpx.get(url + "/", timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0


def test_serve_without_an_index_says_what_to_do(tmp_path):
    proc = _serve("--index", str(tmp_path / "missing"), "--port", "0")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "请先运行 reportqa ingest" in err


def test_serve_on_a_busy_port(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _serve("--index", str(tmp_path), "--port", str(port))
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"无法监听 127.0.0.1:{port}" in err
