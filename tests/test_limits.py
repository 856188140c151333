"""Limits on what one file may hold: each one is an error naming the file and line, never a crash,
a hang or words silently dropped."""

import pytest
from conftest import story
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdigest.content.markdown import _MD, MAX_NESTING, NestedTooDeep, nesting_error
from newsdigest.content.source import MAX_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from newsdigest.errors import BuildError


def build_errors(site) -> list[str]:
    with pytest.raises(BuildError) as caught:
        site.build(strict=True)  # all or nothing: every error raised together
    return [str(p) for p in caught.value.problems]


def front_matter(*lines: str) -> str:
    return "\n".join(["---", 'title: "T"', "date: 2026-11-20", *lines, "---", "", "Body.", ""])


@pytest.mark.parametrize("value", ["[" * 100_000, "{a: " * 50_000])
def test_deeply_nested_yaml_flow_is_an_error_not_a_crash(make_site, value):
    # libyaml's composer recursed once per level and crashed the whole process (SIGSEGV).
    site = make_site({"content/stories/deep.md": front_matter(f"tags: {value}")})
    assert build_errors(site) == [
        f"content/stories/deep.md:4: the front matter is nested more than {MAX_YAML_DEPTH} levels deep"]


def test_deeply_nested_yaml_blocks_are_an_error_not_a_recursion_message(make_site):
    lines = [" " * i + "a:" for i in range(1000)]
    site = make_site({"content/stories/deep.md": front_matter(*lines)})
    assert build_errors(site) == [
        f"content/stories/deep.md:{4 + MAX_YAML_DEPTH}: the front matter is nested more than "
        f"{MAX_YAML_DEPTH} levels deep"]


def test_yaml_with_too_many_values_is_an_error(make_site):
    site = make_site({"content/stories/big.md": front_matter("tags: [" + "a, " * MAX_YAML_NODES + "]")})
    errors = build_errors(site)
    assert errors == [f"content/stories/big.md:4: the front matter is too complex (more than "
                      f"{MAX_YAML_NODES} values once aliases are expanded)"]


def test_yaml_bomb_of_aliases_is_an_error(make_site):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
              for i in range(1, 9)]
    errors = build_errors(make_site({"content/stories/bomb.md": front_matter(*lines)}))
    assert errors == [f"content/stories/bomb.md:2: the front matter is too complex (more than "
                      f"{MAX_YAML_NODES} values once aliases are expanded)"]


def test_story_file_over_the_size_limit_gives_its_size(make_site):
    text = story(body="x" * (MAX_FILE_BYTES + 100))
    assert build_errors(make_site({"content/stories/huge.md": text})) == [
        "content/stories/huge.md: is larger than the 1 MB limit for a story file"]


def test_quotes_nested_too_deep_name_the_line(make_site):
    site = make_site({"content/stories/q.md": story(body="Fine.\n\n" + "> " * (MAX_NESTING + 1) + "lost?")})
    assert build_errors(site) == [
        f"content/stories/q.md:8: quotes and lists are nested more than {MAX_NESTING} levels deep "
        "here (a quote counts 1 level, a list 2; use fewer '>' or less indentation)"]


def test_lists_nested_too_deep_name_the_line(make_site):
    body = "\n".join("  " * i + "- item" for i in range(MAX_NESTING))
    errors = build_errors(make_site({"content/stories/l.md": story(body=body)}))
    assert errors[0].startswith(f"content/stories/l.md:{6 + MAX_NESTING // 2}: quotes and lists "
                                "are nested more than")


def test_nesting_up_to_the_limit_keeps_every_word(make_site):
    site = make_site({"content/stories/q.md": story(body="> " * MAX_NESTING + "still here")})
    site.build()
    assert "still here" in site.read("stories/q/index.html")


def exact_nesting_error(text: str) -> int | None:
    try:
        _MD.parse(text)
    except NestedTooDeep as exc:
        return exc.line
    return None


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["> ", "- ", "1. ", "* ", "  ", "    ", "\t", "[^a]: ", "x",
                                         "\n", "\n\n", "```\n", "<div>\n"]), max_size=40)
                .map(lambda parts: "".join(parts) * 3), max_size=4).map("\n".join))
def test_the_cheap_nesting_check_agrees_with_a_full_parse(body):
    assert nesting_error(body) == exact_nesting_error(body)


def test_check_reports_nesting_too_deep_without_building(make_site, capsys):
    site = make_site({"content/stories/q.md": story(body="> " * (MAX_NESTING + 1) + "x")})
    assert site.cli("check") == 1
    assert "content/stories/q.md:6: quotes and lists are nested more than" in capsys.readouterr().err
    assert not site.out.exists()
