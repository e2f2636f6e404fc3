"""The SQLite store: schema and migrations, writing, Arabic search, ingest and feed watching."""

from marsad.store.sqlite import Store, content_hash

__all__ = ["Store", "content_hash"]
