"""The single contract: every topic value and every pool column is defined here."""

from instructflow.schemas.deadletter import DeadLetter
from instructflow.schemas.instance import Instance, Lineage, Source, Status
from instructflow.schemas.prompt import Message, Prompt

__all__ = ["DeadLetter", "Instance", "Lineage", "Message", "Prompt", "Source", "Status"]
