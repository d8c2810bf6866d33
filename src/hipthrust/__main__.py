"""``python -m hipthrust``: the same as the ``hipthrust`` command."""

from hipthrust.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
