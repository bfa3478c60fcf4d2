"""The floor for `warrantwise batch`: read JSONL lines, validate each as an Encounter with
pydantic, and write the same lines back, with nothing decided. Usage: floor.py IN OUT"""

import sys

from rules.models import Encounter


def main(source: str, target: str) -> None:
    validate = Encounter.model_validate_json
    with open(source, "rb") as lines, open(target, "wb") as out:
        while block := lines.readlines(1 << 19):
            for line in block:
                try:
                    validate(line)
                except ValueError:
                    pass
            out.write(b"".join(block))


if __name__ == "__main__":
    main(*sys.argv[1:3])
