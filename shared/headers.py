"""HTTP headers both backends send, written once."""

DOCS_PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'"
)
"""Content-Security-Policy of the docs pages: the browser itself refuses anything from another host
(ReDoc's sidebar, for one, asks for a logo from its CDN)."""
