"""``python -m powermap``: the same as the ``powermap`` command."""

from .cli import main

if __name__ == "__main__":
    main()
