"""What the public record shows on the home page (core.links): for everyone, the boards'
latest decisions, and in plain words where to find each part of the record, from who sits
where to the open data."""

from typing import Any

from django.urls import reverse

from devolution.core.links import HomeItem, HomeSection, PageLink
from devolution.meetings.home import decided_recently
from devolution.meetings.offers import decision_home_item
from devolution.partners.selectors import partnership_in_view


def public_record_home(person: Any, day: Any) -> list[HomeSection]:
    partnership = partnership_in_view(None)
    who = partnership.short_name or partnership.name if partnership else "the partnership"
    links = (
        ("The boards", "governance:board-list", "Who sits where, and the phase each board is in"),
        (
            "Meetings",
            "meetings:meeting-list",
            "Agendas, public papers, decisions and approved minutes",
        ),
        (
            "The decisions register",
            "public:decision-register",
            "Every published decision of every board",
        ),
        (
            "Commitments",
            "commitments:commitment-list",
            "What the partners committed to, and their latest progress",
        ),
        ("Funds", "funding:fund-list", "The money: allocations and spend"),
        (
            "Conflicts of interest",
            "meetings:conflict-log",
            "Every declaration of interest and ruling",
        ),
        (
            "Open data",
            "public:open-data",
            "The record to download, under the Open Government Licence",
        ),
    )
    decided = decided_recently(partnership, day)
    return [
        HomeSection(
            "decided",
            "Decided recently",
            decided.count,
            tuple(decision_home_item(d) for d in decided.rows),
            "No decisions are published yet.",
            PageLink("All decisions", reverse("public:decision-register")),
            intro="The boards' latest published decisions.",
        ),
        HomeSection(
            "public-record",
            "The public record",
            len(links),
            tuple(
                HomeItem(PageLink(text, reverse(route)), note=note) for text, route, note in links
            ),
            "",
            intro=f"What {who} is, who decides what, and what was decided, spent and delivered.",
        ),
    ]
