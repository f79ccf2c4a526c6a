"""The audit record's names for each kind of change to the commitments register: one name
per kind, whichever door (page, API, import) the change came through."""

COMMITMENT_CREATE = "commitment.create"
COMMITMENT_CHANGE = "commitment.change"
COMMITMENT_RATE = "commitment.rate"
MILESTONE_CREATE = "milestone.create"
MILESTONE_CHANGE = "milestone.change"
MILESTONE_COMPLETE = "milestone.complete"
PROGRESS_UPDATE_POST = "progress_update.post"
WORK_ITEM_DONE = "work_item.done"
WORK_ITEM_CARRY_FORWARD = "work_item.carry_forward"
