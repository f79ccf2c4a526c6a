"""P2's other side: for each list page, the rows its first page shows, as a queryset built by
the page's own selector. The bench runs that queryset's SQL (`sql_with_params`) on a
cursor and joins the rows into a string: the least any page of those rows could cost.

The SQL is the queryset's own, its joins and annotations included but not its prefetches,
sliced to the page: ROWS rows, or LOG_ROWS for the conflicts log. A list page that is
not paginated yet shows more rows than that, and P2 counts it against the page, as the
issue asks of a list that grows. A list page with no entry here fails the bench.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from devolution.capital.selectors import cases as capital_cases
from devolution.capital.selectors import disposals as capital_disposals
from devolution.commitments import selectors as commitments
from devolution.core import parameters
from devolution.estates import selectors as estates
from devolution.funding.selectors import allocations as funding_allocations
from devolution.funding.selectors import assurance as assurance_selectors
from devolution.funding.selectors import bids as funding_bids
from devolution.funding.selectors import contributions as funding_contributions
from devolution.funding.selectors import funds as funding_funds
from devolution.governance import selectors as governance
from devolution.meetings import selectors as meetings
from devolution.meetings.interests import selectors as interests
from devolution.meetings.models import Declaration
from devolution.notifications import selectors as notifications
from devolution.partners import selectors as partners
from devolution.partners.access import memberships_of
from devolution.public import selectors as public_record
from devolution.regulation import selectors as regulation
from devolution.workforce.selectors import indicators as workforce

ROWS = 50
LOG_ROWS = 100

# The rows of a list's first page, for the person the page is requested as.
PageRows = Callable[[Any], QuerySet[Any]]

LIST_ROWS: dict[str, PageRows] = {
    "core:parameter-list": lambda _: parameters.parameter_list()[:ROWS],
    "partners:place-list": lambda _: partners.place_list()[:ROWS],
    "partners:organisation-list": lambda _: partners.organisation_list()[:ROWS],
    "partners:partnership-list": lambda _: partners.partnership_list()[:ROWS],
    "partners:source-list": lambda _: partners.source_list()[:ROWS],
    "partners:authenticator-reset-list": lambda _: partners.authenticator_reset_list()[:ROWS],
    "governance:board-list": lambda _: governance.board_list()[:ROWS],
    "governance:function-list": lambda _: governance.function_list()[:ROWS],
    "commitments:commitment-list": lambda _: commitments.commitment_list()[:ROWS],
    # The themes page lists commitments under their themes.
    "commitments:theme-list": lambda _: commitments.commitment_list()[:ROWS],
    "meetings:meeting-list": lambda _: meetings.meeting_list()[:ROWS],
    "meetings:conflict-log": lambda _: Declaration.objects.select_related(
        "meeting__board", "person", "item"
    ).order_by("-meeting__date", "-meeting__key", "-recorded_at", "-id")[:LOG_ROWS],
    "meetings:my-actions": lambda person: meetings.my_actions(
        person.pk, {m.organisation_id for m in memberships_of(person)}
    )[:ROWS],
    # The funds page shows a row per category year, with its position.
    "funding:fund-list": lambda _: funding_funds.category_years_shown(
        meetings.default_partnership()
    )[:ROWS],
    "funding:contribution-list": lambda _: funding_contributions.contribution_rows(
        meetings.default_partnership()
    )[:ROWS],
    "meetings:interest-register": lambda _: interests.interest_list(
        partnership=meetings.default_partnership()
    )[:ROWS],
    "funding:proposal-list": lambda _: assurance_selectors.proposal_list()[:ROWS],
    "funding:bid-list": lambda person: funding_bids.bid_list(person)[:ROWS],
    "funding:allocation-list": lambda person: funding_allocations.allocation_list(person)[:ROWS],
    "estates:site-list": lambda _: estates.site_list(meetings.default_partnership())[:ROWS],
    "capital:case-list": lambda person: capital_cases.cases_visible(person)[:ROWS],
    "capital:disposal-list": lambda person: capital_disposals.disposals_visible(person)[:ROWS],
    "regulation:return-list": lambda _: regulation.return_rows()[:ROWS],
    # The decisions register: the published decisions of the partnership in view's boards,
    # the latest first.
    "public:decision-register": lambda _: public_record.decision_rows(
        public_record.PUBLIC, partnership=meetings.default_partnership(), counts=False
    )[:ROWS],
    "regulation:calendar-list": lambda _: regulation.calendar_organisations()[:ROWS],
    "workforce:indicator-list": lambda _: workforce.indicator_rows(
        workforce.Filters(systems=workforce.systems_in_view())
    )[:ROWS],
    # A person's notices, the latest first.
    "notifications:list": lambda person: notifications.notices(person)[:ROWS],
}
