"""Screening throughput against a bare Aho-Corasick reference, measured in the same run.

    .venv/bin/python benchmarks/screening.py [--n 200000] [--data-dir DIR]

Builds the full watchlist (built-in plus the two official lists in ../shared/data when
present, entities linked across them; CANDOR_LIST_DATA or --data-dir overrides the
folder), then screens N synthetic disclosure texts of about 30 words with `screen_text`,
and with a bare reference: the same normalisation and one pyahocorasick automaton over the
same patterns, with no rules. The two take turns over batches of the same texts, so a
noisy machine slows both alike.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import ahocorasick

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.screening.matcher import Matcher  # noqa: E402 - needs the repo on sys.path
from app.screening.normalize import normalize_text  # noqa: E402
from app.screening.official_lists import parse_dod1260h, parse_dod1286  # noqa: E402
from app.screening.screen import screen_text  # noqa: E402
from app.screening.watchlist import load_builtin_watchlist  # noqa: E402

#: The official lists sit in a shared/data folder beside the repository (or beside one of
#: its parent folders, for a worktree).
DEFAULT_DATA_DIR = next(
    (
        folder / "shared" / "data"
        for folder in REPO.parents
        if (folder / "shared" / "data").is_dir()
    ),
    REPO.parent / "shared" / "data",
)
LIST_FILES = {
    "us_dod_1260h_chinese_military_companies.csv": parse_dod1260h,
    "us_dod_1286_foreign_institutions_and_talent_programs.csv": parse_dod1286,
}
FILLER_TEXT = """
consulting agreement with a medical device company for design review of clinical trials paid
honorarium for a lecture at the annual meeting unpaid member of the scientific advisory board
equity in a startup company licensed by the university travel reimbursed by the society grant
from the foundation collaboration with colleagues at Stanford University and the University of
Toronto on machine learning for imaging co-authored papers with Dr. Wei Zhang and Prof. Maria
Garcia visiting scholar at ETH Zurich summer school in Beijing tourism trip to Shanghai china
porcelain collection high-throughput HIT screening 32-bit firmware review of NSF proposals
National Science Foundation CAREER award expert witness fees
"""
FILLER = FILLER_TEXT.split()
#: Texts per timed batch; the reference and screen_text take turns batch by batch.
BATCH = 10_000
SENTENCE_TEMPLATES = (
    "Visiting professor at {name} in 2019.",
    "Funding received from {name} for a joint project.",
    "Participant in the {name}, 2015-2018.",
    "Consulting for {name}; paid $5,000.",
)


def synthetic_texts(count: int, names: list[str], seed: int = 1260) -> list[str]:
    """Mostly clean ~30-word texts; one in ten mentions a watchlist name."""
    rng = random.Random(seed)
    texts = []
    for index in range(count):
        words = rng.choices(FILLER, k=30)
        if index % 10 == 0:
            mention = rng.choice(SENTENCE_TEMPLATES).format(name=rng.choice(names))
            words.insert(rng.randrange(len(words)), mention)
        texts.append(" ".join(words))
    return texts


def bare_reference(patterns: list[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for pattern in patterns:
        automaton.add_word(pattern, pattern)
    automaton.make_automaton()
    return automaton


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="number of texts")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("CANDOR_LIST_DATA", DEFAULT_DATA_DIR)),
        help="folder holding the official list CSV files",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    builtin = load_builtin_watchlist()
    entries = list(builtin.entries)
    for file_name, parse in LIST_FILES.items():
        path = args.data_dir / file_name
        if path.exists():
            entries.extend(parse(path))
        else:
            print(f"(not found, skipped: {path})")
    loaded = time.perf_counter()
    matcher = Matcher.build(entries, builtin.version, builtin.contexts)
    built = time.perf_counter()
    print(f"watchlist: {len(entries)} entries, {len(matcher.pattern_keys())} patterns")
    print(f"load (built-in + official lists): {loaded - started:.3f} s")
    print(f"matcher build: {built - loaded:.3f} s")

    names = [name for entry in entries for name in entry.names[:2]]
    texts = synthetic_texts(args.n, names)
    reference = bare_reference(matcher.pattern_keys())

    def run_reference(batch: list[str]) -> int:
        return sum(len(list(reference.iter(normalize_text(text)))) for text in batch)

    def run_screen(batch: list[str]) -> int:
        return sum(len(screen_text(text, matcher)) for text in batch)

    # Both run over every text, in alternating batches (and alternating which goes first),
    # so that load from other processes on a shared machine falls on both alike.
    totals = {run_reference: [0.0, 0], run_screen: [0.0, 0]}
    for number, first in enumerate(range(0, len(texts), BATCH)):
        batch = texts[first : first + BATCH]
        order = (run_reference, run_screen) if number % 2 == 0 else (run_screen, run_reference)
        for run in order:
            started = time.perf_counter()
            totals[run][1] += run(batch)
            totals[run][0] += time.perf_counter() - started
    (reference_seconds, reference_hits), (screen_seconds, flags) = totals.values()

    screen_rate = args.n / screen_seconds
    reference_rate = args.n / reference_seconds
    print(f"texts: {args.n} (~30 words each)")
    print(f"bare reference: {reference_rate:,.0f} texts/s ({reference_hits} raw hits)")
    print(f"screen_text:    {screen_rate:,.0f} texts/s ({flags} flags)")
    print(f"ratio screen_text / reference: {screen_rate / reference_rate:.2f}")


if __name__ == "__main__":
    main()
