"""Fill empty msgstr entries of a .po file from a JSON mapping {msgid: msgstr}.

Developer tool for the nb translations:
    python scripts/po_fill.py src/levekar/<app>/locale/nb/LC_MESSAGES/django.po map.json
A plural entry takes a list [singular, plural]. Entries already translated are kept;
the fuzzy flag is removed from entries it fills. Prints the msgids still untranslated.
"""

import json
import re
import sys


def unquote(lines):
    return "".join(json.loads(line.split(" ", 1)[1]) if line.startswith("msg") else
                   json.loads(line) for line in lines)


def main(po_path: str, map_path: str) -> int:
    with open(map_path, encoding="utf-8") as f:
        mapping = json.load(f)
    with open(po_path, encoding="utf-8") as f:
        text = f.read()
    blocks = text.split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        idx = {k: i for i, line in enumerate(lines) for k in ("msgid ", "msgid_plural ", "msgstr ",
               "msgstr[0] ", "msgstr[1] ") if line.startswith(k)}
        if "msgid " not in idx:
            out.append(block)
            continue

        def collect(start, lines=lines):
            j = start + 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
            return lines[start:j], j

        mid_lines, _ = collect(idx["msgid "])
        msgid = unquote(mid_lines)
        if msgid == "":
            out.append(block.replace("#, fuzzy\n", ""))
            continue
        if "msgstr " in idx:
            cur, end = collect(idx["msgstr "])
            if unquote(cur) == "" or "#, fuzzy" in block:
                if msgid in mapping:
                    lines[idx["msgstr "]:end] = ["msgstr " + json.dumps(mapping[msgid],
                                                                         ensure_ascii=False)]
                else:
                    missing.append(msgid)
        elif "msgstr[0] " in idx:
            cur, _ = collect(idx["msgstr[0] "])
            if unquote(cur) == "" or "#, fuzzy" in block:
                if msgid in mapping:
                    one, many = mapping[msgid]
                    s0 = idx["msgstr[0] "]
                    _, e1 = collect(idx["msgstr[1] "])
                    lines[s0:e1] = ["msgstr[0] " + json.dumps(one, ensure_ascii=False),
                                    "msgstr[1] " + json.dumps(many, ensure_ascii=False)]
                else:
                    missing.append(msgid)
        block = "\n".join(line for line in lines if not re.match(r"#, fuzzy$", line))
        block = block.replace("#, fuzzy, ", "#, ")
        out.append(block)
    with open(po_path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(out))
    for m in missing:
        print("UNTRANSLATED:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
