"""Seats for the demo accounts, so the demo chair and member act as the board's seats say."""

from django.db import transaction

from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.models import Membership, Place

from .models import BoardMember, SeatRule

# (demo email, board, seat rule label, place code or None, office): the SPB's two
# co-chairs, and members for three of its five STPs.
DEMO_SEATS = [
    (
        "chair@demo.devolution.example",
        "spb",
        "NHS England London Regional Director (co-chair)",
        None,
        "co_chair",
    ),
    ("cochair@demo.devolution.example", "spb", "CELC Health Lead (co-chair)", None, "co_chair"),
    ("member@demo.devolution.example", "spb", "STP borough lead", "QMF", ""),  # North East
    ("member2@demo.devolution.example", "spb", "STP borough lead", "QWE", ""),  # South West
    ("member3@demo.devolution.example", "spb", "STP CCG lead", "QRV", ""),  # North West
]


def demo_seats_fill() -> list[str]:
    """Seat the demo people on their boards, for their own organisation; running it again
    changes nothing."""
    done = []
    for email, board_key, label, place_code, office in DEMO_SEATS:
        person = User.objects.filter(email=email).first()
        rule = SeatRule.objects.filter(board__key=board_key, label=label).first()
        membership = Membership.objects.filter(person=person).first() if person else None
        if person is None or rule is None or membership is None:
            continue
        place = Place.objects.filter(code=place_code).first() if place_code else None
        with transaction.atomic():
            member, created = BoardMember.objects.get_or_create(
                board=rule.board,
                person=person,
                defaults={
                    "seat_rule": rule,
                    "organisation_id": membership.organisation_id,
                    "place": place,
                    "office": office,
                },
            )
            if created:
                audit_record(
                    actor=None, action="seat", obj=member, before=None, after=snapshot(member)
                )
        done.append(f"{person} holds a seat on {rule.board.name}: {label}")
    return done
