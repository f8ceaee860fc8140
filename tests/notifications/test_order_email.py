"""Order emails: queued after commit, delivered through Django's email backend (files, SES on moto)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import worker
from notifications.models import OutboxEmail
from notifications.services import MAX_ATTEMPTS, backoff, outbox_deliver, outbox_retry_failed
from orders.services import order_change_status
from tests.conftest import SHOPPER_DETAILS
from tests.mail import SENDER, read_mail_folder, text_of


def place_and_move(make_product, place_order, committed):
    """One order shipped, another cancelled: three events that each send an email."""
    kettle = make_product(name="Copper kettle", price="25.00", stock=5)
    with committed():
        shipped = place_order(items=[(kettle.id, 2)], key="a")
        cancelled = place_order(items=[(kettle.id, 1)], key="b")
        order_change_status(order_id=shipped.id, status="PAID")
        order_change_status(order_id=shipped.id, status="SHIPPED")
        order_change_status(order_id=cancelled.id, status="CANCELLED")
    return shipped, cancelled


def test_each_event_sends_its_email_through_the_file_backend(make_product, place_order, committed, mail_folder):
    shipped, cancelled = place_and_move(make_product, place_order, committed)
    assert OutboxEmail.objects.filter(sent_at=None).count() == 4  # queued only; nothing sent in the request

    report = outbox_deliver()

    assert (report.sent, report.failed) == (4, 0)
    messages = read_mail_folder(mail_folder)
    assert sorted(m["Subject"] for m in messages) == sorted([
        f"Your Cloud Shop order {shipped.number}", f"Your Cloud Shop order {cancelled.number}",
        f"Your order {shipped.number} has shipped", f"Your order {cancelled.number} was cancelled",
    ])
    for message in messages:
        assert message["From"] == SENDER and message["To"] == SHOPPER_DETAILS["customer_email"]
    confirmation = next(m for m in messages if m["Subject"] == f"Your Cloud Shop order {shipped.number}")
    body = text_of(confirmation)
    assert shipped.number in body and "2 × Copper kettle — $50.00" in body and "Total: $50.00" in body
    assert "1 Analytical Way\nLondon" in body and "No payment has been taken" in body
    assert f"http://127.0.0.1:8000/account/orders/{shipped.id}/" in body
    html = confirmation.get_body(preferencelist=("html",)).get_content()
    assert shipped.number in html and "Copper kettle" in html
    # Delivered once: a second run sends nothing again.
    assert outbox_deliver().sent == 0 and len(read_mail_folder(mail_folder)) == 4


def test_paid_and_delivered_send_nothing_and_a_rolled_back_order_sends_nothing(
        make_product, place_order, committed, mail_folder):
    kettle = make_product(stock=1)
    with committed():
        order = place_order(items=[(kettle.id, 1)])
        order_change_status(order_id=order.id, status="PAID")
        with pytest.raises(Exception, match="left"):
            place_order(items=[(kettle.id, 1)], key="sold-out")
    assert list(OutboxEmail.objects.values_list("kind", flat=True)) == ["order_placed"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_each_event_sends_its_email_through_ses(make_product, place_order, committed, ses):
    ses.verify()
    shipped, cancelled = place_and_move(make_product, place_order, committed)

    assert outbox_deliver().sent == 4

    messages = ses.sent()
    assert sorted(m["Subject"] for m in messages) == sorted([
        f"Your Cloud Shop order {shipped.number}", f"Your Cloud Shop order {cancelled.number}",
        f"Your order {shipped.number} has shipped", f"Your order {cancelled.number} was cancelled",
    ])
    for message in messages:
        assert message["From"] == f"Cloud Shop <{ses.address}>"
        assert message["To"] == SHOPPER_DETAILS["customer_email"]
    shipping = next(m for m in messages if m["Subject"] == f"Your order {shipped.number} has shipped")
    assert shipped.number in text_of(shipping) and "Copper kettle" in text_of(shipping)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_checkout_whose_email_fails_succeeds_and_the_email_is_retried(make_product, customer_client, committed,
                                                                          ses, caplog):
    kettle = make_product(name="Kettle", stock=3)
    customer_client.post("/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    with committed():
        response = customer_client.post("/checkout/", {**SHOPPER_DETAILS, "idempotency_key": "k-1"})
    assert response.status_code == 302  # SES is not reached during the request at all

    # The sender is not verified yet: SES refuses, the failure is logged and the email kept for later.
    assert outbox_deliver().failed == 1
    [row] = OutboxEmail.objects.all()
    assert row.status == "queued" and row.attempts == 1 and "MessageRejected" in row.last_error
    assert row.next_attempt_at > timezone.now() + backoff(1) - timedelta(seconds=30)
    assert any("email not sent, retrying" in r.getMessage() for r in caplog.records)
    page = customer_client.get(response["Location"])
    assert "is on its way" in page.content.decode() and "We sent" not in page.content.decode()

    ses.verify()
    assert outbox_deliver().sent == 0  # not due yet: the backoff is kept
    assert outbox_deliver(now=timezone.now() + backoff(1)).sent == 1

    [message] = ses.sent()
    assert row.to_email == message["To"] and "Kettle" in text_of(message)
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert "We sent a confirmation to" in customer_client.get(response["Location"]).content.decode()


def test_retries_end_after_max_attempts_and_can_be_offered_again(make_product, place_order, committed, settings):
    settings.EMAIL_BACKEND = "notifications.ses.SesEmailBackend"
    settings.SHOP_EMAIL_FROM = "Cloud Shop <nobody@unverified.example.com>"
    with committed():
        place_order(items=[(make_product().id, 1)])
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        now += timedelta(days=1)
        outbox_deliver(now=now)
    [row] = OutboxEmail.objects.all()
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
    assert outbox_deliver(now=now + timedelta(days=30)).failed == 0  # no longer retried by itself

    assert outbox_retry_failed() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_deliver().sent == 1 and len(mail.outbox) == 1


def test_the_same_event_told_twice_queues_one_email(make_product, place_order, committed):
    with committed():
        order = place_order(items=[(make_product().id, 1)])
    from notifications.subscribers import on_order_placed
    from orders.domain import OrderPlaced

    on_order_placed(OrderPlaced(order))
    assert OutboxEmail.objects.filter(reference=order.id).count() == 1


@pytest.mark.django_db(transaction=True)
def test_in_background_mode_the_web_process_sends_after_the_response(settings, transactional_db):
    from catalog.services import category_create, product_create
    from orders.services import order_place

    settings.EMAIL_DELIVERY = "background"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    category = category_create(name="Kitchen")
    product = product_create(name="Pan", price="9.00", category_id=category.id, stock=2)
    order = order_place(user_id="7", idempotency_key="bg", items=[(product.id, 1)], **SHOPPER_DETAILS)

    worker.wait_idle()

    assert [m.subject for m in mail.outbox] == [f"Your Cloud Shop order {order.number}"]
    assert OutboxEmail.objects.get(reference=order.id).status == "sent"
