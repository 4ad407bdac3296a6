"""The Django side of bench/reports_http.py, run in subprocesses with the bench database's
environment: seed reports, prepare the people, sessions and request bodies for wrk, count
(and check) the new reports. Each entry prints one JSON line.

python -m bench.reports_http_worker seed N
python -m bench.reports_http_worker prepare DATA.lua PLACES.json PEOPLE PLACES ORIGIN
python -m bench.reports_http_worker count SINCE_ID PLACES.json
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

BOUNDARY = "----OpenProvinceBench7MA4YWxkTrZu0gW"
USER_PREFIX = "benchhttp-"
SAMPLE = 50  # new reports checked for category, photo and state


def _lua_string(data: bytes) -> str:
    """A Lua string literal for any bytes (decimal escapes for the rest)."""
    out = ['"']
    for byte in data:
        if 32 <= byte < 127 and byte not in (34, 92):
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03d}")
    out.append('"')
    return "".join(out)


def _part(name: str, value: str) -> str:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'


def _prepare(data_path: str, places_path: str, people: int, places: int, origin: str) -> None:
    """People with sessions, their CSRF cookies, the multipart pieces: one Lua data file."""
    import random

    from django.conf import settings
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.http import HttpRequest
    from django.middleware.csrf import get_token
    from django.utils.crypto import get_random_string

    from bench import reports_worker as rw
    from openprovince.accounts.models import User
    from openprovince.demo.province import LOCAL
    from openprovince.reports.models import ReportCategory

    # Production's WSGI entry refuses to serve while the demo officials exist (bench/server.py
    # does the same before serving).
    call_command("remove_demo_accounts", verbosity=0)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    tag = uuid.uuid4().hex[:6]
    entries = []
    for n in range(people):
        user = User.objects.create_user(f"{USER_PREFIX}{tag}-{n}")
        request = HttpRequest()
        request.session = SessionStore()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        login(request, user, backend=backend)  # SESSION_KEY, BACKEND and HASH, as a sign-in
        request.session.save()
        secret = get_random_string(32)  # the csrftoken cookie; the form carries it masked
        cookie = f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}; "
        cookie += f"{settings.CSRF_COOKIE_NAME}={secret}"
        # Fields in the form's order: csrf token, idempotency key (value added by wrk), photos…
        request.META["CSRF_COOKIE"] = secret  # get_token masks this cookie's secret
        head = _part("csrfmiddlewaretoken", get_token(request))
        head += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="idempotency_key"\r\n\r\n'
        # Each person's own address, as the TLS proxy forwards it (the server trusts 127.0.0.1
        # as its proxy).
        address = rw.person_address(n)
        entries.append(
            f"{{cookie={_lua_string(cookie.encode())}, head={_lua_string(head.encode())}, "
            f"address={_lua_string(address.encode())}}}"
        )
    photo = (
        f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="anh.jpg"'
        "\r\nContent-Type: image/jpeg\r\n\r\n"
    ).encode() + rw.jpeg()
    codes = list(
        ReportCategory.objects.filter(is_active=True)
        .exclude(code="other")
        .values_list("code", flat=True)
    )
    rng, weights = random.Random(uuid.uuid4().hex), rw.cell_weights()
    sent, lua_places = [], []
    for _ in range(places):
        lat, lng = rw.point_in_cell(rng, rng.choices(range(len(LOCAL)), weights)[0])
        category = rng.choice(codes)
        sent.append([f"{lat:.6f}", f"{lng:.6f}", category])
        # Unchecked boxes (photo_location, show_name) are not sent; empty inputs are.
        rest = "\r\n" + "".join(
            _part(name, value)
            for name, value in (
                ("lat", f"{lat:.6f}"),
                ("lng", f"{lng:.6f}"),
                ("address", ""),
                ("ward", ""),
                ("category", category),
                ("description", rw.DESCRIPTION),
            )
        )
        lua_places.append(_lua_string((rest + f"--{BOUNDARY}--\r\n").encode()))
    with open(data_path, "w") as out:
        out.write("return {\n")
        out.write(
            f"origin={_lua_string(origin.encode())},\nboundary={_lua_string(BOUNDARY.encode())},\n"
        )
        out.write(f"photo={_lua_string(photo)},\n")
        out.write("people={\n" + ",\n".join(entries) + "},\n")
        out.write("places={\n" + ",\n".join(lua_places) + "},\n}\n")
    Path(places_path).write_text(json.dumps(sent))
    print(json.dumps({"people": people, "places": places, "categories": len(codes)}))


def _count(since: int, places_path: str) -> None:
    """New reports by bench people (id > since), and a check of a sample of them."""
    from django.core.files.storage import default_storage
    from django.db.models import Max

    from openprovince.reports.models import Report, ReportDraft, ReportPhoto

    mine = Report.objects.filter(case__applicant__username__startswith=USER_PREFIX)
    result: dict[str, Any] = {
        "bench_reports": mine.count(),
        "max_id": Report.objects.aggregate(m=Max("id"))["m"] or 0,
        "drafts": ReportDraft.objects.count(),
        "problems": [],
    }
    if since and places_path:
        sent = {(lat, lng): code for lat, lng, code in json.loads(Path(places_path).read_text())}
        sample = list(
            mine.filter(id__gt=since).select_related("category", "case").order_by("?")[:SAMPLE]
        )
        for report in sample:
            key = (f"{report.lat:.6f}", f"{report.lng:.6f}")
            photos = list(ReportPhoto.objects.filter(report=report))
            if sent.get(key) != report.category.code:
                result["problems"].append(f"{report.case.code}: category {report.category.code}")
            if len(photos) != 1 or not all(
                default_storage.exists(p.storage_name) and default_storage.exists(p.thumbnail_name)
                for p in photos
            ):
                result["problems"].append(
                    f"{report.case.code}: {len(photos)} photo(s) or missing file"
                )
            if report.status != "open" or report.case.state != "received":
                result["problems"].append(
                    f"{report.case.code}: {report.status}/{report.case.state}"
                )
        result["checked"] = len(sample)
    print(json.dumps(result))


def _seed(total: int) -> None:
    from bench import reports_worker as rw
    from openprovince.reports.models import Report

    started = time.perf_counter()
    rw.seed(total)
    print(json.dumps({"reports": Report.objects.count(), "seed_s": time.perf_counter() - started}))


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    args = sys.argv[1:]
    if args[0] == "seed":
        _seed(int(args[1]))
    elif args[0] == "prepare":
        _prepare(args[1], args[2], int(args[3]), int(args[4]), args[5])
    else:
        _count(int(args[1]), args[2])


if __name__ == "__main__":
    main()
