"""Voorzitter, secretaris and penningmeester were free role records; they become
kernteam functions held from a seat (handbook 7.5.2).

Each old record becomes a function term. Where a later record of the same function
started while an earlier one ran, the earlier one ends on that day: one holder at a
time. A record whose holder had no kernteam seat on its first day is kept as history
but ends at once and takes nothing over (it never was a valid function). Role records of kernteam roles
(kernteamlid, the functions) are then removed: those roles follow from the kernteam's
own records only.
"""

from datetime import timedelta

from django.db import migrations

OFFICERS = ("voorzitter", "secretaris", "penningmeester")
KERNTEAM_HELD = OFFICERS + ("kernteamlid", "procesbegeleider")


def forwards(apps, schema_editor):
    RoleAssignment = apps.get_model("ketenoverleg", "RoleAssignment")
    BoardAppointment = apps.get_model("members", "BoardAppointment")
    Term = apps.get_model("members", "BoardFunctionTerm")
    pairs = (
        RoleAssignment.objects.filter(role__in=OFFICERS, council__isnull=False)
        .values_list("council_id", "role")
        .distinct()
    )
    for council_id, role in sorted(set(pairs)):
        previous = None
        for record in RoleAssignment.objects.filter(council_id=council_id, role=role).order_by(
            "starts_on", "pk"
        ):
            seat = (
                BoardAppointment.objects.filter(
                    council_id=council_id,
                    user_id=record.user_id,
                    starts_on__lte=record.starts_on,
                    ends_on__gte=record.starts_on,
                )
                .order_by("-starts_on")
                .first()
            )
            fields = {
                "council_id": council_id,
                "function": role,
                "user_id": record.user_id,
                "starts_on": record.starts_on,
                "decided_by": "kernteam",
                "decided_on": record.starts_on,
                "recorded_at": record.created_at,
            }
            if seat is None:
                # Never a valid function: kept as history, it takes nothing over.
                Term.objects.create(
                    **fields,
                    ended_on=record.starts_on,
                    end_note="Vastgelegd zonder zetel in het kernteam: geen geldige functie.",
                )
                continue
            if previous is not None and (
                previous.ended_on is None or previous.ended_on > record.starts_on
            ):
                previous.ended_on = max(record.starts_on, previous.starts_on)
                previous.end_note = "Opgevolgd."
                previous.save(update_fields=["ended_on", "end_note"])
            previous = Term.objects.create(
                **fields,
                appointment=seat,
                ended_on=record.ends_on + timedelta(days=1) if record.ends_on else None,
            )
    RoleAssignment.objects.filter(role__in=KERNTEAM_HELD).delete()


def backwards(apps, schema_editor):
    RoleAssignment = apps.get_model("ketenoverleg", "RoleAssignment")
    Term = apps.get_model("members", "BoardFunctionTerm")
    for term in Term.objects.filter(function__in=OFFICERS):
        ends_on = term.ended_on - timedelta(days=1) if term.ended_on else None
        if ends_on is not None and ends_on < term.starts_on:
            continue
        RoleAssignment.objects.create(
            council_id=term.council_id,
            user_id=term.user_id,
            role=term.function,
            starts_on=term.starts_on,
            ends_on=ends_on,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ketenoverleg", "0007_role_procesbegeleider"),
        ("members", "0002_board_function_terms"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
