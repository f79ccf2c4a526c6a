import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from devolution.core.models import User
from devolution.partners.models import Organisation, Role
from devolution.partners.services import (
    membership_grant,
    memberships_keep_only,
    person_create,
    person_set_password,
)

# Demo people, each in an organisation of the London data set: one per role, and for the
# boards a second co-chair and members from several STPs, so every flow can be tried
# without setup. Their names are made up: none is a real person. The commitment owner is
# at NHS England, the organisation that leads commitments in the London data. The estates
# lead is at the trust that owns a share of the invented estates demo sites (estates.demo).
DEMO = [
    (Role.SECRETARIAT, "secretariat@demo.devolution.example", "Sam Secretariat", "london-councils"),
    (Role.CHAIR, "chair@demo.devolution.example", "Chris Chair", "nhs-england-london"),
    (Role.CHAIR, "cochair@demo.devolution.example", "Cass Co-chair", "la-camden"),
    (Role.BOARD_MEMBER, "member@demo.devolution.example", "Morgan Member", "la-hackney"),
    (Role.BOARD_MEMBER, "member2@demo.devolution.example", "Mika Member", "la-croydon"),
    (Role.BOARD_MEMBER, "member3@demo.devolution.example", "Max Member", "ccg-brent"),
    (Role.COMMITMENT_OWNER, "owner@demo.devolution.example", "Olu Owner", "nhs-england"),
    (Role.APPLICANT, "applicant@demo.devolution.example", "Ari Applicant", "ccg-city-and-hackney"),
    (Role.ASSESSOR, "assessor@demo.devolution.example", "Ash Assessor", "nhs-england-london"),
    (Role.ESTATES_LEAD, "estates@demo.devolution.example", "Eden Estates", "trust-barts-health"),
    (Role.READ_ONLY, "reader@demo.devolution.example", "Robin Reader", "phe"),
]


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts, one or more per role, and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.REQUIRE_SECOND_FACTOR and not settings.DEBUG:
            raise CommandError("Demo accounts are for the embedded run, not for production.")
        rows = []
        for role, email, name, org_key in DEMO:
            organisation = Organisation.objects.filter(key=org_key).first()
            if organisation is None:
                raise CommandError(f"Load the London data set first (no organisation {org_key}).")
            password = secrets.token_urlsafe(12)
            person = User.objects.filter(email=email).first()
            if person is None:
                person = person_create(actor=None, email=email, full_name=name, password=password)
            else:
                person_set_password(actor=None, person=person, password=password)
            membership_grant(actor=None, person=person, organisation=organisation, role=role)
            # A demo person is at its one organisation only, whatever an earlier run gave it.
            memberships_keep_only(actor=None, person=person, organisation=organisation)
            rows.append((role.label, email, password, organisation.name))
        self.stdout.write("Demo accounts (passwords are new each time this runs):")
        for label, email, password, org in rows:
            self.stdout.write(f"  {label:<22} {email:<40} {password}   ({org})")
        # Later areas give the demo people their seats (partners imports none of them).
        for path in settings.DEMO_ACCOUNT_SETUP:
            for line in import_string(path)():
                self.stdout.write(f"  {line}")
