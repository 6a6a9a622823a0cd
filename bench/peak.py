"""Run a Python module as `python -m MODULE ARGS...` would, then write the peak memory of
this process and that of its largest child to a JSON file.

The build's peak is its own (RUSAGE_SELF), not that of Pagefind or of the processes
that read posts beside it, which the operating system reports apart (RUSAGE_CHILDREN:
the largest of them).

    .venv/bin/python -m bench.peak PEAK.json MODULE [ARGS...]
"""

import json
import resource
import runpy
import sys
from pathlib import Path


def peaks() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_mib": own / 1024, "largest_child_mib": children / 1024}


def main() -> None:
    output, module, *arguments = sys.argv[1:]
    sys.argv = [module, *arguments]
    status = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as leaving:
        status = leaving.code if isinstance(leaving.code, int) else (leaving.code is not None)
    Path(output).write_text(json.dumps({**peaks(), "status": status}) + "\n", encoding="utf-8")
    sys.exit(status)


if __name__ == "__main__":
    main()
