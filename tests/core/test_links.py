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
