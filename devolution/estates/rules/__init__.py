"""The estates area's rules, as pure functions."""
