"""Reading training exports from Strong, Hevy and Liftosaur into neutral ``ImportedSet`` rows,
and hipthrust's own JSON export back (``formats.backup``).

Pure parsing: ``parse_file`` reads a file's bytes once, everything else works on text. The
formats, the columns read, the exercise-name mapping and the rules are in docs/import.md.
"""

from hipthrust.formats.detect import detect_format, parse_format_name
from hipthrust.formats.names import is_deadlift, is_hip_thrust_family, variation_for
from hipthrust.formats.parse import ExportStream, open_export, parse_file, parse_text
from hipthrust.formats.records import (
    CSV_FORMATS,
    DEFAULT_LIMITS,
    FORMAT_NAMES,
    FORMATS,
    SET_TYPES,
    Format,
    ImportedSet,
    ImportLimits,
    ImportResult,
    ParseNotes,
    SetType,
)

__all__ = [
    "CSV_FORMATS",
    "DEFAULT_LIMITS",
    "FORMATS",
    "FORMAT_NAMES",
    "SET_TYPES",
    "ExportStream",
    "Format",
    "ImportLimits",
    "ImportResult",
    "ImportedSet",
    "ParseNotes",
    "SetType",
    "detect_format",
    "is_deadlift",
    "is_hip_thrust_family",
    "open_export",
    "parse_file",
    "parse_format_name",
    "parse_text",
    "variation_for",
]
