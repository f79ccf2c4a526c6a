"""Keeping people informed (SPEC §15): notifications by e-mail and on the site, sent in
background tasks, and each person's calendar of what is coming up."""
