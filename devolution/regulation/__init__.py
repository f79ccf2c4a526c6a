"""Regulation (SPEC §14): which regulator covers what and whom, the returns each asks
for, each organisation's consolidated reporting calendar and the data items asked twice."""
