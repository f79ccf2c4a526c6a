"""Links an area offers on another area's page, without the lower area importing it."""

from devolution.core import links


def test_links_offered_on_a_page_are_given_for_its_object_once_each(monkeypatch):
    monkeypatch.setattr(links, "_providers", {})

    def provider(obj):
        return [links.PageLink(f"about {obj}", f"/{obj}/")]

    links.links_offer("thing", provider)
    links.links_offer("thing", provider)
    assert links.links_for("thing", "x") == [links.PageLink("about x", "/x/")]
    assert links.links_for("other", "x") == []


def test_the_commitments_area_offers_the_work_programme_on_the_board_page():
    from devolution.commitments.selectors import board_work_programme_link

    assert board_work_programme_link in links._providers["board"]


def test_reports_and_home_sections_offered_twice_are_given_once(monkeypatch):
    monkeypatch.setattr(links, "_report_providers", [])
    monkeypatch.setattr(links, "_home_providers", {})
    entry = links.ReportEntry("Group", "A report", "What it shows.", ("a:report",))
    section = links.HomeSection("mine", "Mine", 0, (), "None.")

    def reports(partnership):
        return [entry]

    def sections(person, day):
        return [section]

    links.reports_offer(reports)
    links.reports_offer(reports)
    links.home_offer("person", sections)
    links.home_offer("person", sections)
    assert links.reports_for(None) == [entry]
    assert links.home_sections("person", None, None) == [section]
    assert links.home_sections("everyone", None, None) == []


def test_each_area_offers_its_reports_and_the_meetings_area_the_home_sections():
    from devolution.capital.offers import capital_reports
    from devolution.commitments.offers import commitments_reports
    from devolution.funding.offers.assurance import assurance_reports
    from devolution.funding.offers.funds import funds_reports
    from devolution.funding.offers.giving import giving_reports
    from devolution.funding.offers.places import places_reports
    from devolution.governance.offers import governance_reports
    from devolution.meetings.offers import meetings_home, meetings_home_everyone, meetings_reports
    from devolution.public.offers import public_record_home
    from devolution.regulation.offers import regulation_reports
    from devolution.workforce.offers import workforce_reports

    assert links._report_providers == [
        governance_reports,
        commitments_reports,
        meetings_reports,
        funds_reports,
        assurance_reports,
        places_reports,
        giving_reports,
        capital_reports,
        workforce_reports,
        regulation_reports,
    ]
    assert links._home_providers == {
        "person": [meetings_home],
        "everyone": [meetings_home_everyone, public_record_home],
    }
