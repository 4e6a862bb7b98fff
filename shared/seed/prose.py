"""Titles, descriptions, bodies, comments and bios, put together from pools Faker fills once.

Faker makes a sentence in about 30 us and a city in 160 us (measured here): calling it
per row would cost minutes at a million articles. The pools below are filled once per
run from a Faker seeded with the run's seed, and each text is then a few random picks
and joins. Every pick comes from the `rng` the caller passes, so each phase of a seed
keeps its own reproducible stream.
"""

from __future__ import annotations

import random

from faker import Faker

from shared.seed.draws import between, pick
from shared.seed.vocabulary import CODE_SNIPPETS, REACTIONS, Topic

PARAGRAPH_POOL = 1500
SENTENCE_POOL = 3000
HEADING_POOL = 500
DESCRIPTION_POOL = 4000
PHRASE_POOL = 4000
BIO_POOL = 1000
PLACE_POOL = 300
"""Pool sizes: enough variety that neighbouring articles rarely share a paragraph."""


class Writer:
    """The pools, filled from `fake` (already seeded) with lengths drawn from `sizes`.

    Every text is then drawn with the `rng` its caller passes.
    """

    def __init__(self, fake: Faker, sizes: random.Random) -> None:
        self.paragraphs = [fake.paragraph(nb_sentences=sizes.randint(3, 7)) for _ in range(PARAGRAPH_POOL)]
        self.sentences = [fake.sentence(nb_words=sizes.randint(6, 14)) for _ in range(SENTENCE_POOL)]
        self.headings = [fake.sentence(nb_words=sizes.randint(2, 5)).rstrip(".") for _ in range(HEADING_POOL)]
        self.descriptions = [fake.sentence(nb_words=sizes.randint(8, 16)) for _ in range(DESCRIPTION_POOL)]
        self.phrases = [fake.catch_phrase().lower() for _ in range(PHRASE_POOL)]
        self.short_bios = [fake.paragraph(nb_sentences=2) for _ in range(BIO_POOL)]
        self.jobs = [fake.job() for _ in range(PLACE_POOL)]
        self.cities = [fake.city() for _ in range(PLACE_POOL)]
        self.taglines = [fake.sentence(nb_words=8) for _ in range(BIO_POOL)]

    def title(self, rng: random.Random, template: str, a: Topic, b: Topic, year: int) -> str:
        """`template` (`vocabulary.TITLE_TEMPLATES`) filled in, first letter upper case (~40 chars)."""
        phrase = pick(rng, self.phrases)
        title = template.format(
            a=a.label,
            b=b.label,
            n=between(rng, 3, 12),
            year=year,
            phrase=phrase,
            a_phrase=f"{'an' if phrase[0] in 'aeiou' else 'a'} {phrase}",
        )
        return title[0].upper() + title[1:]

    def description(self, rng: random.Random) -> str:
        """One sentence of 8 to 16 words."""
        return pick(rng, self.descriptions)

    def body(self, rng: random.Random, topic: Topic) -> str:
        """Markdown: an intro, a few sections with lists, code or a quote, sometimes a question (~1 kB)."""
        parts = [pick(rng, self.paragraphs)]
        for _ in range(between(rng, 1, 3)):
            parts.append(f"## {pick(rng, self.headings)}")
            parts.append(pick(rng, self.paragraphs))
            if rng.random() < 0.5:
                parts.append(pick(rng, self.paragraphs))
            roll = rng.random()
            if roll < 0.25:
                parts.append("\n".join(f"- {pick(rng, self.sentences)}" for _ in range(between(rng, 3, 5))))
            elif roll < 0.45:
                language, code = pick(rng, CODE_SNIPPETS)
                parts.append(f"```{language}\n{code}\n```")
            elif roll < 0.55:
                parts.append(f"> {pick(rng, self.sentences)}")
        if rng.random() < 0.3:
            parts.append(f"How do you use **{topic.label}**? Tell me in the comments.")
        return "\n\n".join(parts)

    def comment(self, rng: random.Random) -> str:
        """A stock reaction (one in five) or one to three sentences."""
        if rng.random() < 0.2:
            return pick(rng, REACTIONS)
        return " ".join([pick(rng, self.sentences) for _ in range(between(rng, 1, 3))])

    def bio(self, rng: random.Random) -> str | None:
        """None for a quarter of people, else a job and a city, or two sentences."""
        roll = rng.random()
        if roll < 0.25:
            return None
        if roll < 0.6:
            return f"{pick(rng, self.jobs)} in {pick(rng, self.cities)}. {pick(rng, self.taglines)}"
        return pick(rng, self.short_bios)
