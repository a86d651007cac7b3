"""`python -m tokki_odf.cli …` is `tokki …`."""
import sys

from .main import main

sys.exit(main())
