"""The governance area's rules, as pure functions over frozen dataclasses."""
