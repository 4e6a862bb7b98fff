"""pydantic models for requests and responses; twin of `services.flask_impl.schemas`."""
