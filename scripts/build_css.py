#!/usr/bin/env python3
"""Build static/vendor/nlds.css: only the NL Design System CSS the site uses.

The Utrecht component library (index.css, html.css) and the voorbeeld theme (theme.css) ship
every component and every design token, about 690 KB. This keeps:

- the component rules with at least one selector whose classes all appear in the templates or
  the Python code (``utrecht-…`` classes; a class written as ``utrecht-alert--{% … %}`` keeps
  every ``utrecht-alert--…`` variant), with only those selectors; rules without classes stay;
- the theme's custom properties that the kept rules, static/css/leergang.css or the templates
  use, with every property those refer to in turn.

Run by ``make css`` from the npm packages in node_modules (``npm ci``); the result is committed,
so serving the site needs no npm. ``tests/leergang/test_css_budget.py`` checks the size and that
every class the templates use has a rule, and that the committed file is this script's output.
Standard library only.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
COMPONENTS = NODE_MODULES / "@utrecht" / "component-library-css"
THEME = NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens"
SOURCES = [COMPONENTS / "dist" / "index.css", COMPONENTS / "dist" / "html.css"]
THEME_CSS = THEME / "dist" / "theme.css"
OUTPUT = ROOT / "static" / "vendor" / "nlds.css"
OWN_CSS = ROOT / "static" / "css" / "leergang.css"
CODE_DIRS = ["templates", "leergang", "content", "modules", "quizzes", "practice"]

CLASS_IN_CODE = re.compile(r"(utrecht-[a-z0-9_-]*[a-z0-9_-])(\{)?")
ELEMENT_IN_CODE = re.compile(r"<([a-z][a-z0-9]*)[\s>/]")
INPUT_TYPE_IN_CODE = re.compile(r"""type=["']?([a-z-]+)""")
#: What Markdown, rich text and Django's form widgets write besides the templates' own tags.
GENERATED_ELEMENTS = {
    *"a abbr blockquote br code dd div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr img".split(),
    *"li ol p pre span strong sub sup table tbody td tfoot th thead tr ul".split(),
    *"button fieldset input label legend option optgroup select textarea".split(),
}
GENERATED_INPUT_TYPES = set(
    "button checkbox date email file hidden number password radio search submit tel text url".split()
)
#: A type selector in a selector of html.css (after attribute selectors and pseudo names).
TYPE_IN_SELECTOR = re.compile(r"(?<![\w.#:-])([a-z][a-z0-9]*)\b")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
LICENCE_COMMENT = re.compile(r"/\*\*?\s*\n?\s*\*?\s*@license.*?\*/", re.S)


def code_files():
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".html", ".py", ".txt", ".js"} and "migrations" not in path.parts:
                yield path


def used_classes():
    """(exact classes, class prefixes) of the Utrecht components in the code."""
    exact, prefixes = set(), set()
    for path in code_files():
        for match in CLASS_IN_CODE.finditer(path.read_text(encoding="utf-8")):
            name, dynamic = match.groups()
            if name.endswith("-"):
                prefixes.add(name)
            else:
                exact.add(name)
    return exact, prefixes


def parse(css):
    """CSS as a list of (prelude, body): body is a string (declarations) or a nested list
    (the rules inside an at-rule); statements like @charset have body None."""
    css = COMMENT.sub("", css)
    items, _end = _parse_block(css, 0)
    return items


def _parse_block(css, pos):
    items = []
    start = pos
    while pos < len(css):
        char = css[pos]
        if char == ";" and css[start:pos].strip().startswith("@"):
            items.append((css[start:pos].strip(), None))
            start = pos + 1
        elif char == "{":
            prelude = css[start:pos].strip()
            if prelude.startswith("@") and not prelude.startswith(("@font-face", "@page")):
                body, pos = _parse_block(css, pos + 1)
                if prelude.startswith("@keyframes"):
                    body = _serialise(body)
            else:
                depth, end = 1, pos + 1
                while depth:
                    depth += {"{": 1, "}": -1}.get(css[end], 0)
                    end += 1
                body, pos = css[pos + 1 : end - 1].strip(), end - 1
            items.append((prelude, body))
            start = pos + 1
        elif char == "}":
            return items, pos
        pos += 1
    return items, pos


def _strip_negations(selector):
    """Classes under :not() need not be present for the selector to match."""
    return re.sub(r":not\((?:[^()]|\([^()]*\))*\)", "", selector)


def used_elements():
    """(element names, input types) the pages can contain."""
    elements, types = set(GENERATED_ELEMENTS), set(GENERATED_INPUT_TYPES)
    for path in code_files():
        text = path.read_text(encoding="utf-8")
        elements.update(ELEMENT_IN_CODE.findall(text))
        types.update(INPUT_TYPE_IN_CODE.findall(text))
    return elements | {"html", "body"}, types


def selector_is_used(selector, exact, prefixes, elements=None):
    positive = _strip_negations(selector)
    names = [n for n in CLASS_IN_SELECTOR.findall(positive) if n.startswith("utrecht-")]
    if not all(n in exact or n.startswith(tuple(prefixes)) for n in names):
        return False
    if elements is None:
        return True
    tags, types = elements
    input_types = re.findall(r"\[type=[\"']?([a-z-]+)", positive)
    bare = re.sub(r"\[[^\]]*\]|\.[\w-]+|#[\w-]+|::?[\w-]+", " ", positive)
    return all(t in tags for t in TYPE_IN_SELECTOR.findall(bare)) and all(t in types for t in input_types)


def select(items, exact, prefixes, elements=None):
    kept = []
    for prelude, body in items:
        if isinstance(body, list):
            inner = select(body, exact, prefixes, elements)
            if inner:
                kept.append((prelude, inner))
        elif body is None or prelude.startswith("@"):
            kept.append((prelude, body))
        else:
            selectors = [s.strip() for s in _split_selectors(prelude)]
            used = [s for s in selectors if selector_is_used(s, exact, prefixes, elements)]
            if used:
                kept.append((",\n".join(used), body))
    return kept


def _split_selectors(prelude):
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def split_declarations(body):
    """The declarations of a block, split at the semicolons outside strings and parentheses
    (a data: URL holds semicolons)."""
    parts, current, depth, quote = [], "", 0, ""
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == ";" and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    return [part for part in [*parts, current.strip()] if part]


def _serialise(items, indent=""):
    out = []
    for prelude, body in items:
        if body is None:
            out.append(f"{indent}{prelude};")
        elif isinstance(body, list):
            out.append(f"{indent}{prelude} {{\n{_serialise(body, indent + '  ')}\n{indent}}}")
        else:
            declarations = "; ".join(split_declarations(body))
            out.append(f"{indent}{prelude} {{ {declarations} }}")
    return "\n".join(out)


def declarations(body):
    """(name, value) pairs of a declaration block."""
    for declaration in split_declarations(body):
        name, sep, value = declaration.partition(":")
        if sep:
            yield name.strip(), value.strip()


def theme_subset(theme_items, used_text):
    """The theme's rules with only the custom properties that are used, transitively."""
    tokens = {}
    for _prelude, body in _flat(theme_items):
        for name, value in declarations(body):
            tokens.setdefault(name, []).append(value)
    needed, todo = set(), set(VAR_USE.findall(used_text))
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        for value in tokens.get(name, []):
            todo.update(VAR_USE.findall(value))
    return _prune(theme_items, needed)


def _flat(items):
    for prelude, body in items:
        if isinstance(body, list):
            yield from _flat(body)
        elif isinstance(body, str) and not prelude.startswith("@"):
            yield prelude, body


def _prune(items, needed):
    kept = []
    for prelude, body in items:
        if isinstance(body, list):
            inner = _prune(body, needed)
            if inner:
                kept.append((prelude, inner))
        elif isinstance(body, str) and not prelude.startswith("@"):
            keep = [f"{n}: {v}" for n, v in declarations(body) if not n.startswith("--") or n in needed]
            if keep:
                kept.append((prelude, "; ".join(keep)))
        else:
            kept.append((prelude, body))
    return kept


def licences(*paths):
    seen = []
    for path in paths:
        for comment in LICENCE_COMMENT.findall(path.read_text(encoding="utf-8")):
            lines = [line.strip(" */") for line in comment.splitlines()]
            text = " ".join(line for line in lines if line)
            if text not in seen:
                seen.append(text)
    return seen


def build():
    exact, prefixes = used_classes()
    elements = used_elements()
    components = []
    for source in SOURCES:
        # html.css styles plain elements (the site's <html> has class utrecht-html): only those
        # the pages can contain.
        only = elements if source.name == "html.css" else None
        components += select(parse(source.read_text(encoding="utf-8")), exact, prefixes, only)
    charset = [item for item in components if item[0].startswith("@charset")]
    components = [item for item in components if not item[0].startswith("@charset")]
    component_css = _serialise(components)
    code_text = "\n".join(p.read_text(encoding="utf-8") for p in code_files())
    used_text = component_css + OWN_CSS.read_text(encoding="utf-8") + code_text
    theme_css = _serialise(theme_subset(parse(THEME_CSS.read_text(encoding="utf-8")), used_text))
    header = [
        "/*",
        " * NL Design System CSS used by Leergang Toegang, selected by scripts/build_css.py from:",
        f" *   {_package(COMPONENTS)} (dist/index.css, dist/html.css)",
        f" *   {_package(THEME)} (dist/theme.css)",
        " * Both EUPL-1.2; the full licence is LICENSE.md beside this file. Do not edit: run `make css`.",
        *[f" * {line}" for line in licences(*SOURCES, THEME_CSS)],
        " */",
    ]
    return "\n".join([_serialise(charset[:1]), *header, theme_css, component_css, ""])


def _package(folder):
    import json

    meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    return f"{meta['name']} {meta['version']}"


def main(argv):
    if not SOURCES[0].exists() or not THEME_CSS.exists():
        sys.exit("node_modules is missing the NL Design System packages: run `npm ci` first.")
    css = build()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != css:
            sys.exit(f"{OUTPUT.relative_to(ROOT)} is out of date: run `make css`.")
        return
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(css, encoding="utf-8")
    licence = COMPONENTS / "LICENSE.md"
    (OUTPUT.parent / "LICENSE.md").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(css.encode()):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
