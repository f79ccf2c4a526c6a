"""The `devolution` command: Django's management commands, with friendly spellings.

devolution load-london          load the embedded London data set (idempotent)
devolution load-dataset FILE... load another partnership's data set (all files or none)
devolution demo-accounts        create one demo account per role and print them
devolution audit verify         check the audit chain
devolution backup FILE          back up the database, stored files and checkpoint (ADR 25)
devolution restore FILE         restore such a backup into a fresh database
devolution bench                the speed bars of QUALITY.md
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devolution.settings.local")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "devolution"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
