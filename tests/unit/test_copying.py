"""copy_with equals pydantic's model_copy for every schema model the hot path copies.

Planted once (went red, restored): dropping the update of the fields-set (a copy that forgot which
fields were set) fails the fields-set assertions; sharing the field dict instead of copying it
fails test_copy_does_not_touch_the_original.
"""

from __future__ import annotations

from instructflow.schemas import Instance, Lineage, Message, Status
from instructflow.schemas.copying import copy_with


def _instance() -> Instance:
    return Instance(instance_id="i1", source="chat", stage=2, instruction="hello", dedup_sketch="abc",
                    messages=[Message(role="user", content="hi")])


def test_copy_with_equals_model_copy() -> None:
    inst = _instance()
    update = {"status": Status.rejected, "reject_reason": "duplicate_exact", "content_hash": "00", "dedup_sketch": ""}
    mine, theirs = copy_with(inst, update), inst.model_copy(update=update)
    assert mine == theirs and mine.model_fields_set == theirs.model_fields_set
    assert mine.model_dump_json() == theirs.model_dump_json() and inst.dedup_sketch == "abc"


def test_copy_without_update_and_of_other_models() -> None:
    inst = _instance()
    assert copy_with(inst) == inst.model_copy() and copy_with(inst).model_fields_set == inst.model_fields_set
    message = inst.messages[0]
    changed = copy_with(message, {"content": "<PERSON_1>"})
    assert changed == message.model_copy(update={"content": "<PERSON_1>"}) and message.content == "hi"
    lineage = Lineage(topic="t")
    moved = copy_with(lineage, {"partition": 3, "offset": 9})
    assert moved == lineage.model_copy(update={"partition": 3, "offset": 9})
    assert moved.model_fields_set == lineage.model_copy(update={"partition": 3, "offset": 9}).model_fields_set


def test_copy_does_not_touch_the_original() -> None:
    inst = _instance()
    copied = copy_with(inst, {"instruction": "changed"})
    copied.lang = "en"
    assert inst.instruction == "hello" and inst.lang != "en" and copied is not inst


def test_an_instances_default_lineage_is_a_fresh_lineage() -> None:
    """Instance's default lineage (schemas/instance.py new_lineage: Lineage()'s fields copied, for the
    ballots' exclude_defaults) equals Lineage(), has no field set and a list of its own. (Planted: the
    default list shared between lineages: red.)"""
    from instructflow.schemas.instance import new_lineage

    a, b, made = _instance().lineage, _instance().lineage, new_lineage()
    for lineage in (a, made):
        assert lineage == Lineage() and lineage.model_fields_set == set() and type(lineage) is Lineage
        assert lineage.__dict__ == Lineage().__dict__ and lineage.model_dump() == Lineage().model_dump()
    a.demonstration_ids.append("d1")
    assert b.demonstration_ids == [] == made.demonstration_ids == Lineage().demonstration_ids
    assert Lineage.model_validate(a.model_dump()) == a
