"""Print where the app is served, with a QR code to open it from a phone (`make run`)."""

from __future__ import annotations

import sys

import segno


def main(url: str) -> None:
    out = sys.stdout
    out.write(f"\n  OpenProvince is starting on {url}\n")
    out.write("  Scan to open (phones need the machine's network address; try HOST=0.0.0.0):\n\n")
    segno.make(url, error="l").terminal(out=out, compact=True, border=2)
    out.write(f"\n  Back office: {url}office/   Platform admin: {url}admin/\n")
    out.write("  Create an admin account with: .venv/bin/python manage.py createsuperuser\n\n")
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/")
