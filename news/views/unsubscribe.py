"""The digest's unsubscribe link: GET asks, POST stops the digest."""

from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from news.models import Subscription
from news.unsubscribe import InvalidToken, read_token


# Exempt from CSRF because RFC 8058's one-click unsubscribe is a POST that the mail client
# (Gmail, Apple Mail...) sends itself, without our form or cookie. The signed token in the
# address is the authority: it names one member and cannot be forged, and all a forged
# cross-site POST could do with a stolen link is what the link's owner asked for.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user_id = read_token(token)
    except InvalidToken as error:
        return _refused(request, error.reason, status=400)
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        return _refused(request, "unknown", status=404)
    subscription = Subscription.objects.filter(user_id=user_id).first()
    receives = subscription is not None and subscription.digest != Subscription.Digest.NONE
    # A GET changes nothing: mail scanners and link previews open every link of an email.
    if request.method == "GET":
        return TemplateResponse(
            request,
            "news/unsubscribe.html",
            {"subscription": subscription, "receives": receives},
        )
    if receives:
        subscription.set_digest(Subscription.Digest.NONE)
        subscription.save(update_fields=["digest", "updated_at"])
    return TemplateResponse(request, "news/unsubscribe_done.html", {"was_receiving": receives})


def _refused(request, reason: str, status: int):
    return TemplateResponse(
        request, "news/unsubscribe_invalid.html", {"reason": reason}, status=status
    )
