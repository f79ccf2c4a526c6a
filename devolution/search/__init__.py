"""Search across the registers and the text of papers, each reader seeing only what they
may (SPEC §15)."""
