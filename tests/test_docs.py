"""The README's examples are real: every `$ kg query …` shown there prints what the README says."""
import re
import shlex

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import ROOT


def blocks(text):
    """The contents of the README's fenced code blocks."""
    inside, lines = False, []
    for line in text.splitlines():
        if line.startswith("```"):
            if inside:
                yield "\n".join(lines) + "\n"
            inside, lines = not inside, []
        elif inside:
            lines.append(line)


def examples():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in blocks(text):
        for m in re.finditer(r"^\$ (kg query .*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            yield m.group(1), m.group(2).strip("\n").splitlines()


def run(command, data):
    pipeline = [shlex.split(part) for part in command.split("|")]
    args = pipeline[0][1:] + ["--data", str(data)]
    lines = CliRunner().invoke(cli, args).output.splitlines()
    for step in pipeline[1:]:
        if step[0] == "grep":
            lines = [line for line in lines if step[1] in line]
        elif step[0] == "head":
            lines = lines[:int(step[1].lstrip("-"))]
    return lines


def test_readme_has_examples():
    assert len(list(examples())) >= 4


def test_readme_examples_print_what_the_readme_shows(built):
    for command, expected in examples():
        assert run(command, built[0]) == expected, command


def test_readme_documents_every_command_and_bundled_query():
    from kg.query import bundled

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in bundled():
        assert f"`{name}`" in text, name
    for command in cli.commands:
        assert f"kg {command}" in text, command
