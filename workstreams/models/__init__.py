from .glossary import GlossaryTerm
from .measure import Measurement, Milestone, SuccessMeasure
from .owner import Owner
from .statement import Statement
from .weakness import Weakness
from .workstream import Workstream, WorkstreamMembership

__all__ = [
    "GlossaryTerm",
    "Measurement",
    "Milestone",
    "Owner",
    "Statement",
    "SuccessMeasure",
    "Weakness",
    "Workstream",
    "WorkstreamMembership",
]
