"""Production settings plus the benchmark's floor view; used only by `make bench`."""

from bookclub.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
