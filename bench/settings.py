"""Settings for `make bench` only: the production settings with bench/urls.py."""

from sutton_send.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
