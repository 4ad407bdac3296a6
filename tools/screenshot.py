"""Take the README screenshot of the home page: `make screenshot` (serves the demo itself)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(out: str) -> None:
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "VAR_DIR": var,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
        }
        for args in (["migrate", "-v0"], ["load_demo_province"]):
            subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(
                    viewport={"width": 390, "height": 760}, device_scale_factor=2
                )
                page.goto(url)
                page.screenshot(path=out)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/img/home.png")
