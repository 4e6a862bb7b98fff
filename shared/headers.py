"""HTTP headers both backends send, written once."""

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
"""On every response."""

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
"""Content-Security-Policy of every response that is not a docs page: JSON renders nothing."""

CONTENT_SECURITY_POLICY = "Content-Security-Policy"


def security_headers(existing_policy: str | None) -> dict[str, str]:
    """The headers to add to a response; a docs page keeps the policy it set itself."""
    return {**SECURITY_HEADERS, CONTENT_SECURITY_POLICY: existing_policy or API_POLICY}


DOCS_PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'"
)
"""Content-Security-Policy of the docs pages: the browser itself refuses anything from another host
(ReDoc's sidebar, for one, asks for a logo from its CDN)."""
