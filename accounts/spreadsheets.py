"""Shared by every CSV export and import: spreadsheet formula safety, and a streaming writer."""

import csv

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Text a spreadsheet will show, never run: cells that start a formula get a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def streaming_writer():
    """A csv.writer whose writerow returns the line, for StreamingHttpResponse generators."""
    return csv.writer(_Echo())
