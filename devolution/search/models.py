"""The search index (SPEC §15): one row for each thing a reader may find, with its words,
where it lives and who may see it, so that what a reader may see is a part of the query.
The words are indexed by the database's own full-text search (ADR 23): an FTS5 table
beside this one on SQLite, a tsvector column with a GIN index on PostgreSQL."""

from django.db import models


class Entry(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        PLACE = "place", "Place"
        BOARD = "board", "Board"
        MEETING = "meeting", "Meeting"
        ITEM = "item", "Agenda item"
        DECISION = "decision", "Decision"
        PAPER = "paper", "Paper"
        COMMITMENT = "commitment", "Commitment"
        UPDATE = "update", "Progress update"
        BID = "bid", "Bid"
        SITE = "site", "Site"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The thing's own key within its kind: "<kind>:<id>" is unique.
    ref = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    # Where someone not signed in reads it, if not at `url` (a staff page): the public page
    # of its meeting, a paper's public download.
    public_url = models.CharField(max_length=400, blank=True)
    board_id = models.IntegerField(null=True, blank=True)  # the board it belongs to, if any
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, default="day")  # day, month or year
    # Who may see it, besides the secretariat, who sees everything.
    public = models.BooleanField(default=False)
    staff = models.BooleanField(default=False)
    # Members of this board (its confidential business) see it.
    reader_board_id = models.IntegerField(null=True, blank=True)
    # Bids are seen by the bids' own rule, which each search's query asks (rules/scope.py).

    class Meta:
        indexes = [models.Index(fields=["kind", "board_id", "date"], name="search_entry_filters")]

    def __str__(self) -> str:
        return self.ref
