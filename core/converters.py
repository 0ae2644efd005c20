"""URL converters. ``<id:...>`` is a database id: digits that fit the smallest id column in use.

A plain ``<int:...>`` accepts any number of digits, and a 30-digit id overflows SQLite's 64-bit
integers inside the query (a 500). Ids beyond the range of a 32-bit ``AutoField`` (PostgreSQL's
``integer``) cannot exist, so such a URL matches nothing and answers 404 on every database.
"""

MAX_ID = 2**31 - 1


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError("id out of range")  # Django treats this as "no match": a 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))
