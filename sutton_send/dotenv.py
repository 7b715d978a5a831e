"""The `.env` file: read by the app, never by the tests."""

import sys

import environ


def read(path, modules=sys.modules):
    """Put `path`'s settings in the environment (where not already set), unless the
    tests are running: they check the defaults, and a developer's .env (DEBUG=true
    from .env.example, their own sender address) would change what they see. Returns
    whether it was read."""
    if "pytest" in modules:
        return False
    environ.Env.read_env(path)
    return True
