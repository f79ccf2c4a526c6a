"""Pages for meetings (SPEC §8, §9, §15), by concern: the list and what the public sees
(public), a meeting's record for staff (record), scheduling and the agenda (schedule),
the agenda pack (packs), the minutes (minutes) and a person's actions (actions). Thin,
over selectors and services; what each reader sees is visibility.py's one rule."""
