"""Exit codes, one meaning each (docs/exit-codes.md lists them)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    RECORD_ERRORS = 1  # batch: at least one record could not be decided (its error record is in the output)
    TESTS_FAILED = 1  # rules test: a pack's test failed, or none ran (each failure is shown)
    PACK_PROBLEMS = 1  # rules validate: a pack file has a problem (each is listed with its place)
    USAGE = 2  # bad flags, unreadable file, invalid encounter, unknown jurisdiction
    STORE_FAULT = 3  # the hold store cannot be used (unwritable, full, busy, damaged); nothing was written
    INTERRUPTED = 130  # Ctrl-C
