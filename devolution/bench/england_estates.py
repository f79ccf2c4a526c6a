"""The bench's estate: London's invented demo set of sites (estates.demo), made before
England is generated, so both sizes hold it and the estates pages have a site to show."""

from devolution.estates.demo import demo_estates_fill


def estates_record() -> None:
    demo_estates_fill()
