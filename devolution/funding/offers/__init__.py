"""What funding offers on the pages of the areas below it (core.links), one module per
part: its bids in "Your work", its framework on a board's page, its reports on the
reports index."""

GROUP = "Funding"
