"""``python -m hoso`` is the ``hoso`` command."""

import sys

from hoso.cli import main

sys.exit(main())
