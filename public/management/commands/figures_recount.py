from django.core.management.base import BaseCommand

from public import figures


class Command(BaseCommand):
    help = (
        "Tel de cijfers van elk ketenoverleg (leden per geleding, pakketten per status, "
        "ondertekeningen) opnieuw na data die buiten de services om is geschreven."
    )

    def handle(self, *args, **options):
        counted = figures.recount_all()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Cijfers van {counted} ketenoverleggen geteld."))
