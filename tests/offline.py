"""No network in the model tests: every connection attempt is refused and recorded."""

import contextlib
import socket


@contextlib.contextmanager
def refused_connections(patch):
    """Within the block, every socket connection fails; the block fails if any was attempted."""
    attempts = []

    def refuse(target, *args, **kwargs):
        attempts.append(target)
        raise OSError(f"no network in these tests: {target}")

    patch.setattr(socket.socket, "connect", lambda self, address: refuse(address))
    patch.setattr(socket, "create_connection", refuse)
    yield attempts
    assert attempts == []
