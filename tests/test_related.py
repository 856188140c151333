"""The rail's ranking, checked against the plain definition on many random video sets."""

import random
from datetime import datetime, timedelta, timezone

from newsdigest.content.models import Video
from newsdigest.site.rails import HALF_LIFE_DAYS, VideoIndex

TAGS = [f"t{i}" for i in range(8)]
START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def by_definition(videos, tags, anchor, wanted):
    """score = shared tags x 0.5^(days apart / 90), best first; ties to the newer, then slug."""
    newest_first = sorted(videos, key=lambda v: (v.date, v.slug), reverse=True)
    rank = {v.slug: i for i, v in enumerate(newest_first)}
    scored = []
    for video in videos:
        shared = len(set(video.tags) & set(tags))
        if shared:
            days = abs((video.date - anchor).total_seconds()) / 86400
            scored.append((-shared * 0.5 ** (days / HALF_LIFE_DAYS), rank[video.slug], video.slug))
    return [slug for *_, slug in sorted(scored)[:wanted]]


def random_videos(rng, count):
    return [Video(src_path=f"v{i}.md", slug=f"v{i:03d}", title="", duration=1, media_url="",
                  date=START + timedelta(minutes=rng.randrange(0, 60 * 24 * 700)),
                  tags=tuple(rng.sample(TAGS, rng.randint(0, 3)))) for i in range(count)]


def test_ranking_matches_the_definition_on_random_sites():
    rng = random.Random(7)
    for _ in range(300):
        videos = random_videos(rng, rng.randint(0, 60))
        index = VideoIndex(videos)
        tags = rng.sample(TAGS, rng.randint(0, 4))
        anchor = START + timedelta(days=rng.uniform(-100, 800))
        wanted = rng.randint(1, 25)
        got = index._ranked(tags, anchor, wanted)
        assert got == by_definition(videos, tags, anchor, wanted)[:len(got)]
        assert len(got) == len(by_definition(videos, tags, anchor, wanted))


def test_equal_scores_go_to_the_newer_video():
    same = START + timedelta(days=10)
    videos = [Video(src_path="a.md", slug="a", title="", duration=1, media_url="", date=same - timedelta(days=1), tags=("x",)),
              Video(src_path="b.md", slug="b", title="", duration=1, media_url="", date=same + timedelta(days=1), tags=("x",))]
    assert VideoIndex(videos)._ranked(["x"], same, 2) == ["b", "a"]


def test_ranking_matches_the_definition_on_dense_sites_with_ties():
    # Many videos sharing two or more tags, several at the same moment: the pair lists and the
    # stopping bound must still give exactly the definition's order.
    rng = random.Random(11)
    for _ in range(40):
        videos = [Video(src_path=f"v{i}.md", slug=f"v{i:04d}", title="", duration=1, media_url="",
                        date=START + timedelta(hours=rng.randrange(0, 24 * 400, 6)),
                        tags=tuple(rng.sample(TAGS[:5], rng.randint(1, 4)))) for i in range(400)]
        index = VideoIndex(videos)
        tags = rng.sample(TAGS[:6], rng.randint(1, 5))
        anchor = START + timedelta(hours=rng.randrange(0, 24 * 400, 6))
        wanted = rng.randint(1, 40)
        assert index._ranked(tags, anchor, wanted) == by_definition(videos, tags, anchor, wanted)
