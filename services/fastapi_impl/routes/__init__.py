"""One router per resource; twin of `services.flask_impl.routes`."""
