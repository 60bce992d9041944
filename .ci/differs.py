"""Print the packages of a ``pip freeze`` (standard input) whose versions
differ from the pins of a constraints file that apply to this Python."""

import sys

from packaging.requirements import Requirement


def pinned(path: str) -> dict[str, str]:
    pins = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate():
                pins[requirement.name.lower()] = str(requirement.specifier).removeprefix("==")
    return pins


pins = pinned(sys.argv[1])
for line in sys.stdin:
    name, _, version = line.strip().partition("==")
    if version and pins.get(name.lower()) != version:
        print(f"  {name}: pinned {pins.get(name.lower(), '(not pinned)')}, newest {version}")
