from django.middleware.locale import LocaleMiddleware


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch, the product's language, unless the visitor chose English in the switch.

    The browser's Accept-Language is ignored so that every council page reads the
    same for everyone until someone picks another language (stored in a cookie).
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
