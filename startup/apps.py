from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupConfig(AppConfig):
    name = "startup"
    verbose_name = _("Opstart en relatiebeheer")

    def ready(self) -> None:
        from actionpackages import invitation_sources
        from ketenoverleg import phases
        from members import prefill
        from startup import receivers  # noqa: F401  (connects the receivers)
        from startup.selectors import invitation_candidates
        from startup.services import application_prefill, vooronderzoek_gate

        # The vooronderzoek's advice is the gate of the start-up track.
        phases.register_gate(vooronderzoek_gate)
        # Relatiebeheer pre-fills an invited prospect's membership application...
        prefill.register(application_prefill)
        # ... and offers its contact persons to a package's invitations.
        invitation_sources.register(invitation_candidates)
