"""The single contract: every topic value and every pool column is defined here."""

from instructflow.schemas.annotation import AnnotationItem
from instructflow.schemas.deadletter import DeadLetter
from instructflow.schemas.instance import Instance, Lineage, Source, Status
from instructflow.schemas.prompt import Message, Prompt
from instructflow.schemas.seed import Seed, SeedInstance
from instructflow.schemas.synth_job import SynthJob, SynthRound
from instructflow.schemas.task import RecordError, TaskRecord, TaskType

__all__ = [
    "AnnotationItem",
    "DeadLetter",
    "Instance",
    "Lineage",
    "Message",
    "Prompt",
    "RecordError",
    "Seed",
    "SeedInstance",
    "Source",
    "Status",
    "SynthJob",
    "SynthRound",
    "TaskRecord",
    "TaskType",
]
