"""gunicorn's threaded worker with two threads of its own for the health probes.

With gthread, every request waits for one of the worker's `threads`. When storage hangs, all of them
can be stuck on storage calls, and a load balancer's /readyz would queue behind them and time out
instead of hearing "503, not ready" (the readiness view itself stops waiting for storage after
READINESS_TIMEOUT_SECONDS; it just has to be run). So this worker reads the request line before it
hands a connection to a thread: new connections wait on the worker's poller (not in a thread) until
their first bytes arrive, and a `GET /readyz` or `GET /healthz` goes to the probe threads.
"""

from __future__ import annotations

import errno
import selectors
import socket
import time
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

PROBE_THREADS = 2
PROBES = tuple(f"{method} /{path}{end}".encode() for method in ("GET", "HEAD")
               for path in ("healthz", "readyz") for end in (" ", "?"))
PEEK_BYTES = max(len(probe) for probe in PROBES)


def first_bytes(conn: TConn) -> bytes:
    """The start of the next request on `conn`, without consuming it (b"" when it cannot be seen)."""
    unreader = getattr(conn.parser, "unreader", None)
    buffered = unreader.buf.getvalue() if unreader is not None and hasattr(unreader, "buf") else b""
    if buffered:
        return buffered[:PEEK_BYTES]
    try:
        return conn.sock.recv(PEEK_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (OSError, ValueError):  # nothing yet, closed, or TLS (no peeking through it): a normal request
        return b""


class ProbeFirstThreadWorker(ThreadWorker):
    def init_process(self) -> None:
        self.probe_pool = futures.ThreadPoolExecutor(max_workers=PROBE_THREADS, thread_name_prefix="probe")
        super().init_process()

    def accept(self, listener) -> None:
        """Like gthread's, but the connection waits for its first bytes on the poller, not in a thread."""
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def enqueue_req(self, conn: TConn) -> None:
        if not first_bytes(conn).startswith(PROBES):
            super().enqueue_req(conn)
            return
        done = self.probe_pool.submit(self.handle, conn)
        done.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))

    def handle_quit(self, sig, frame) -> None:
        self.probe_pool.shutdown(wait=False)
        super().handle_quit(sig, frame)
