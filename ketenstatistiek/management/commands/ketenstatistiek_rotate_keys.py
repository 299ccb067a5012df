from django.core.management.base import BaseCommand
from django.db import transaction

from ketenstatistiek import services


class Command(BaseCommand):
    help = (
        "Re-encrypt every ketenstatistiek figure with the first key of KETENSTATISTIEK_KEYS. "
        "Put the new key in front, run this, then drop the old key."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = services.rotate_keys()
        self.stdout.write(self.style.SUCCESS(f"{count} figures re-encrypted with the first key."))
