"""Contract tests: the same HTTP assertions against the FastAPI and the Flask backend."""
