"""Shared fixtures of the delivery tests: a local clone of the course and a Jupyter server."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def course_clone(tmp_path_factory):
    """A git clone of this repository's committed state: what learners would pull or clone."""
    dest = tmp_path_factory.mktemp("origin") / "dl-genomics-course"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    return dest


class JupyterServer:
    def __init__(self, root_dir, app="server"):
        self.port, self.token = free_port(), "delivery-test"
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root_dir / ".jupyter-config"), HOME=str(root_dir))
        cmd = [str(Path(sys.executable).parent / "jupyter"), app, "--no-browser", f"--port={self.port}",
               f"--ServerApp.root_dir={root_dir}", f"--IdentityProvider.token={self.token}",
               "--ServerApp.allow_root=True", "--ServerApp.open_browser=False"]
        self.log = open(root_dir.parent / f"jupyter-{app}.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter {app} did not start; see {self.log.name}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
