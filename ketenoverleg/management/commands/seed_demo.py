from django.core.management.base import BaseCommand
from django.db import transaction

from actionpackages import demo as actionpackages_demo
from exchange import demo as exchange_demo
from ketenoverleg import demo
from ketenstatistiek import demo as ketenstatistiek_demo
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo councils and their users. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = demo.seed()
            members_demo.seed()
            meetings_demo.seed()
            projects_demo.seed()
            actionpackages_demo.seed()
            ketenstatistiek_demo.seed()
            actionpackages_demo.seed_statistics_indicator()
            exchange_demo.seed()
            demo.seed_news()
        self.stdout.write(self.style.SUCCESS("Demo data ready: Betonketenoverleg Groningen."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:45} {role}")
