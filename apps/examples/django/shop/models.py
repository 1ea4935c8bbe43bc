from django.db import models


class BillingNotice(models.Model):
    """A notifier callback from the Tollgate service, kept once per idempotency key."""

    key = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=50)
    user_id = models.CharField(max_length=200, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} ({self.key})"
