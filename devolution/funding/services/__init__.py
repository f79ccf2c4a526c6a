"""Funding's changes, one module per part: each change checks who may make it and the
rules, and writes in one transaction with its audit record (SPEC §10, §11)."""
