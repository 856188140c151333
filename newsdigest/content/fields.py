"""Front-matter field names as other generators and hurried editors write them, read as ours.

`Draft` is `draft` (with a warning: the capital may be a slip); `excerpt`, `description` and
`dek` are `summary`; `categories` join `tags`; `lastmod` and `last_modified_at` are `updated`;
`published: false` is `draft: true`; Hugo's `publishDate` is an embargo (`publish_date`) and
`expiryDate` is `expires`; Jekyll's `redirect_from` is `aliases`. A field we do not know whose
name is close to one that holds a story back is an error, never a mere warning.
"""

from __future__ import annotations

from newsdigest.content.source import Field
from newsdigest.errors import Problem, closest

# Other generators' names for our fields, in the order they are preferred when several are given.
SYNONYMS = {
    "summary": ("summary", "description", "excerpt", "dek"),
    "author": ("author", "authors", "byline"),
    "updated": ("updated", "lastmod", "last_modified_at", "modified"),
    "publish_date": ("publish_date", "publishDate", "publishdate"),
    "expires": ("expires", "expiryDate", "expirydate", "expiry_date"),
    "aliases": ("aliases", "redirect_from"),
}
MERGED = {"tags": ("tags", "categories", "category")}  # every list counts: Jekyll has both
HOLDS_BACK = {"draft", "published", "publish_date", "publishDate", "expires", "expiryDate"}


def read_fields(src_path: str, fields: dict[str, Field], known: set[str],
                problems: list[Problem]) -> dict[str, Field]:
    """fields renamed to ours; problems gets a warning for each renamed by case, an error for
    each that clashes or could hold a story back unread."""
    fields = _by_case(src_path, fields, known, problems)
    for name, spellings in SYNONYMS.items():
        if name in known:
            _one_of(src_path, fields, name, spellings, problems)
    for name, spellings in MERGED.items():
        if name in known:
            _merge(fields, name, spellings)
    if "draft" in known and "published" in fields:
        _published(src_path, fields, problems)
    _unknown(src_path, fields, known, problems)
    return fields


def _spellings(known: set[str]) -> dict[str, str]:
    """Every accepted spelling -> itself, for known fields and their synonyms."""
    names = set(known) | {"published"}
    for table in (SYNONYMS, MERGED):
        for name, spellings in table.items():
            if name in known:
                names.update(spellings)
    return {n: n for n in names}


def _by_case(src_path: str, fields: dict[str, Field], known: set[str],
             problems: list[Problem]) -> dict[str, Field]:
    accepted = _spellings(known)
    lowered = {_norm(n): n for n in sorted(known | {"published"})}  # ours first, then synonyms
    for table in (SYNONYMS, MERGED):
        for name, spellings in table.items():
            for spelling in spellings if name in known else ():
                lowered.setdefault(_norm(spelling), name)
    out: dict[str, Field] = {}
    for name, entry in fields.items():
        target = name if name in accepted else lowered.get(_norm(name))
        if target is None or target == name:
            out.setdefault(name, entry)
            continue
        if target in fields or target in out:
            problems.append(Problem(src_path, entry.line, name, f"'{name}' and '{target}' are the "
                                    "same field written two ways; keep one"))
            continue
        problems.append(Problem(src_path, entry.line, name, f"read as '{target}'",
                                f"field names are written '{target}'", warning=True))
        out[target] = entry
    return out


def _norm(name: str) -> str:
    return name.lower().replace("-", "_")


def _one_of(src_path: str, fields: dict[str, Field], name: str, spellings: tuple[str, ...],
            problems: list[Problem]) -> None:
    given = [s for s in spellings if s in fields]
    if not given:
        return
    used = fields[given[0]]
    for other in given[1:]:
        entry = fields.pop(other)
        if other == "dek" and given[0] == "summary":
            problems.append(Problem(src_path, entry.line, other, f"'{other}' and '{name}' are the "
                                    "same field; keep one"))
        elif _text(entry) != _text(used) and _text(entry):
            problems.append(Problem(src_path, entry.line, other, f"not used: '{given[0]}' (line "
                                    f"{used.line}) is the {name}", "keep one of them", warning=True))
    if given[0] != name:
        del fields[given[0]]
        fields[name] = used


def _merge(fields: dict[str, Field], name: str, spellings: tuple[str, ...]) -> None:
    """Every list under any of the spellings, as one list under name (Jekyll's `categories`
    and `tags` both name what we call tags; a space-separated text is a list there)."""
    given = [s for s in spellings if s in fields]
    if given == [name] or not given:
        return
    entries = [fields.pop(s) for s in given]
    items: list = []
    for spelling, entry in zip(given, entries):
        if entry.scalar is not None and spelling != name:
            items.extend(entry.scalar.split())  # Jekyll: "categories: news local" is two
        elif entry.scalar is not None:
            items.extend(entry.scalar.split(","))
        elif isinstance(entry.value, list):
            items.extend(entry.value)
        elif entry.value is not None:
            fields[name] = entry  # a mapping or such: let the checker say what is wrong
            return
    fields[name] = Field(items, min(e.line for e in entries), None)


def _published(src_path: str, fields: dict[str, Field], problems: list[Problem]) -> None:
    """`published: false` is a draft; `published: true` says nothing more."""
    entry = fields.pop("published")
    if entry.value is True or entry.value is None:
        return
    if entry.value is not False:
        quoted = isinstance(entry.value, str) and entry.value.strip().lower() in ("true", "false")
        problems.append(Problem(src_path, entry.line, "published", "expected true or false, got "
                                + (f"the text {entry.value!r} in quotes" if quoted else
                                   repr(entry.scalar or entry.value)),
                                "write published: false (no quotes) to keep the story unpublished"))
        return
    draft = fields.get("draft")
    if draft is None or draft.value is not True:
        fields["draft"] = Field(True, entry.line, "true")


def _unknown(src_path: str, fields: dict[str, Field], known: set[str],
             problems: list[Problem]) -> None:
    for name in sorted(set(fields) - known):
        guess = closest(name, _spellings(known))
        if guess in HOLDS_BACK:
            problems.append(Problem(src_path, fields[name].line, name, f"unknown field; did you "
                                    f"mean '{guess}'? It would decide whether the story is "
                                    "published, so it is not ignored", f"write '{guess}'"))
            continue
        problems.append(Problem(src_path, fields[name].line, name, "unknown field, kept for templates",
                                f"did you mean '{guess}'?" if guess else None, warning=True))


def _text(entry: Field) -> str:
    return (entry.scalar if entry.scalar is not None else str(entry.value or "")).strip()
