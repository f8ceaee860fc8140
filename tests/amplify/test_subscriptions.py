"""The real aws-amplify v6 client subscribes over wss:// exactly as a front end does, and hears a staff
price change (API key) and its shopper's order status change (a signed-in user's token).

The server is the real ASGI server behind TLS (a throw-away self-signed certificate, trusted by the Node
client only: NODE_TLS_REJECT_UNAUTHORIZED=0), because Amplify always connects with wss://.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.realtime.conftest import PEOPLE, World
from tests.services import ROOT, AppServer, app_environment, manage, self_signed_certificate, stop

RUNNER = Path(__file__).resolve().parent / "run_subscription.mjs"


@pytest.fixture(scope="module")
def secure_world(tmp_path_factory, node):
    folder = tmp_path_factory.mktemp("amplify-wss")
    env = app_environment(SQLITE_PATH=str(folder / "db.sqlite3"), DJANGO_ALLOWED_HOSTS="127.0.0.1",
                          REALTIME_POLL_SECONDS="0.05")
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    made = manage("shell", "--no-imports", "-c", PEOPLE, env=env)
    assert made.returncode == 0, made.stderr
    certificate, key = self_signed_certificate(folder)
    server = AppServer(env, workers=2, threads=4, log=folder / "server.log", tls=(certificate, key)).start()
    try:
        outputs = manage("amplify_outputs", "--url", f"{server.url}/graphql", "--out", str(folder), env=env)
        assert outputs.returncode == 0, outputs.stderr
        people = json.loads(made.stdout.strip().splitlines()[-1])
        yield World(backend="sqlite", env=env, a=server, b=server, people=people, certificate=str(certificate),
                    outputs=str(folder / "amplify_outputs.json"))
    finally:
        server.stop()


class AmplifySubscriber:
    """The Node client, subscribed in its own process; lines are what it heard."""

    def __init__(self, node: str, world: World, mode: str, query: str, variables: dict, *, token: str = ""):
        scenario = {"outputs": world.outputs, "mode": mode, "token": token, "query": query, "variables": variables,
                    "count": 1, "seconds": 60}
        trusting = {**os.environ, "NODE_NO_WARNINGS": "1", "NODE_TLS_REJECT_UNAUTHORIZED": "0"}
        self.process = subprocess.Popen([node, str(RUNNER), json.dumps(scenario)], cwd=ROOT, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=trusting)

    def wait_ready(self) -> None:
        line = json.loads(self.process.stdout.readline() or '{"exited": true}')
        assert line == {"ready": True}, (line, self.process.stderr.read() if self.process.poll() is not None else "")

    def heard(self) -> dict:
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, (out, err)
        return json.loads(out.strip().splitlines()[-1])

    def stop(self) -> None:
        stop(self.process, seconds=5)


def test_an_api_key_subscriber_hears_a_staff_price_change(node, secure_world):
    product = secure_world.product(price=20)
    subscriber = AmplifySubscriber(node, secure_world, "apiKey", """
        subscription OnUpdateProduct($filter: ModelSubscriptionProductFilterInput) {
          onUpdateProduct(filter: $filter) { id name price inStock }
        }""", {"filter": {"id": {"eq": product["id"]}}})
    try:
        subscriber.wait_ready()
        secure_world.graphql("mutation($id: ID!) { updateProduct(input: {id: $id, price: 17.5}) { id } }",
                             {"id": product["id"]})
        assert subscriber.heard() == {"data": {"onUpdateProduct": {
            "id": product["id"], "name": product["name"], "price": 17.5, "inStock": True}}}
    finally:
        subscriber.stop()


def test_a_signed_in_shopper_hears_their_order_ship(node, secure_world):
    product = secure_world.product(price=5, stock=4)
    order = secure_world.order(product)
    subscriber = AmplifySubscriber(node, secure_world, "lambda", """
        subscription OnUpdateOrder { onUpdateOrder { id status userId } }""", {},
                                   token=secure_world.people["ada"]["token"])
    try:
        subscriber.wait_ready()
        secure_world.graphql("mutation($id: ID!) { updateOrder(input: {id: $id, status: PAID}) { id } }",
                             {"id": order["id"]})
        assert subscriber.heard() == {"data": {"onUpdateOrder": {
            "id": order["id"], "status": "PAID", "userId": secure_world.people["ada"]["id"]}}}
    finally:
        subscriber.stop()
