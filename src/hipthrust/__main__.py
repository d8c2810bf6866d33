"""``python -m hipthrust``: the same as the ``hipthrust`` command."""

from hipthrust.cli import main

main()
