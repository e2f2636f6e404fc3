"""marsad.stages."""
