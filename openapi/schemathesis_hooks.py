"""schemathesis hooks for .ci/contract.

The document says an `Idempotency-Key` is "any unique string": a key sent twice with different
bodies is refused (422), as the IETF draft asks. Generated data reuses values freely, so each
request that carries a well-formed key gets a fresh one; a malformed key (negative data) is left
as generated, so its rejection is still tested. Replays are tested in tests/api.

The tools call with one access token for the whole run. `POST /v1/auth/logout-all` with
`{"credentials": "everything"}` refuses every access token issued so far, the caller's included:
generated once, it left every later case a 401 and most operations untested
(schemathesis warned "Authentication failed: 41 operations returned only 401/403 responses").
Such a case is sent with `"sessions"` instead; tests/api covers ending every credential.
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
    if (
        case.method.upper() == "POST"
        and case.path == "/v1/auth/logout-all"
        and isinstance(case.body, dict)
        and case.body.get("credentials") == "everything"
    ):
        case.body["credentials"] = "sessions"
    return case
