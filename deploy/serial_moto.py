"""moto's server with one request at a time: `python deploy/serial_moto.py PORT`.

moto applies a TransactWriteItems step by step and rolls back by restoring a copy of the tables,
so two transactions running in parallel threads of the normal (threaded) moto_server can interleave
and oversell, which real DynamoDB never does (transactions are serializable per item). So
`make run-dynamodb` (deploy/local_dynamodb.sh), the race tests and `make loadtest` use this server:
they check the shop's conditional writes, not moto's thread safety. Only for local endpoints; moto is a
development requirement.
"""

from __future__ import annotations

import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def serialized(app):
    lock = threading.Lock()

    def application(environ, start_response):
        with lock:
            return list(app(environ, start_response))

    return application


if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), serialized(DomainDispatcherApplication(create_backend_app)),
               threaded=True, request_handler=MotoRequestHandler)
