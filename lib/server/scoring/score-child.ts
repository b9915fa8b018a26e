/**
 * Child process of ScorePool: holds one decision model and scores the item chunks it is sent.
 * Messages: { kind: "model", model } → { kind: "ready" }; { kind: "score", id, items } → { kind: "scored", id, z, q, sigma }.
 */
import type { DecisionModel } from "../../model/decision-model";
import type { ItemInput } from "../../model/prepared";
import { scoreItems } from "../../model/score";

type Msg = { kind: "model"; model: DecisionModel } | { kind: "score"; id: number; items: ItemInput[] };

let model: DecisionModel | null = null;
process.on("message", (m: Msg) => {
  try {
    if (m.kind === "model") {
      model = m.model;
      process.send!({ kind: "ready" });
      return;
    }
    if (!model) throw new Error("score child: no model set");
    const r = scoreItems(model, m.items);
    process.send!({ kind: "scored", id: m.id, z: r.z, q: r.q, sigma: r.sigma });
  } catch (e) {
    process.send!({ kind: "error", id: "id" in m ? m.id : -1, message: (e as Error).message });
  }
});
process.on("disconnect", () => process.exit(0));
