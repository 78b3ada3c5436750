from tests.live import live_database, live_server

__all__ = ["live_database", "live_server"]
