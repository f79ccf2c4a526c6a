"""Import and export of the commitments register (SPEC §15 "Import and export"): the
commitments, milestones and progress updates a partnership keeps in a spreadsheet, as CSV
or XLSX.

One layout, in and out (`columns`): one sheet (the workbook's first, or the CSV itself),
row 1 naming the columns, one row a record, the `record` column saying which (commitment,
milestone or update). An exported file (`exporting`) imports again to no change.

An import reads the file (`reading`), checks every row before it writes anything
(`checking`), then applies it in one transaction through the commitments services
(`applying`), refusing the whole file with every problem named by row and column. Records
are matched by their natural keys (a commitment by its reference, a milestone by its
commitment and title, an update by its commitment, date and progress text), so importing a
file twice changes nothing. A blank cell leaves what is stored as it is: a file never
erases data.
"""

from .applying import commitments_import, import_enforce_may
from .columns import (
    COLUMNS,
    DATE_HINT,
    IMPORT_SOURCE,
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED,
    NAMES,
    XLSX_TYPE,
    ImportReport,
    check_size,
    problem_text,
)
from .exporting import (
    export_csv,
    export_filename,
    export_xlsx,
    key_lists,
    register_rows,
    template_csv,
    template_xlsx,
)

__all__ = [
    "COLUMNS",
    "DATE_HINT",
    "IMPORT_SOURCE",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UNZIPPED",
    "NAMES",
    "XLSX_TYPE",
    "ImportReport",
    "check_size",
    "commitments_import",
    "export_csv",
    "export_filename",
    "export_xlsx",
    "import_enforce_may",
    "key_lists",
    "problem_text",
    "register_rows",
    "template_csv",
    "template_xlsx",
]
