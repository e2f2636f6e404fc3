"""Allow `python -m marsad`."""
from marsad.cli.main import main

main()
