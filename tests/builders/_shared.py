"""What the builders share: a sequence for unique names, a caption file, a password."""

import itertools

_seq = itertools.count(1)

VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:05.000\nHello and welcome.\n"
PASSWORD = "a-long-test-password-1"
