"""The two web backends, written file for file as twins over `shared`."""
