#!/usr/bin/env python3
"""Django's usual entry point; the same as the `carepanel` command."""

import sys

from carepanel.cli import main

if __name__ == "__main__":
    sys.exit(main())
