"""marshmallow schemas for requests and responses; twin of `services.fastapi_impl.schemas`."""
