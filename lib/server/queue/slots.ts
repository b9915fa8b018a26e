/**
 * Items carry two score slots. The live one (Project.scoreSlot) serves the queue, stats and exports; a retrain
 * fills the other and flips the pointer in one statement, so a new model version appears all at once.
 */
export interface SlotColumns {
  q: string;
  z: string;
  decision: string;
  priority: string;
}

const SLOTS: [SlotColumns, SlotColumns] = [
  { q: "q", z: "z", decision: "decision", priority: "priority" },
  { q: '"qB"', z: '"zB"', decision: '"decisionB"', priority: '"priorityB"' },
];

export function slotColumns(slot: number): SlotColumns {
  return SLOTS[slot === 1 ? 1 : 0];
}
