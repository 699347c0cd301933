"""Lists the installed packages that do not support a given Python version, as JSON.

    python requires_python.py X.Y

Run with the python of the environment under test. Reads each installed distribution's
Requires-Python and checks a late patch release of X.Y against it: repo2docker installs
`python=X.Y.*`, the newest X.Y it has. Prints {"checked": N, "unsupported": [{"name", "version", "requires_python"}]}.
"""

import json
import sys
from importlib.metadata import distributions

from packaging.specifiers import SpecifierSet


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: requires_python.py X.Y")
    wanted = sys.argv[1]
    checked = 0
    unsupported = []
    for dist in distributions():
        spec = dist.metadata.get("Requires-Python")
        checked += 1
        if not spec:
            continue
        specifiers = SpecifierSet(spec)
        if not specifiers.contains(f"{wanted}.99", prereleases=True):
            unsupported.append({"name": dist.metadata["Name"], "version": dist.version, "requires_python": spec})
    print(json.dumps({"checked": checked, "unsupported": unsupported}))


if __name__ == "__main__":
    main()
