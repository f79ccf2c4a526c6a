"""Funding's rules as pure functions of plain values (no Django, no database)."""
