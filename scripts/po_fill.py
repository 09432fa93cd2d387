#!/usr/bin/env python3
"""Fill empty translations in a .po file from a JSON object {msgid: msgstr}.

Usage: scripts/po_fill.py path/to/django.po translations.json
Prints the msgids that are still untranslated (exit 1 when there are any). Clears "fuzzy".
"""

import json
import re
import sys


def unquote(lines):
    return "".join(json.loads(line[line.index('"') :]) for line in lines if '"' in line)


def quote(text):
    return json.dumps(text, ensure_ascii=False)


def main(po_path, json_path=None):
    translations = json.load(open(json_path, encoding="utf-8")) if json_path else {}
    entries, current, seen_msgstr = [], [], False
    for line in open(po_path, encoding="utf-8").read().split("\n"):
        starts_entry = line.startswith("#") or line.startswith("msgid ") or line == ""
        if seen_msgstr and starts_entry:
            entries.append("\n".join(current))
            current, seen_msgstr = [], False
        if line == "":
            continue
        current.append(line)
        seen_msgstr = seen_msgstr or line.startswith("msgstr")
    if current:
        entries.append("\n".join(current))
    missing, out = [], []
    for entry in entries:
        lines = entry.split("\n")
        keys = [
            i for i, line in enumerate(lines) if re.match(r"^(msgid|msgid_plural|msgstr(\[\d\])?) ", line)
        ]
        if not keys or "msgid" not in lines[keys[0]]:
            out.append(entry)
            continue
        parts = {}
        for n, start in enumerate(keys):
            end = keys[n + 1] if n + 1 < len(keys) else len(lines)
            name = lines[start].split(" ", 1)[0]
            parts[name] = (start, end, unquote([lines[start].split(" ", 1)[1]] + lines[start + 1 : end]))
        msgid = parts["msgid"][2]
        if msgid == "":  # the header: UTF-8, Dutch plural rule, no "fuzzy"
            entry = entry.replace("charset=CHARSET", "charset=UTF-8").replace("#, fuzzy\n", "")
            entry = entry.replace('"Language: \\n"', '"Language: nl\\n"')
            entry = entry.replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);")
            out.append(entry)
            continue
        head = [line for line in lines[: keys[0]] if line != "#, fuzzy" and not line.startswith("#| ")]
        head = [re.sub(r"^#, fuzzy, ", "#, ", line) for line in head]
        body = lines[keys[0] :]
        plural = "msgid_plural" in parts
        if plural:
            singular_nl, plural_nl = (
                (translations.get(msgid) or ["", ""])
                if isinstance(translations.get(msgid), list)
                else ("", "")
            )
            cur0 = parts.get("msgstr[0]", (0, 0, ""))[2]
            cur1 = parts.get("msgstr[1]", (0, 0, ""))[2]
            s0, s1 = (singular_nl or cur0), (plural_nl or cur1)
            if not (s0 and s1):
                missing.append(msgid)
            body = [
                f"msgid {quote(msgid)}",
                f"msgid_plural {quote(parts['msgid_plural'][2])}",
                f"msgstr[0] {quote(s0)}",
                f"msgstr[1] {quote(s1)}",
            ]
        else:
            current = parts["msgstr"][2]
            new = translations.get(msgid) or current
            if not new:
                missing.append(msgid)
            body = [f"msgid {quote(msgid)}", f"msgstr {quote(new)}"]
        out.append("\n".join(head + body))
    open(po_path, "w", encoding="utf-8").write("\n\n".join(out).rstrip("\n") + "\n")
    for m in missing:
        print("untranslated:", repr(m))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
