"""`manage.py run_worker`: run background tasks until stopped (SIGTERM or Ctrl-C finish the
task in hand first). `--once` runs what is due and exits (cron, tests)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from openprovince.tasks.worker import tasks_run_worker, worker_queues


class Command(BaseCommand):
    help = "Run background tasks (periodic ones included) from the TASKS_BACKEND queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due, then exit")
        parser.add_argument(
            "--queue", action="append", dest="queues", help="queue to serve (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TASKS_BACKEND == "immediate":
            self.stderr.write("TASKS_BACKEND=immediate runs tasks at once; no worker needed.")
            return
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        queues = options["queues"] or worker_queues()
        self.stdout.write(f"worker: backend {settings.TASKS_BACKEND}, queues {', '.join(queues)}")
        ran = tasks_run_worker(once=options["once"], queues=queues, stop=stop)
        self.stdout.write(f"worker: {ran} task(s) run")
