import json
from posixpath import normpath
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_POST

from .models import BillingNotice
from .tollgate import TollgateUnavailable, call, entitlement_required, verify_callback

# What the proxy passes on, each way. The service checks Origin itself (CSRF), on top of Django's.
FORWARDED_REQUEST_HEADERS = ("Content-Type", "Origin", "Referer", "X-Request-Id")
FORWARDED_RESPONSE_HEADERS = ("X-Request-Id", "Allow", "Cache-Control")


@login_required
@ensure_csrf_cookie
def home(request):
    """The billing page: Tollgate's React components, and the billing emails received so far."""
    notices = BillingNotice.objects.filter(user_id=str(request.user.pk))[:10]
    return render(request, "shop/home.html", {"notices": notices})


@login_required
@entitlement_required("reports")
def reports(request):
    """A view of our own, open to plans that include reports."""
    return render(request, "shop/reports.html", {"plan": request.billing["plan"]})


def billing_proxy(request, route):
    """``/api/billing/*`` → the Tollgate service, as the signed-in user (Django's CSRF check applies)."""
    # Only the billing routes: "..", even percent-encoded, must not reach the service's other paths.
    path = normpath(f"/api/billing/{route}")
    if not path.startswith("/api/billing/"):
        message = f"No billing route at {request.path} — the proxy forwards /api/billing/* only."
        return JsonResponse({"error": {"code": "NOT_FOUND", "message": message}}, status=404)
    headers = {name: request.headers[name] for name in FORWARDED_REQUEST_HEADERS if name in request.headers}
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    body = request.body if request.method == "POST" else None
    try:
        status, upstream, content = call(
            request.method, f"{quote(path)}{query}", user=request.user, body=body, headers=headers
        )
    except TollgateUnavailable:
        message = "Billing is unavailable right now — nothing was changed. Try again in a moment."
        return JsonResponse({"error": {"code": "SERVICE_UNAVAILABLE", "message": message}}, status=503)
    response = HttpResponse(content, status=status, content_type=upstream.get("Content-Type"))
    for name in FORWARDED_RESPONSE_HEADERS:
        if upstream.get(name):
            response[name] = upstream[name]
    return response


@csrf_exempt  # a server-to-server call: its HMAC signature is the check
@require_POST
def billing_callback(request):
    """Notifier callbacks from the service: verified, kept once per idempotency key, emailed."""
    if not verify_callback(request.body, request.headers.get("Tollgate-Signature", "")):
        message = "Tollgate-Signature is missing, does not match TOLLGATE_CALLBACK_SECRET, or is over 5 minutes old."
        return JsonResponse({"error": {"code": "INVALID_SIGNATURE", "message": message}}, status=400)
    event = json.loads(request.body)
    data = event["data"]
    # The signed body's id is the idempotency key (the Idempotency-Key header repeats it unsigned).
    notice, created = BillingNotice.objects.get_or_create(
        key=event["id"],
        defaults={"type": event["type"], "user_id": data.get("userId") or "", "payload": data},
    )
    user = get_user_model().objects.filter(pk=notice.user_id).first() if notice.user_id else None
    if created and user and user.email:
        send_mail(
            subject=f"Billing: {event['type'].replace('_', ' ')}",
            message=f"Your plan is now {data['status']['plan']} ({data['status']['status']}).",
            from_email=None,
            recipient_list=[user.email],
        )
    return HttpResponse(status=204)
