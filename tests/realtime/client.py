"""A real WebSocket client speaking AppSync's real-time protocol to a server a test started."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

PROTOCOL = "graphql-ws"


def encode_header(header: dict, *, urlsafe: bool) -> str:
    raw = json.dumps(header).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=") if urlsafe else base64.b64encode(raw).decode()


class Realtime:
    """One connection. `auth` is the header object (x-api-key or Authorization; host is added);
    `form` is where it travels: Amplify v6's `header-...` subprotocol or AppSync's `?header=` query."""

    def __init__(self, base_url: str, auth: dict | None = None, *, form: str = "subprotocol",
                 origin: str | None = None, cookie: str | None = None, protocols: list[str] | None = None,
                 **connect_options: object) -> None:
        self.host = urlsplit(base_url).netloc
        self.auth = {"host": self.host, **auth} if auth is not None else None
        url = base_url.replace("http://", "ws://").replace("https://", "wss://") + "/graphql/realtime"
        subprotocols = [PROTOCOL] if protocols is None else protocols
        if self.auth is not None and form == "subprotocol":
            subprotocols = [*subprotocols, f"header-{encode_header(self.auth, urlsafe=True)}"]
        elif self.auth is not None:
            url += f"?header={encode_header(self.auth, urlsafe=False)}&payload=e30="
        headers = {**({"Origin": origin} if origin else {}), **({"Cookie": cookie} if cookie else {})}
        self.ws: ClientConnection = connect(url, subprotocols=subprotocols, additional_headers=headers,
                                            **{"open_timeout": 10, "close_timeout": 2, "max_size": 2**22,
                                               **connect_options}).__enter__()

    def __enter__(self) -> Realtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.ws.close()

    def send(self, message: dict | str) -> None:
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def init(self) -> dict:
        """connection_init, and the server's answer (connection_ack or connection_error)."""
        self.send({"type": "connection_init"})
        return self.next()

    def start(self, sub_id: str, query: str, variables: dict | None = None, *, auth: dict | None = None) -> dict:
        """Starts a subscription as Amplify does (auth repeated in extensions); returns start_ack or error."""
        authorization = {"host": self.host, **auth} if auth is not None else self.auth
        payload: dict = {"data": json.dumps({"query": query, "variables": variables or {}})}
        if authorization is not None:
            payload["extensions"] = {"authorization": authorization}
        self.send({"type": "start", "id": sub_id, "payload": payload})
        return self.next()

    def next(self, timeout: float = 10, *, keep_alives: bool = False) -> dict:
        """The next message (keep-alives skipped unless asked for)."""
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if keep_alives or message.get("type") != "ka":
                return message

    def data(self, sub_id: str, timeout: float = 10) -> dict:
        """The payload data of the next message, which must be `data` for subscription `sub_id`."""
        message = self.next(timeout)
        assert (message["type"], message.get("id")) == ("data", sub_id), message
        return message["payload"]["data"]

    def quiet_for(self, seconds: float) -> list[dict]:
        """Every message but keep-alives received within `seconds` (expected: none)."""
        received, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = json.loads(self.ws.recv(timeout=left))
            except TimeoutError:
                break
            if message.get("type") != "ka":
                received.append(message)
        return received

    def closed(self, timeout: float = 10) -> int | None:
        """Waits for the server to close the connection; its close code."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        except (ConnectionClosed, TimeoutError):
            pass
        return self.ws.close_code
