"""The Tollgate billing service, seen from Django.

- ``signed_user(user)``: the ``Tollgate-User`` header that tells the service who the user is.
- ``call(...)``: one request to the service (the proxy and the entitlement check use it).
- ``entitlement_required("reports")``: a view decorator that asks the service for the user's
  billing status and answers 403 with an upgrade page when the plan does not grant the feature
  (503 with a "try again" page while the service cannot answer: it fails closed).
- ``verify_callback(...)``: checks the signature of a notifier callback from the service.
"""
import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from functools import wraps
from urllib import error, request

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

logger = logging.getLogger(__name__)

USER_HEADER = "Tollgate-User"
CALLBACK_TOLERANCE_SECONDS = 300


class TollgateUnavailable(Exception):
    """The service could not answer (down, or it refused our identity)."""


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def signed_user(user) -> str:
    """A fresh, single-use Tollgate-User header for ``user`` (sign one per request)."""
    claims = {
        "id": str(user.pk),
        "email": user.email,
        "name": user.get_full_name() or user.get_username(),
        "iat": int(time.time()),
        "nonce": secrets.token_urlsafe(16),
    }
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    key = settings.TOLLGATE_USER_SECRET.encode()
    signature = _b64url(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def call(method, path, user=None, body=None, headers=None):
    """One request to the service: ``(status, headers, body bytes)``, errors included."""
    headers = dict(headers or {})
    if user is not None and user.is_authenticated:
        headers[USER_HEADER] = signed_user(user)
    req = request.Request(f"{settings.TOLLGATE_URL}{path}", data=body, method=method, headers=headers)
    try:
        with request.urlopen(req, timeout=15) as response:
            return response.status, response.headers, response.read()
    except error.HTTPError as refused:
        return refused.code, refused.headers, refused.read()
    except error.URLError as down:
        raise TollgateUnavailable(f"Tollgate at {settings.TOLLGATE_URL} is unreachable: {down.reason}") from down


def billing_status(user) -> dict:
    """The user's plan, status, access and entitlements (from the service's store: fast)."""
    status, _, body = call("GET", "/api/billing/status", user=user)
    if status != 200:
        raise TollgateUnavailable(f"GET /api/billing/status answered {status}: {body[:300]!r}")
    return json.loads(body)


def grants(status: dict, feature: str) -> bool:
    """Whether the plan in effect grants ``feature``: ``true``, or a limit other than 0."""
    value = status.get("entitlements", {}).get(feature)
    if isinstance(value, bool):
        return value
    return isinstance(value, (int, float)) and value != 0


def entitlement_required(feature):
    """Lets the view run only for users whose plan grants ``feature``; others see an upgrade page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                status = billing_status(request.user)
            except TollgateUnavailable as down:
                # Fail closed, and say so: the view stays shut until billing answers again.
                logger.warning("entitlement check for %s failed: %s", feature, down)
                return render(request, "shop/unavailable.html", {"feature": feature}, status=503)
            if not grants(status, feature):
                context = {"feature": feature, "status": status}
                return render(request, "shop/upgrade.html", context, status=403)
            request.billing = status
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def verify_callback(body: bytes, header: str) -> bool:
    """Checks ``Tollgate-Signature: t=…,v1=…`` (HMAC-SHA256 of ``t.body``) and its age."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        at = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(time.time() - at) > CALLBACK_TOLERANCE_SECONDS:
        return False
    key = settings.TOLLGATE_CALLBACK_SECRET.encode()
    expected = hmac.new(key, f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))
