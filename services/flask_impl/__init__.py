"""The Conduit API on Flask and marshmallow; twin of `services.fastapi_impl`."""
