"""The single contract: every topic value and every pool column is defined here."""

from instructflow.schemas.deadletter import DeadLetter
from instructflow.schemas.instance import Instance, Lineage, Source, Status
from instructflow.schemas.prompt import Message, Prompt
from instructflow.schemas.task import RecordError, TaskRecord, TaskType

__all__ = [
    "DeadLetter",
    "Instance",
    "Lineage",
    "Message",
    "Prompt",
    "RecordError",
    "Source",
    "Status",
    "TaskRecord",
    "TaskType",
]
