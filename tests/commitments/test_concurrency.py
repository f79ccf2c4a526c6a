"""Commitments under load (QUALITY R2, issue 9): many people posting at once, on real
threads and connections, lose nothing; a rating chosen from the same version is saved once
and the others are told (409), never a 500; imports of the same file at once apply it once.
"""

import pytest
from django.test import Client

from devolution.commitments import transfer
from devolution.commitments.models import Commitment, Milestone, ProgressUpdate, StatusChange
from devolution.core.errors import StaleEdit
from devolution.partners.models import Organisation, Role
from tests.commitments.test_transfer import GOOD, csv_bytes
from tests.conftest import make_person

# The harness needs the test database set up, which `db` does when the test runs alone.
pytestmark = pytest.mark.django_db

REFERENCE = "S000-T09"
N = 20


def _owner_and_clients(n: int) -> list[Client]:
    """Hackney owns the commitment, unrated; Alice (Hackney) signed in on n clients."""
    Commitment.objects.filter(reference=REFERENCE).update(
        lead_owner=Organisation.objects.get(key="la-hackney"), status="", rag=""
    )
    alice = make_person("alice@hackney.example", "la-hackney", Role.COMMITMENT_OWNER)
    clients = []
    for _ in range(n):
        client = Client()
        client.force_login(alice)
        clients.append(client)
    return clients


def _commitment() -> Commitment:
    return Commitment.objects.get(reference=REFERENCE)


def test_twenty_progress_updates_posted_at_once_are_all_kept(concurrent_db):
    clients = concurrent_db.setup(lambda: _owner_and_clients(N))
    before = concurrent_db.read(lambda: ProgressUpdate.objects.count())

    def post(i: int) -> int:
        form = {"progress_to_date": f"update {i}", "next_steps": "", "challenges": ""}
        return clients[i].post(f"/commitments/{REFERENCE}/updates/", form).status_code

    assert concurrent_db.at_once(N, post) == [302] * N
    kept = concurrent_db.read(
        lambda: sorted(
            ProgressUpdate.objects.filter(progress_to_date__startswith="update ").values_list(
                "progress_to_date", flat=True
            )
        )
    )
    assert kept == sorted(f"update {i}" for i in range(N))
    assert concurrent_db.read(lambda: ProgressUpdate.objects.count()) == before + N


def test_twenty_ratings_from_one_version_save_one_and_tell_the_others(concurrent_db):
    clients = concurrent_db.setup(lambda: _owner_and_clients(N))
    version = concurrent_db.read(lambda: _commitment().version)
    ratings = ["red", "amber", "green"]

    def rate(i: int) -> int:
        payload = {"progress_to_date": f"rated {i}", "rag": ratings[i % 3], "version": version}
        url = f"/api/commitments/{REFERENCE}/updates"
        return clients[i].post(url, payload, content_type="application/json").status_code

    outcomes = concurrent_db.at_once(N, rate)
    assert sorted(outcomes) == [201] + [409] * (N - 1)
    winner = outcomes.index(201)
    stored = concurrent_db.read(_commitment)
    assert (stored.rag, stored.version) == (ratings[winner % 3], version + 1)
    history = concurrent_db.read(
        lambda: list(StatusChange.objects.filter(commitment=_commitment()).values_list("rag"))
    )
    assert history == [(ratings[winner % 3],)]
    # A refused post saves nothing of itself, not even its words.
    posted = concurrent_db.read(
        lambda: list(
            ProgressUpdate.objects.filter(progress_to_date__startswith="rated ").values_list(
                "progress_to_date", flat=True
            )
        )
    )
    assert posted == [f"rated {winner}"]


def test_the_same_file_imported_five_times_at_once_is_applied_once(concurrent_db):
    content = csv_bytes(GOOD)

    def counts() -> tuple[int, ...]:
        return (
            Commitment.objects.count(),
            Milestone.objects.count(),
            ProgressUpdate.objects.count(),
            StatusChange.objects.count(),
        )

    before = concurrent_db.read(counts)

    def apply(i: int) -> object:
        return transfer.commitments_import(actor=None, content=content, filename="r.csv")

    outcomes = concurrent_db.at_once(5, apply)
    # One applies the file; each other either finds it all recorded or is told (409).
    applied = [o for o in outcomes if isinstance(o, transfer.ImportReport) and o.changed]
    others = [o for o in outcomes if not (isinstance(o, transfer.ImportReport) and o.changed)]
    assert len(applied) == 1
    assert all(
        isinstance(o, StaleEdit) or (isinstance(o, transfer.ImportReport) and not o.changed)
        for o in others
    ), others
    # The file holds 1 new commitment, 2 milestones, 2 updates and 2 ratings, once.
    after = concurrent_db.read(counts)
    assert tuple(a - b for a, b in zip(after, before, strict=True)) == (1, 2, 2, 2)
