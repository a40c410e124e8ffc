#!/usr/bin/env python3
"""Checks test/fakes/pproReference.ts against Adobe's Premiere UXP reference.

Usage: scripts/ppro-reference-table.py <checkout of github.com/AdobeDocs/uxp-premiere-pro>

For every "Class.member" in PPRO_SINCE it reads src/pages/ppro-reference/classes/<page> (the
"Since:" under each method heading, the "Min Version" column of the properties table) and prints
the table's line as the reference has it now, marking each line that differs with "!".
Exit status 1 when any differs, so the table can be refreshed when Adobe updates the reference.
"""
import pathlib
import re
import sys

TABLE = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fakes' / 'pproReference.ts'


def members_of(page: str) -> dict:
    found, section, current = {}, None, None
    for line in page.splitlines():
        if line.startswith('## '):
            section = line[3:].strip()
        heading = re.match(r'^### (\w+)', line)
        if heading:
            current = heading.group(1)
            continue
        since = re.match(r'^Since: \*\*([\d.]+)\*\*', line)
        if since and section and section != 'Properties' and current:
            found[current] = since.group(1)
        prop = re.match(r'^\| (\w+) \| .*? \| (?:R|W|RW|R/W) \| ([\d.]+) \|', line)
        if prop:
            found[prop.group(1)] = prop.group(2)
    return found


def main() -> int:
    classes = pathlib.Path(sys.argv[1]) / 'src' / 'pages' / 'ppro-reference' / 'classes'
    entries = re.findall(r"'(\w+)\.(\w+)': \['([\d.]+)', '([\w.]+)'\]", TABLE.read_text())
    differs = False
    for cls, member, since, page in entries:
        now = members_of((classes / page).read_text()).get(member, 'missing')
        mark = ' ' if now == since else '!'
        differs |= now != since
        print(f"{mark} '{cls}.{member}': ['{now}', '{page}'],")
    return 1 if differs else 0


if __name__ == '__main__':
    sys.exit(main())
