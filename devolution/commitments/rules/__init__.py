"""The commitments area's rules, as pure functions."""
