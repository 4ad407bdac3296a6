import json
import logging

import pytest

from openprovince.core.logging import JsonFormatter, RequestIdFilter, request_id_var


def test_given_a_log_record_when_formatted_then_one_json_object_with_request_id():
    token = request_id_var.set("abc123def")
    try:
        record = logging.makeLogRecord(
            {
                "name": "x",
                "levelname": "INFO",
                "msg": "Xin chào %s",
                "args": ("bạn",),
                "path": "/agencies/",
            }
        )
        RequestIdFilter().filter(record)
        data = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert data["msg"] == "Xin chào bạn"
    assert data["request_id"] == "abc123def"
    assert data["path"] == "/agencies/"


@pytest.mark.django_db
def test_given_a_request_when_served_then_request_id_echoed_and_access_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="openprovince.access")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-given-id-1")
    assert response["X-Request-ID"] == "proxy-given-id-1"
    record = next(r for r in caplog.records if r.name == "openprovince.access")
    assert record.path == "/healthz"
    assert record.status == 200
    # A hostile id is replaced by our own.
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"
