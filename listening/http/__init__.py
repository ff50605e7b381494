"""The one HTTP client every listening connector uses.

Why not `requests`: we need to pin the connection to the IP address we checked (no DNS rebinding
between the check and the connect), a hard total deadline (a server dripping one byte a second
must not hold a worker), and a streamed size cap. The standard library's http.client gives us all
three in a few lines.

Guarantees, per request (see docs/listening-sources.md):
- http and https only; no credentials in URLs.
- The host name is resolved once; *every* resolved address must be public, or the request is
  refused before any connection is made. The socket then connects to one of those checked
  addresses (the Host header and TLS SNI/certificate check still use the host name).
  Loopback (127.0.0.0/8, ::1) is allowed only when settings.LISTENING_ALLOW_PRIVATE_ADDRESSES is
  true (tests); other networks only when listed in settings.LISTENING_ALLOWED_NETWORKS.
- Redirects are followed by hand (at most 5), each hop re-checked like the first.
- A connect timeout, and a total deadline for the whole exchange (headers and body).
- The body is streamed and abandoned past max_bytes (declared Content-Length is checked first);
  gzip is decompressed incrementally under the same cap (no zip bombs).
- Polite pacing: at least LISTENING_HOST_INTERVAL_SECONDS between requests to the same host
  (per process).
- Conditional GET from a state dict (ETag / Last-Modified); 304 comes back as not_modified.
"""

from .client import HttpClient, default_user_agent
from .pacing import reset_pacing
from .policy import address_is_allowed
from .response import (
    DEFAULT_CONNECT_TIMEOUT_SECONDS,
    DEFAULT_HOST_INTERVAL_SECONDS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT_SECONDS,
    FetchError,
    HttpResponse,
    conditional_headers,
    updated_validators,
)
from .wire import _retry_after

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT_SECONDS",
    "DEFAULT_HOST_INTERVAL_SECONDS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_TIMEOUT_SECONDS",
    "FetchError",
    "HttpClient",
    "HttpResponse",
    "_retry_after",
    "address_is_allowed",
    "conditional_headers",
    "default_user_agent",
    "reset_pacing",
    "updated_validators",
]
