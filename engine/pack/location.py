"""Where the bundled policy pack lives: the `policies/` folder at the top of the source tree.

The product runs from an editable install (`make run`, `make test`), so the pack is found beside the
`engine` package rather than inside it; `--policies` and `SHAREWISE_POLICY_PACK` name any other folder.
"""

from __future__ import annotations

import os

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bundled_pack_dir() -> str:
    """The `policies/` folder shipped with the product."""
    return os.path.join(SOURCE_ROOT, "policies")


def bundled_schema_dir() -> str:
    """The JSON Schemas of the pack format, inside the bundled pack."""
    return os.path.join(bundled_pack_dir(), "schema")
