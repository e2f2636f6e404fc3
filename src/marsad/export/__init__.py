"""Exports of analysis records to other formats (PLOVER JSON, ACLED-style CSV, GeoJSON)."""
