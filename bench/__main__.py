"""`uv run python -m bench`: the performance benchmark (see bench/run.py and bench/RESULTS.md).

`uv run python -m bench ingest` runs only the ledger-intake section (bench/ingest.py), which the
full run prints last.
"""

import sys

from bench.run import main

if sys.argv[1:2] == ["ingest"]:
    from bench.ingest import main as ingest_main

    sys.exit(ingest_main(sys.argv[2:]))
code = main()
from bench.load import main as load_main  # noqa: E402  (issue 15 target 5, many users: 20 s a level)

code = load_main(["--duration", "20"]) or code
from bench.ingest import main as ingest_main  # noqa: E402  (only after the pages' sections)

sys.exit(code or ingest_main([]))
