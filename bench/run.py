"""`make bench`: page weight, then HTTP throughput. Prints figures; never fails on a goal.

.venv/bin/python -m bench.run [--quick] [--only pageweight|http|cases|reports|dossiers
                                                |questions|payments|shops]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import subprocess

import django

from . import cases, dossiers, http, pageweight, payments, questions, reports, shops
from .server import ROOT

PARTS = ("pageweight", "http", "cases", "reports", "dossiers", "questions", "payments", "shops")


def _git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        return "unknown"
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    )
    # Figures from uncommitted code must not pass for figures of the commit.
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description="Page weight and HTTP throughput figures."
    )
    parser.add_argument(
        "--only",
        choices=PARTS,
        help="run one part",
    )
    parser.add_argument(
        "--quick", action="store_true", help="development: wrk 3 s, no uncached rows"
    )
    args = parser.parse_args(argv)
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    print(f"OpenProvince bench — {now}")
    print(
        f"commit {_git_commit()}, Python {platform.python_version()}, Django {django.get_version()}"
    )
    if args.quick:
        print("--quick: development figures, not for notes")
    if args.only in (None, "pageweight"):
        pageweight.main()
    if args.only in (None, "http"):
        http.main(quick=args.quick)
    if args.only in (None, "cases"):
        cases.main(total=10_000 if args.quick else 100_000)
    if args.only in (None, "reports"):
        reports.main(total=20_000 if args.quick else 1_000_000)
    if args.only in (None, "dossiers"):
        dossiers.main(total=20_000 if args.quick else 200_000)
    if args.only in (None, "questions"):
        questions.main(total=10_000 if args.quick else 100_000)
    if args.only in (None, "payments"):
        payments.main(
            callbacks=500 if args.quick else 2000, bills=20_000 if args.quick else 500_000
        )
    if args.only in (None, "shops"):
        shops.main(total=10_000 if args.quick else 100_000)


if __name__ == "__main__":
    main()
