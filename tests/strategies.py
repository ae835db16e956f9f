"""Hypothesis strategies shared by the tests: answers objects within the contract."""

from hypothesis import strategies as st

from oracle import EXPECTATIONS, GOALS


@st.composite
def full_answers(draw):
    """A complete answers object of the contract's values (no booleans, no goal_text)."""
    return {
        "requested_by": draw(st.sampled_from(["me", "company"])),
        "in_hiring_process": draw(st.sampled_from(["yes", "no"])),
        "goals": draw(st.lists(st.sampled_from(GOALS), unique=True)),
        "expectations": draw(st.lists(st.sampled_from(EXPECTATIONS), unique=True)),
        "job_open": draw(st.sampled_from(["yes", "no", "unknown"])),
        "meeting_with": draw(st.sampled_from(["hr", "manager", "recruiter", "other"])),
        "prepared_questions": draw(st.sampled_from(["yes", "no"])),
    }
