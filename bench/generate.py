"""Write realistic synthetic posts for the benchmarks, never into content/.

Each post is about 800 words of career advice in the column's style, with a
standfirst, headings, a bulleted and a numbered list, a block quote, links
(external and to an earlier post), a fenced code block, tags and a category from
pelicanconf.CATEGORIES, and full metadata including a Summary. The same count and
seed always give the same posts, so two runs build the same site.

    python -m bench.generate --count 100 /dev/shm/bench/content/posts
"""

import argparse
import datetime
import random
import re
import sys
from pathlib import Path

from pelicanconf import AUTHOR, CATEGORIES

ROOT = Path(__file__).resolve().parent.parent

WORDS_PER_POST = 800
MAX_SLUG = 80  # what make check allows (plugins/content_check)
# Newest post date; older posts follow one or two days apart, so none is in the future.
LATEST_DATE = datetime.datetime(2026, 6, 30, 9, 0)

VERBS = ["follow up", "negotiate", "prepare", "ask", "network", "apply", "interview", "plan"]
OBJECTS = [
    "the hiring manager",
    "a second interview",
    "your probation review",
    "a counter-offer",
    "the recruiter's call",
    "your reference list",
    "a job you finished second for",
    "the salary conversation",
    "a career change",
    "your first ninety days",
]
QUALIFIERS = [
    "without sounding desperate",
    "in three steps",
    "when the timing is wrong",
    "after a rejection",
    "before the offer expires",
    "like a pro",
]
TAGS = [
    "follow-up",
    "email",
    "probation",
    "hiring managers",
    "job interviews",
    "salary",
    "negotiation",
    "networking",
    "references",
    "linkedin",
    "cover letters",
    "resume",
    "career change",
    "recruiters",
    "first job",
    "promotion",
    "remote work",
    "job offers",
    "rejection",
    "thank-you notes",
]
SENTENCES = [
    "Most candidates stop at the thank-you email, and that is exactly why {topic} matters.",
    "As a recruiter I have watched {count} people make the same mistake with {topic}.",
    "The hiring manager's calendar is full -- yours should not be empty.",
    'When a candidate tells me they "finished second", my first question is about {topic}.',
    "Timing is everything: {count} days is usually the window you're working with.",
    "Don't guess what the company wants; ask, then listen to what they don't say.",
    "A short, specific message beats a long, polite one every single time.",
    "Your résumé opened the door, but {topic} is what keeps it open.",
    "Managers rarely enjoy hiring, so anything that saves them time helps you.",
    "Write down what you'll say before the call; nerves erase good intentions.",
    "The company's needs change in {count} weeks more often than you'd think.",
    "Treat every conversation about {topic} as a chance to be remembered.",
    "It's not pushy to follow up once -- it's pushy to follow up every day.",
    "Keep notes on each contact, their role and what you promised to send.",
    "In my experience, the second conversation is where offers are really made.",
    "Be honest about what you want, and specific about what you bring.",
]
LIST_ITEMS = [
    "Name the role and the date you interviewed.",
    "Say in one sentence why you still want the job.",
    "Mention one thing you've learned or done since.",
    "Offer a short call at their convenience.",
    "Thank them for their time -- once.",
    "Check the company's news before you write.",
    "Keep it under 150 words.",
    "Send it on a Tuesday or Wednesday morning.",
]
QUOTES = [
    "The candidate who follows up well is the one I call first when plans change.",
    "Nobody remembers the runner-up, unless the runner-up reminds them.",
    "A probation period is an open question; your follow-up can be the answer.",
]
LINKS = [
    ("the Bureau of Labor Statistics", "https://www.bls.gov/"),
    ("Statistics Canada", "https://www.statcan.gc.ca/"),
    ("the Harvard Business Review", "https://hbr.org/"),
    ("a plain-language guide to probation", "https://example.org/probation"),
]
CODE_SNIPPET = """\
```text
Subject: {title}

Hello {{name}},

We met on {{date}} about the {{role}} role. I'm still very interested,
and since then I have {{achievement}}. Would a short call next week help?

Best regards,
{{your name}}
```"""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def post_slug(title: str, index: int) -> str:
    """The title's slug, its words cut to keep the number when it would pass the 80
    characters `make check` allows."""
    slug = slugify(title)
    if len(slug) <= MAX_SLUG:
        return slug
    number = f"-no-{index}"
    return slug.removesuffix(number)[: MAX_SLUG - len(number)].rstrip("-") + number


def paragraph(rng: random.Random, topic: str, sentences: int) -> str:
    return " ".join(
        sentence.format(topic=topic, count=rng.randint(2, 90))
        for sentence in rng.sample(SENTENCES, sentences)
    )


def post_date(index: int) -> datetime.datetime:
    return LATEST_DATE - datetime.timedelta(days=index + index // 2, hours=index % 7)


def file_name(index: int) -> str:
    return f"{post_date(index):%Y-%m-%d}-bench-{index:05d}.md"


def post_text(index: int, rng: random.Random, older: str | None) -> str:
    """One post's Markdown source; `older` is the file name of an older post to link to."""
    topic = rng.choice(OBJECTS)
    title = f"How to {rng.choice(VERBS)} {topic} {rng.choice(QUALIFIERS)} (no. {index})"
    date = post_date(index)
    slug = post_slug(title, index)
    tags = rng.sample(TAGS, rng.randint(2, 4))
    summary = (
        f"What to do about {topic}: a recruiter's advice on timing, wording "
        f"and the follow-up most candidates never send."
    )
    link_text, link_url = rng.choice(LINKS)
    internal = f" For more, read [the earlier column]({{filename}}{older})." if older else ""
    blocks = [
        f"{paragraph(rng, topic, 2)}\n{{: .standfirst }}",
        paragraph(rng, topic, 6),
        f"## Why {topic} matters",
        paragraph(rng, topic, 7) + f" See [{link_text}]({link_url}) for the figures.",
        "\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 5)),
        f"> {rng.choice(QUOTES)}",
        paragraph(rng, topic, 6),
        "## A message you can adapt",
        CODE_SNIPPET.format(title=title),
        "\n".join(f"{n}. {item}" for n, item in enumerate(rng.sample(LIST_ITEMS, 4), 1)),
        paragraph(rng, topic, 5) + internal,
    ]
    # Pad with paragraphs to reach the post length, counting the words written so far.
    while len(" ".join(blocks).split()) < WORDS_PER_POST - 40:
        blocks.append(paragraph(rng, topic, 4))
    metadata = [
        f"Title: {title}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Author: {AUTHOR}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {', '.join(tags)}",
        f"Slug: {slug}",
        f"Summary: {summary}",
    ]
    return "\n".join(metadata) + "\n\n" + "\n\n".join(blocks) + "\n"


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` posts into `folder` (created if needed); return their paths."""
    content = (ROOT / "content").resolve()
    target = folder.resolve()
    if target == content or content in target.parents:
        raise ValueError(f"{folder}: benchmark posts never go into content/; pick a temp folder")
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    for index in range(1, count + 1):
        # Post 1 is the newest; each post links to the next, older one.
        older = file_name(index + 1) if index < count else None
        path = target / file_name(index)
        path.write_text(post_text(index, rng, older), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the posts (not content/)")
    parser.add_argument("--count", type=int, default=100, help="how many posts (default 100)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    try:
        paths = generate(args.folder, args.count, args.seed)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} posts to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
