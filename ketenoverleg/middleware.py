from django.middleware.locale import LocaleMiddleware

from ketenoverleg import worklist


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch, the product's language, unless the visitor chose English in the switch.

    The browser's Accept-Language is ignored so that every council page reads the
    same for everyone until someone picks another language (stored in a cookie).
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


class MyWorkCountMiddleware:
    """A form sent by a logged-in user may have changed what waits for them: the count
    on "Mijn werk" in the navigation is taken afresh after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            worklist.refresh_count(request)
        return response
