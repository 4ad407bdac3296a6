"""Fake S3: moto's server (the S3 REST API on its real paths, path-style addressing), run as its
own process. It takes any access key and, like S3, refuses an anonymous (unsigned) GET of an
object whose ACL does not grant public read.

`python -m tests.fakes.s3_server PORT`; prints "ready <port>" when listening (PORT 0: any).
Control: POST /moto-api/reset forgets every bucket and object.
"""

from __future__ import annotations

import sys
import threading

from moto.server import ThreadedMotoServer


def main(argv: list[str]) -> None:
    port = int(argv[1]) if len(argv) > 1 else 0
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()  # returns once the socket is listening
    sys.stdout.write(f"ready {server.get_host_and_port()[1]}\n")
    sys.stdout.flush()
    threading.Event().wait()  # the server runs on a daemon thread; stopped by SIGTERM


if __name__ == "__main__":
    main(sys.argv)
