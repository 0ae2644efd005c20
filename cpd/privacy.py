"""Spot text that could identify a patient before it leaves Bridge in a CPD export.

The NMC asks that no patient can be identified from revalidation records. This is a safety net,
not a guarantee: it looks for NHS numbers, dates of birth, and names after the word "patient".
"""

from __future__ import annotations

import dataclasses
import re

NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)")
BORN = re.compile(r"\b(?:born|d\.?o\.?b\.?|date of birth)\b[:\s]+\S+", re.IGNORECASE)
PATIENT_NAME = re.compile(
    r"\b[Pp]atient(?:'s)?\s+(?:called\s+|named\s+|(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?([A-Z][a-z]{2,})"
)
NOT_NAMES = {
    "The",
    "Was",
    "Who",
    "With",
    "And",
    "But",
    "Had",
    "Has",
    "Felt",
    "Said",
    "Told",
    "Would",
}


def nhs_number_valid(digits: str) -> bool:
    """The NHS number check digit (modulus 11)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


@dataclasses.dataclass
class Finding:
    kind: str
    excerpt: str


def scan(text: str) -> list[Finding]:
    """Possible patient identifiers in ``text``."""
    findings = []
    for match in NHS_NUMBER.finditer(text or ""):
        digits = "".join(match.groups())
        if nhs_number_valid(digits):
            findings.append(Finding("NHS number", match.group(0)))
    for match in DATE.finditer(text or ""):
        findings.append(Finding("date that may be a date of birth", match.group(0)))
    for match in BORN.finditer(text or ""):
        findings.append(Finding("date of birth", match.group(0)))
    for match in PATIENT_NAME.finditer(text or ""):
        if match.group(1) not in NOT_NAMES:
            findings.append(Finding("name after 'patient'", match.group(0)))
    return findings
