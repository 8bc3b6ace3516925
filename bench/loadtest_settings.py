"""Production settings for the load test, with static files collected to a temporary directory."""

import os
from pathlib import Path

from kla_portal.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["STATIC_ROOT_OVERRIDE"])
