"""One identity, one account: the one form of a username and of an e-mail address.

Both are normalised before they are stored or compared (registration, login,
update, profile lookups, list filters, tokens), so the database's unique
constraints on `users.username` and `users.email` hold the normalised forms and
decide, even between concurrent registrations, that two ways of writing one name
are one account. The schema layers normalise before they check a field's limits,
so the limits apply to what is stored.
"""

from __future__ import annotations

import unicodedata


def username(value: str) -> str:
    """NFKC (Unicode UAX #15): `José` with a composed `é` or with `e` + U+0301 is one name, and so are
    compatibility forms (fullwidth letters U+FF41..., the U+FB01 `fi` ligature) and their plain letters.

    Case is kept and compared as written: `Bob` and `bob` are two names, as in the URLs they appear in.
    """
    return unicodedata.normalize("NFKC", value)


def email(value: str) -> str:
    """NFC (UAX #15), then lower case: `Mixed.Case@Example.TEST` is `mixed.case@example.test`.

    The domain is case-insensitive by definition (RFC 5321 §2.4); the local part may
    be case-sensitive there, but no mail system in use treats it so, and two accounts
    for one mailbox are the worse outcome. NFC, not NFKC: an address is only recomposed
    (`e` + U+0301 is `é`), never rewritten into other characters.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).lower())
