"""marsad.cli."""
