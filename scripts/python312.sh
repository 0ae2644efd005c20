#!/usr/bin/env bash
# Print a Python 3.12 interpreter: the local OpenID Connect provider used by the tests needs it
# (the site itself runs on 3.11). On PATH first, then any pyenv install.
set -euo pipefail
for candidate in python3.12 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3.12; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
    command -v "$candidate"
    exit 0
  fi
done
echo "Python 3.12 not found: install it (for example with pyenv) to run the single sign-on tests" >&2
exit 1
