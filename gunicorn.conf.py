"""gunicorn's settings when no config file is named, as in the README's development command.

gunicorn reads `./gunicorn.conf.py` by default: this one only raises its request
limits above the API's own (deploy/gunicorn_limits.py), so oversized requests get
the API's error envelope instead of gunicorn's HTML page. The production configs
(deploy/gunicorn_*.py) read the same limits.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "deploy"))
from gunicorn_limits import *  # noqa: F403
