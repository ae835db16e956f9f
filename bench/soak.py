"""Soak: many consultations through the Python API in one process, while
Advisors are created and dropped alongside, with resident memory at the start
and the end. Not a test (it takes minutes); run it by hand or in a nightly job.

    python bench/soak.py            # 1,000,000 consultations, an Advisor made and dropped every 500
    python bench/soak.py --quick    # 100,000

It fails (exit 1) if a result differs from the first time its answers were
seen, or if resident memory grows by more than --max-growth MB.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 consultations instead of 1,000,000")
    parser.add_argument("--every", type=int, default=500, help="create and drop an Advisor every N consultations")
    parser.add_argument("--max-growth", type=float, default=25.0, help="allowed RSS growth in MB")
    args = parser.parse_args()
    total = 100_000 if args.quick else 1_000_000

    from infoview_rules import Advisor
    from infoview_rules.schema import answer_space

    advisor = Advisor()
    space = list(answer_space(advisor.rules.schema))
    first = {}
    # warm up: every answers object once, so that caches and the allocator settle
    for i, answers in enumerate(space):
        first[i] = advisor.advise(answers).to_json()
    start_rss, start = rss_mb(), time.perf_counter()
    made = 0
    for n in range(total):
        i = (n * 7919) % len(space)
        if advisor.advise(space[i]).to_json() != first[i]:
            print(f"FAIL: consultation {n} (answers #{i}) differs from the first time")
            sys.exit(1)
        if n % args.every == 0:
            with Advisor() as other:  # created, used and dropped alongside the long-lived one
                other.advise(space[i])
            Advisor().advise(space[i])  # dropped without close(): freed when collected
            made += 2
        if n and n % 100_000 == 0:
            print(f"{n:>9,} consultations  {time.perf_counter() - start:7.1f} s  RSS {rss_mb():6.1f} MB", flush=True)
    seconds, end_rss = time.perf_counter() - start, rss_mb()
    print(f"{total:,} consultations and {made:,} Advisors made and dropped in {seconds:.1f} s "
          f"({total / seconds:,.0f}/s)")
    print(f"RSS at start {start_rss:.1f} MB, at end {end_rss:.1f} MB, growth {end_rss - start_rss:+.1f} MB "
          f"(allowed {args.max_growth:g} MB)")
    advisor.close()
    sys.exit(0 if end_rss - start_rss <= args.max_growth else 1)


if __name__ == "__main__":
    main()
