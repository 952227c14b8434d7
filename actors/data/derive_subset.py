"""Derive the shipped life-sciences subset from the full European ROR extract.

Usage: python3 actors/data/derive_subset.py SOURCE.csv actors/data/ror-life-sciences-europe.csv
"""

import csv
import sys


def main(source: str, target: str) -> int:
    with open(source, encoding="utf-8", newline="") as infile:
        reader = csv.reader(infile)
        header = next(reader)
        hint = header.index("life_sciences_hint")
        rows = [row for row in reader if row[hint] == "true"]
    # The source uses CRLF line ends and minimal quoting: writing the same way keeps every
    # kept line byte-identical to its original.
    with open(target, "w", encoding="utf-8", newline="") as outfile:
        writer = csv.writer(outfile, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {target}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
