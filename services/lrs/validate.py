"""Check xAPI statements (a JSON list on stdin) against Ralph's model of an xAPI 1.0.3
statement; print each problem and exit 1 if there is any."""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

problems = 0
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as error:
        problems += 1
        print(statement.get("id"), error, file=sys.stderr)
print(f"{problems} invalid")
sys.exit(1 if problems else 0)
