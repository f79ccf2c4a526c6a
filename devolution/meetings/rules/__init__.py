"""The meetings area's rules (SPEC §8, §9), as pure functions."""
