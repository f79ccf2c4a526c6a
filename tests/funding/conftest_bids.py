"""Fixtures of the bid tests: applicants of two organisations, an assessor, and a bid
ready to submit (London's data holds no bids: these are made here)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from devolution.funding.models import Assurance
from devolution.funding.services.bids import BidData, MeasureData, bid_create
from devolution.partners.models import Role
from tests.conftest import make_person

CATEGORY = "london-transformation-funding/unallocated"
HACKNEY_BOROUGH = "E09000012"
CAMDEN_BOROUGH = "E09000007"


@pytest.fixture(name="applicant")
def applicant_fixture(db):
    """An applicant of the London Borough of Hackney."""
    return make_person("applicant@hackney.example", "la-hackney", Role.APPLICANT, "Ann Applicant")


@pytest.fixture(name="camden_applicant")
def camden_applicant_fixture(db):
    """An applicant of another organisation, Camden."""
    return make_person("applicant@camden.example", "la-camden", Role.APPLICANT, "Carl Camden")


@pytest.fixture(name="assessor")
def assessor_fixture(db):
    return make_person("assessor@nhse.example", "nhs-england", Role.ASSESSOR, "Ada Assessor")


def full_data(**changes) -> BidData:
    """A bid with everything a submission needs."""
    data = BidData(
        title="Social prescribing in Hackney",
        category=CATEGORY,
        level="borough",
        applicant="organisation:la-hackney",
        purpose="Link workers in every practice.",
        outcomes="Fewer repeat visits to the GP by lonely older people.",
        places=[HACKNEY_BOROUGH],
        amounts={"2018-19": 250_000},
        measures=[
            MeasureData(
                name="Repeat GP visits a month", unit="visits", baseline="900", target="700"
            )
        ],
        evidence={a.key: f"Evidence on {a.title}." for a in Assurance.objects.all()},
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture(name="hackney_draft")
def hackney_draft_fixture(applicant):
    return bid_create(actor=applicant, data=full_data())


@pytest.fixture(name="camden_draft")
def camden_draft_fixture(camden_applicant):
    return bid_create(
        actor=camden_applicant,
        data=full_data(
            title="Camden falls service",
            applicant="organisation:la-camden",
            places=[CAMDEN_BOROUGH],
        ),
    )


def pdf_upload(name: str = "plan.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = BytesIO()
        writer.write(out)
        content = out.getvalue()
    return SimpleUploadedFile(name, content, content_type="application/pdf")
