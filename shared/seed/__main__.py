"""`python -m shared.seed`: see `shared.seed.cli`."""

from shared.seed.cli import main

raise SystemExit(main())
