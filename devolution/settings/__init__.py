"""Settings: `base` is shared; `local`, `production` and `test` adapt it."""
