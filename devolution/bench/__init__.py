"""The speed bars of QUALITY.md, P1 to P8, measured side by side: `devolution bench`.

The bench makes two SQLite databases of its own (WAL, as `database_from_url` sets them
up) in a temporary folder, so it never touches the real one: London's data set as it
ships (every part of settings.LONDON_DATA_LOADERS, in order), and an England of 42
partnerships generated with London's shape on top of London's own data, so that London's
records are there at both sizes. Both have a record of London's meetings made up for the
bench (`meetings_record`, `run.bench_record`).

It requests every GET route of the URL configuration (routes.py), each with keys from
the data (keys.py), through gunicorn with production's settings, one server per database
(server.py), the two sizes turn and turn about; counts each route's queries in process;
compares each list page with its rows by raw SQL (rows.py); times the documents, the
legal rules engine and a board pack; and puts twenty clients on England's server
(throughput.py). It prints a row for every route and a figure for every bar, and fails
when one is missed. docs/adr/0013-an-honest-bench.md says why it measures so.
"""


class BenchError(Exception):
    """The bench could not measure: a route failed, or the two sides differ."""
