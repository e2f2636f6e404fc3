"""marsad.scale."""
