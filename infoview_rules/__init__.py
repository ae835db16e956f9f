"""infoview: is your "informational interview" really one? Rule-based, cited advice.

    >>> from infoview_rules import advise
    >>> advice = advise({"requested_by": "me", "in_hiring_process": "no",
    ...                  "goals": ["learn_about_company"], "job_open": "no",
    ...                  "meeting_with": "manager", "prepared_questions": "yes"})
    >>> advice.classification, advice.aligned
    ('informational', True)
"""

__version__ = "0.1.0"  # the one place the version is kept; setup.cfg reads it from here

from .advisor import Advice, Advisor, Finding, advise
from .errors import EngineError, InfoviewError, InputError, RulesError
from .rules import load_rules

__all__ = [
    "Advice", "Advisor", "Finding", "advise", "load_rules",
    "InfoviewError", "InputError", "RulesError", "EngineError", "__version__",
]
