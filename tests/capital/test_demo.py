"""The demo set: made only on the estates demo's invented sites, labelled as invented,
and made once however often the demo command runs."""

from devolution.capital.demo import demo_capital
from devolution.capital.models import BusinessCase, Disposal, Reinvestment
from devolution.estates.models import Site
from devolution.partners.models import Partnership

from .conftest_capital import LONDON, site_make


def test_no_demo_sites_no_demo_capital(db):
    site_make("real-site")
    assert demo_capital(Partnership.objects.get(key=LONDON)) == []
    assert not BusinessCase.objects.exists() and not Disposal.objects.exists()


def test_demo_cases_and_disposals_on_the_demo_sites_once(db):
    for ref, status in [("demo-a", "operational"), ("demo-b", "surplus"), ("demo-c", "surplus")]:
        site_make(ref, status=status, is_demo=True)
    london = Partnership.objects.get(key=LONDON)
    made = demo_capital(london)
    assert made == ["demo-hub", "demo-clinic-refit", "demo-sale-demo-b", "demo-sale-demo-c"]
    assert demo_capital(london) == []
    assert all(c.is_demo for c in BusinessCase.objects.all())
    assert all(d.is_demo for d in Disposal.objects.all())
    sold = Disposal.objects.get(ref="demo-sale-demo-b")
    assert sold.completed is not None and sold.reinvested == 1_500_000 <= sold.receipt
    assert Reinvestment.objects.get().case.ref == "demo-hub"
    assert Site.objects.get(ref="demo-b").status == "disposed"
    assert Disposal.objects.get(ref="demo-sale-demo-c").completed is None
