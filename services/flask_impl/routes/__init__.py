"""One blueprint per resource; twin of `services.fastapi_impl.routes`."""
