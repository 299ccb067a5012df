from django.core.management.base import BaseCommand
from django.db import transaction

from actionpackages import demo as actionpackages_demo
from alv import demo as alv_demo
from dialogue import demo as dialogue_demo
from exchange import demo as exchange_demo
from ketenoverleg import demo, pagecache, roles
from ketenstatistiek import demo as ketenstatistiek_demo
from library import demo as library_demo
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo
from startup import demo as startup_demo
from workshops import demo as workshops_demo


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
            dialogue_demo.seed()
            library_demo.seed()
            actionpackages_demo.seed_travel()
            actionpackages_demo.seed_flows()
            logins.append(members_demo.seed_latecomer())
            demo.seed_statute()
            demo.seed_notification_preferences()
            alv_demo.seed()
            startup_demo.seed()
            workshops_demo.seed()
            logins.append((startup_demo.GENODIGDE, "Genodigde, Meubelketenoverleg Groningen"))
            demo.seed_news()
            demo.seed_statute()
            pagecache.bump_all()  # cached public pages show the new data at once
            roles.roles_changed()  # and people's roles are looked up afresh
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: Betonketenoverleg Groningen, and Meubelketenoverleg "
                "Groningen in start-up."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:45} {role}")
