"""What the selection step publishes to ``annotation.queue``: a scrubbed prompt worth a human answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from instructflow.schemas.instance import Instance


class AnnotationItem(BaseModel):
    """One prompt queued for annotators. Its id is the instance's id, so the reviewed answer
    re-enters the pipeline as a revision of the same instance (see agents/identity.py)."""

    model_config = ConfigDict(extra="forbid")

    instance: Instance
    cluster: str = Field(description="Topic key the diversity caps count by: '<lang>:<bucket>'.")
    priority: float = Field(description="Higher is served first (the prompt's quality score).")
    queued_at: datetime = Field(description="Kafka time of the accepted instance: the budget window it counts in.")

    @property
    def item_id(self) -> str:
        return self.instance.instance_id
