"""The `devolution` command: Django's management commands, with friendly spellings.

devolution load-london          load the embedded London data set (idempotent)
devolution load-dataset FILE... load another partnership's data set (all files or none)
devolution demo-accounts        create one demo account per role and print them
devolution audit verify         check the audit chain
devolution backup FILE          back up the database, stored files and checkpoint (ADR 25)
devolution restore FILE         restore such a backup into a fresh database
devolution bench                the speed bars of QUALITY.md
devolution check-config         is the environment fit for production? (before the server starts)
"""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["check-config"]:
        # Without loading any settings: the production settings would stop at the first
        # missing secret, and this names them all (core.deployment).
        from devolution.core.deployment import config_report

        sys.exit(config_report(os.environ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devolution.settings.local")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "devolution"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
