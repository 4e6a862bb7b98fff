"""The framework-free core both backends call: models, domain operations, errors, security.

Like Flask's ``sansio`` package, nothing here knows about a web framework or a
schema library; both services translate HTTP into these plain calls and back.
"""
