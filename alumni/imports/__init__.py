"""Reading alumni import files: an HRIS leavers file and LinkedIn's Connections.csv (formats),
one row as the program sees it (rows), and the safe reading of uploaded bytes (reading). Parsing
only: what an import writes is alumni.services.imports."""

from .formats import HRIS_COLUMNS, LINKEDIN_HEADER, ImportReader
from .reading import ImportFileError, decode, max_bytes, max_rows, read_upload
from .rows import ImportRow, RowError

__all__ = [
    "HRIS_COLUMNS",
    "LINKEDIN_HEADER",
    "ImportFileError",
    "ImportReader",
    "ImportRow",
    "RowError",
    "decode",
    "max_bytes",
    "max_rows",
    "read_upload",
]
