"""Turn the bytes of one content file into front-matter fields (with line numbers) and a body."""

from __future__ import annotations

import codecs

import yaml

from newsdigest.content.parsed import TOML_FENCE, Field, SourceFile, visible
from newsdigest.errors import Problem
from newsdigest.text import strip_invisible

try:  # libyaml's C parser when it is there: several times faster on large sites
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024  # 10 times the longest real story; rendering time grows with size
MAX_YAML_NODES = 10_000  # aliases expand, so a "billion laughs" file stops here
MAX_YAML_DEPTH = 20  # lists in groups in lists...; libyaml's composer recurses and can crash
FENCE = "---"


def parse_source(src_path: str, data: bytes) -> SourceFile:
    """Decode, split and parse one file; never raises for bad content."""
    problems: list[Problem] = []
    if len(data) > MAX_FILE_BYTES:
        return _failed(src_path, None, f"the file is {len(data) / 2**20:.1f} MB; the limit is "
                       f"{MAX_FILE_BYTES / 2**20:g} MB", "is this really a story file?")
    text = decode(src_path, data, problems)
    if text is None:
        return SourceFile(src_path, problems=tuple(problems))
    text = _without_invisible(src_path, text, problems)
    lines = text.split("\n")
    if lines[0].rstrip() == TOML_FENCE:
        return other_front_matter(src_path, lines, problems, "toml")
    if lines[0].strip() == "{":
        return other_front_matter(src_path, lines, problems, "json")
    if not lines or lines[0].rstrip() != FENCE:
        return _failed(src_path, 1, "the file must start with a line '---' followed by fields such "
                       "as 'title:' and 'date:', and another '---'", None, problems)  # or +++ TOML +++
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        return _failed(src_path, 1, "the front matter is never closed", "add a line '---' after "
                       "the last field, before the story text", problems)
    fields = parse_front_matter(src_path, "\n".join(lines[1:end]), problems)
    body = "\n".join(lines[end + 1:])
    return SourceFile(src_path, fields, body, tuple(problems), body_line=end + 2)


def decode(src_path: str, data: bytes, problems: list[Problem]) -> str | None:
    """Bytes to text with "\\n" line ends: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            problems.append(Problem(src_path, None, None, "starts like UTF-16 but is not valid UTF-16",
                                    "save the file as UTF-8"))
            return None
    else:
        if b"\x00" in data:
            problems.append(Problem(src_path, None, None, "this is not a text file (it contains NUL "
                                    "bytes)", "save stories as plain text, UTF-8"))
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _decode_legacy(src_path, data, exc, problems)
            if text is None:
                return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _without_invisible(src_path: str, text: str, problems: list[Problem]) -> str:
    cleaned, first = strip_invisible(text)
    if first is not None:
        line = text[:text.index(chr(int(first[2:], 16)))].count("\n") + 1
        problems.append(Problem(src_path, line, None, f"holds invisible control characters "
                                f"(the first is {first}); they are removed", "no web page or feed "
                                "may hold them; retype the line if it looks wrong", warning=True))
    return cleaned


def _decode_legacy(src_path: str, data: bytes, exc: UnicodeDecodeError,
                   problems: list[Problem]) -> str | None:
    line = data[:exc.start].count(b"\n") + 1
    byte = data[exc.start]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        problems.append(Problem(src_path, line, None, f"not valid UTF-8 (byte 0x{byte:02X}) and "
                                "not Windows-1252 either", "save the file as UTF-8"))
        return None
    problems.append(Problem(src_path, line, None, f"not valid UTF-8 (byte 0x{byte:02X}); read as "
                            "Windows-1252", "save the file as UTF-8 to be sure of every character",
                            warning=True))
    return text


def parse_front_matter(src_path: str, text: str, problems: list[Problem]) -> dict[str, Field]:
    """YAML mapping to {name: Field}; duplicated keys and YAML errors become problems."""
    too_complex = _too_complex(text)
    if too_complex:
        problems.append(Problem(src_path, too_complex[0], None, too_complex[1]))
        return {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(src_path, 2, None, "the front matter must be fields, one per "
                                    "line, such as 'title: Fire on Main Street'"))
            return {}
        if _count_nodes(node) > MAX_YAML_NODES:
            problems.append(Problem(src_path, 2, None, _TOO_MANY_NODES))
            return {}
        return _fields(src_path, loader, node, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, cause, hint = yaml_cause(text, mark, exc.problem or exc.context or "")
        problems.append(Problem(src_path, line, None, f"the front matter is not valid YAML: "
                                f"{cause}", hint))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        problems.append(Problem(src_path, None, None, f"the front matter is not valid YAML: {exc}"))
    finally:
        loader.dispose()
    return {}


def _fields(src_path: str, loader, node: yaml.MappingNode,
            problems: list[Problem]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    loader.flatten_mapping(node)  # `<<: *defaults` merges fields in, as YAML 1.1 says
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(src_path, line, None, "a field name must be a plain word"))
            continue
        name = key_node.value
        if name in fields:
            problems.append(Problem(src_path, line, name, f"appears twice (also on line "
                                    f"{fields[name].line})", "keep one of them"))
            continue
        scalar = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        if scalar is not None and value_node.tag.endswith(":null"):
            scalar = None
        try:
            value = loader.construct_object(value_node, deep=True)
        except (ValueError, OverflowError) as exc:  # "2026-02-29", an offset of +25:00...
            if scalar is None:
                problems.append(Problem(src_path, line, name, f"holds a value that cannot be "
                                        f"read: {exc}", "put dates inside lists in quotes"))
                continue
            value = scalar  # checked as text, with the usual message
        value, removed = visible(value)
        if scalar is not None:
            scalar, _ = strip_invisible(scalar)
        if removed:
            problems.append(Problem(src_path, line, name, f"holds invisible control characters "
                                    f"(the first is {removed[0]}); they are removed", warning=True))
        fields[name] = Field(value, line, scalar)
    return fields


def _too_complex(text: str) -> tuple[int, str] | None:
    """(line, message) when the YAML nests too deep or has too many values, found from its events
    before anything is built from them, stopping at the first sign; syntax errors are left to
    the real parse, which reports them better."""
    loader, depth, nodes = _Loader(text), 0, 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line + 2, (
                        f"the front matter is nested more than {MAX_YAML_DEPTH} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            nodes += isinstance(event, yaml.NodeEvent)
            if nodes > MAX_YAML_NODES:
                return event.start_mark.line + 2, _TOO_MANY_NODES
    except yaml.YAMLError:
        # Some PyYAML releases refuse deep flow nesting in their scanner, before any event
        # reaches us, each with its own words: say it in ours, whatever the release.
        return _flow_too_deep(text)
    finally:
        loader.dispose()
    return None


def _flow_too_deep(text: str) -> tuple[int, str] | None:
    """(line, message) when brackets outside quotes nest deeper than the limit: a rough reading
    of flow collections, used only on text the YAML parser has already refused."""
    depth, quote = 0, ""
    for number, line in enumerate(text.split("\n"), start=2):
        for char in line:
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[{":
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return number, f"the front matter is nested more than {MAX_YAML_DEPTH} levels deep"
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


_TOO_MANY_NODES = f"the front matter is too complex (more than {MAX_YAML_NODES} values once " \
                  "aliases are expanded)"


def _count_nodes(root: yaml.Node) -> int:
    """Nodes visited when every alias is expanded, stopping once over the limit."""
    count, stack = 0, [root]
    while stack and count <= MAX_YAML_NODES:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return count


_CURLY = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


def yaml_cause(text: str, mark, problem: str) -> tuple[int | None, str, str | None]:
    """(file line, what is wrong, what to do) for a YAML error: the real cause where it can be
    seen (a tab, curly quotes, a quote never closed), on the line that holds it."""
    if mark is None:
        return None, problem, None
    lines = text.split("\n")
    upto = lines[:mark.line + 1]

    def nearest(test) -> int | None:
        return next((n for n in range(len(upto) - 1, -1, -1) if test(upto[n])), None)

    tab = nearest(lambda line: "\t" in line)
    if tab is not None and ("tab" in problem or "\\t" in problem or tab == mark.line):
        return tab + 2, "a tab character (YAML indents with spaces only)", "replace the tab with spaces"
    curly = nearest(lambda line: any(q in line for q in _CURLY))
    if curly is not None and curly >= mark.line - 1:
        return curly + 2, (f"{problem}; the line has curly quotes, which YAML does not read as "
                           "quotes"), 'use straight quotes "like this" (word processors curl them)'
    line = upto[-1] if upto else ""
    if ": " in line and line.count('"') % 2 == 1:
        return mark.line + 2, problem, "a quotation mark is not closed"
    unclosed = nearest(lambda line: line.count('"') % 2 == 1)
    if unclosed is not None and unclosed < mark.line:
        return unclosed + 2, problem, "a quotation mark opened on this line is not closed"
    if line.count(":") > 1 and '"' not in line:
        return mark.line + 2, problem, "put text that contains ':' in double quotes"
    return mark.line + 2, problem, "check the indentation and quotes on that line"


def other_front_matter(src_path: str, lines: list[str], problems: list[Problem],
                       kind: str) -> SourceFile:
    """Hugo's TOML (+++ ... +++) or JSON ({ ... }) front matter as fields, and the body."""
    from newsdigest.content.formats import (  # rare: loaded only when met
        read_json,
        read_toml,
    )
    reader = read_toml if kind == "toml" else read_json
    found = reader(src_path, lines, problems)
    if found is None:
        return SourceFile(src_path, problems=tuple(problems))
    fields, end = found
    body = "\n".join(lines[end + 1:])
    return SourceFile(src_path, fields, body, tuple(problems), body_line=end + 2)


def _failed(src_path: str, line: int | None, message: str, hint: str | None,
            problems: list[Problem] | None = None) -> SourceFile:
    found = list(problems or []) + [Problem(src_path, line, None, message, hint)]
    return SourceFile(src_path, problems=tuple(found))
