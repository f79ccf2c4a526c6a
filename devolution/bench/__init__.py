"""The speed bars of QUALITY.md, P1 to P7, measured side by side: `devolution bench`.

The bench makes two SQLite databases of its own (WAL, as `database_from_url` sets them
up) in a temporary folder, so it never touches the real one: London's data set as it
ships (every part of settings.LONDON_DATA_LOADERS, in order), and an England of 42
integrated care systems generated with London's shape on top of London's own data, so
that London's records (the SPB, board key "spb") are there at both sizes. Both have a
record of London's meetings made up for the bench (attendance, declarations, rulings,
actions: see `meetings_record`), which England copies for each system. It switches
Django's default connection between them, requests pages in process with Django's test
client (server time, not the network) and reports medians after a warm-up. The two sides
of every ratio are measured turn and turn about, so the noise of a shared machine falls
on both alike.

P1 alone is measured over HTTP, as QUALITY words it ("a hello JSON view of the same
server"): the bench starts `devolution runserver` on a free loopback port, on London's
database and with the bench's own settings and DEBUG, and times whole requests from a
client (see `Server`). P2, P3 and P5 stay in process; P6 times the legal rules engine
itself, with no database. P7 times a board pack of 20 items as PDF and as HTML.

A page added to the site is one more entry in PAGES.
"""


class BenchError(Exception):
    """The bench could not measure: a page failed, or the two sides differ."""
