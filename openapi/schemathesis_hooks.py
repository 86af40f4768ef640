"""schemathesis hooks for .ci/contract.

The document says an `Idempotency-Key` is "any unique string": a key sent twice with different
bodies is refused (422), as the IETF draft asks. Generated data reuses values freely, so each
request that carries a well-formed key gets a fresh one; a malformed key (negative data) is left
as generated, so its rejection is still tested. Replays are tested in tests/api.
"""

import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"^[\x21-\x7e]{1,255}$")


@schemathesis.hook
def map_case(context, case):
    # `map_case` runs in every phase (`map_headers` only shapes the generated strategies).
    headers = case.headers
    if headers:
        for name in list(headers):
            value = headers[name]
            if name.lower() == "idempotency-key" and isinstance(value, str) and WELL_FORMED.match(value):
                headers[name] = str(uuid.uuid4())
    return case
