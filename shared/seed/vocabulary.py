"""The words articles are made of: topics (the head of the tag list), title shapes, code, reactions."""

from __future__ import annotations

from typing import NamedTuple


class Topic(NamedTuple):
    tag: str
    label: str
    """How a title names the topic, e.g. `Node.js` for the tag `nodejs`."""


TOPICS: tuple[Topic, ...] = tuple(
    Topic(tag, label)
    for tag, label in (
        ("javascript", "JavaScript"),
        ("python", "Python"),
        ("react", "React"),
        ("typescript", "TypeScript"),
        ("webdev", "web development"),
        ("programming", "programming"),
        ("beginners", "programming for beginners"),
        ("devops", "DevOps"),
        ("docker", "Docker"),
        ("nodejs", "Node.js"),
        ("rust", "Rust"),
        ("go", "Go"),
        ("css", "CSS"),
        ("postgresql", "PostgreSQL"),
        ("kubernetes", "Kubernetes"),
        ("aws", "AWS"),
        ("testing", "testing"),
        ("career", "a developer career"),
        ("productivity", "developer productivity"),
        ("opensource", "open source"),
        ("security", "application security"),
        ("performance", "web performance"),
        ("architecture", "software architecture"),
        ("databases", "databases"),
        ("machinelearning", "machine learning"),
        ("vue", "Vue"),
        ("svelte", "Svelte"),
        ("django", "Django"),
        ("flask", "Flask"),
        ("fastapi", "FastAPI"),
        ("rails", "Rails"),
        ("graphql", "GraphQL"),
        ("api", "API design"),
        ("git", "Git"),
        ("linux", "Linux"),
        ("redis", "Redis"),
        ("terraform", "Terraform"),
        ("accessibility", "accessibility"),
        ("webassembly", "WebAssembly"),
        ("observability", "observability"),
        ("functional", "functional programming"),
        ("sqlite", "SQLite"),
    )
)
"""The tag pool, most popular first: article topics follow a long tail, as on a real blog."""

TITLE_TEMPLATES = (
    "Getting started with {a}",
    "A practical guide to {a}",
    "What nobody tells you about {a}",
    "{n} lessons from a year of {a}",
    "Why we moved from {b} to {a}",
    "{a} vs {b}: an honest comparison",
    "Debugging {a} in production",
    "The state of {a} in {year}",
    "{a} patterns I keep coming back to",
    "How we scaled {a} without losing our minds",
    "{n} {a} mistakes I made so you don't have to",
    "Understanding {a} from first principles",
    "Living with {a} and {b} in one codebase",
    "Notes on {a}: {phrase}",
    "Building {a_phrase} with {a}",
    "Is {a} still worth learning in {year}?",
    "{phrase}",
)
"""Title shapes; `{b}` marks a second topic, which then becomes a tag too."""

CODE_SNIPPETS = (
    ("python", 'def greet(name: str) -> str:\n    return f"Hello, {name}!"'),
    ("javascript", "const total = items.reduce((sum, item) => sum + item.price, 0);"),
    ("typescript", "type Result<T> = { ok: true; value: T } | { ok: false; error: string };"),
    ("bash", "docker compose up --build -d\ncurl -s localhost:8000/api/tags | jq ."),
    (
        "sql",
        "SELECT t.name, count(*)\nFROM article_tags at JOIN tags t ON t.id = at.tag_id\nGROUP BY t.name;",
    ),
    ("go", 'func main() {\n\tfmt.Println("hello, world")\n}'),
    ("rust", 'fn main() {\n    let words: Vec<&str> = "a b c".split().collect();\n}'),
)
REACTIONS = (
    "Great write-up, thanks for sharing!",
    "This saved me an afternoon of debugging.",
    "Bookmarked. The second section is gold.",
    "I disagree with the conclusion, but the examples are really clear.",
    "Would love a follow-up on testing this.",
    "We hit exactly the same problem last month.",
)
