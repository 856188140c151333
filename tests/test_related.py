"""The rail's ranking, checked against the plain definition on many random video sets."""

import random
from datetime import datetime, timedelta, timezone

from newsdigest.content.models import Video
from newsdigest.site.rails import HALF_LIFE_DAYS, VideoIndex

TAGS = [f"t{i}" for i in range(8)]
START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def by_definition(videos, tags, anchor, wanted, towns=()):
    """Videos sharing a town with the page first, then the rest; within each, score = shared
    tags x 0.5^(days apart / 90), best first; ties to the newer, then slug."""
    newest_first = sorted(videos, key=lambda v: (v.date, v.slug), reverse=True)
    rank = {v.slug: i for i, v in enumerate(newest_first)}
    scored = []
    for video in videos:
        shared = len(set(video.tags) & set(tags))
        if shared:
            days = abs((video.date - anchor).total_seconds()) / 86400
            in_town = bool(set(video.tags) & set(tags) & set(towns))
            scored.append((not in_town, -shared * 0.5 ** (days / HALF_LIFE_DAYS), rank[video.slug],
                           video.slug))
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


def test_ranking_puts_the_pages_towns_first_as_defined():
    rng = random.Random(23)
    for _ in range(300):
        videos = random_videos(rng, rng.randint(0, 60))
        towns = rng.sample(TAGS, rng.randint(1, 3))
        index = VideoIndex(videos, towns)
        tags = rng.sample(TAGS, rng.randint(0, 4))
        anchor = START + timedelta(days=rng.uniform(-100, 800))
        wanted = rng.randint(1, 25)
        assert index._ranked(tags, anchor, wanted) == by_definition(videos, tags, anchor, wanted, towns)


def test_a_towns_old_video_beats_a_fresh_video_on_the_same_topic():
    story_day = START + timedelta(days=400)
    videos = [Video(src_path="a.md", slug="town-old", title="", duration=1, media_url="",
                    date=START, tags=("millbrook",)),
              Video(src_path="b.md", slug="topic-new", title="", duration=1, media_url="",
                    date=story_day, tags=("fire", "police"))]
    index = VideoIndex(videos, ["millbrook"])
    assert index._ranked(["millbrook", "fire", "police"], story_day, 2) == ["town-old", "topic-new"]
    assert VideoIndex(videos)._ranked(["millbrook", "fire", "police"], story_day, 2) == ["topic-new", "town-old"]


def test_dense_sites_with_towns_match_the_definition():
    rng = random.Random(5)
    for _ in range(30):
        videos = [Video(src_path=f"v{i}.md", slug=f"v{i:04d}", title="", duration=1, media_url="",
                        date=START + timedelta(hours=rng.randrange(0, 24 * 400, 6)),
                        tags=tuple(rng.sample(TAGS[:5], rng.randint(1, 4)))) for i in range(300)]
        towns = rng.sample(TAGS[:5], 2)
        index = VideoIndex(videos, towns)
        tags = rng.sample(TAGS[:6], rng.randint(1, 5))
        anchor = START + timedelta(hours=rng.randrange(0, 24 * 400, 6))
        wanted = rng.randint(1, 40)
        assert index._ranked(tags, anchor, wanted) == by_definition(videos, tags, anchor, wanted, towns)
