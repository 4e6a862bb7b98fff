"""The Conduit API on FastAPI and pydantic v2; twin of `services.flask_impl`."""
