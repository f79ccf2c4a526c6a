"""Workforce (SPEC §13): the apprenticeship levy, high cost area supplements and pay
against the living wages, and each organisation's workforce indicators for the London
Workforce Board."""
