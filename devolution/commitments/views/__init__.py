"""The commitments pages, by concern: the register and its work programme (`pages`), the
reports (`reports`), import and export (`transfer`)."""
