from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Transactional email: subscribes to the order events and queues their emails in the outbox."""

    name = "notifications"
    verbose_name = "Email"

    def ready(self) -> None:
        from notifications import checks, subscribers  # noqa: F401 - registers the system checks

        subscribers.register()
