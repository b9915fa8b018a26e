import { isLosslessNumber } from "lossless-json";
import { parseOptionalNumber } from "./values";

/** Which of the project's two labels an imported annotation gives, or why it gives none. */
export type ImportedLabel = { value: "positive" | "negative" } | { error: string } | null;

/** A task of another tool mapped onto Verge's row fields (validated later like any row) and its label. */
export interface MappedTask {
  fields: { id: unknown; text: unknown; score: unknown; meta: Record<string, unknown> | null };
  label: ImportedLabel;
}

type Labels = { positiveLabel: string; negativeLabel: string };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !isLosslessNumber(v);

/** The first `choices` value of a Label Studio result list (`[{type: "choices", value: {choices: ["x"]}, score?}]`). */
function firstChoice(result: unknown): { choice: string; score: unknown } | null {
  if (!Array.isArray(result)) return null;
  for (const r of result) {
    if (!isObject(r) || !isObject(r.value) || !Array.isArray(r.value.choices)) continue;
    const c = r.value.choices[0];
    if (typeof c === "string") return { choice: c, score: r.score };
  }
  return null;
}

/**
 * A Label Studio task (https://labelstud.io/guide/task_format): text from `data.text`, else the only string field
 * of `data`; id from `data.id`, else the task `id`; other `data` fields and the task's `meta` become meta.
 * Score (P(positive)) from the first prediction: its `choices` result's score (or the prediction's `score`) is the
 * confidence in the chosen class, so P = score when it chose the positive label and 1 − score when it chose the
 * negative one; a prediction with a score and no choice gives P = score. The label is the last annotation that
 * was not cancelled and chose one of the project's two labels.
 */
export function fromLabelStudio(task: Record<string, unknown>, project: Labels): MappedTask | { error: string } {
  const data = task.data;
  if (!isObject(data)) return { error: 'missing "data": a Label Studio task is {"data": {"text": "…"}}' };
  const { id: dataId, text: dataText, ...rest } = data;
  let text = dataText;
  let textKey = "text";
  if (text === undefined) {
    const strings = Object.entries(rest).filter(([, v]) => typeof v === "string");
    if (strings.length !== 1)
      return { error: `missing "data.text", and "data" has ${strings.length} string fields (${strings.map(([k]) => k).join(", ") || "none"}), so the text is ambiguous` };
    [textKey, text] = strings[0]!;
  }
  const meta: Record<string, unknown> = { ...(isObject(task.meta) ? task.meta : {}) };
  for (const [k, v] of Object.entries(rest)) if (k !== textKey) meta[k] = v;
  let score: unknown = undefined;
  const prediction = Array.isArray(task.predictions) ? task.predictions.find(isObject) : undefined;
  if (prediction) {
    const choice = firstChoice(prediction.result);
    const conf = parseOptionalNumber("predictions[0].score", choice?.score ?? prediction.score, 0, 1);
    if (!conf.ok) return { error: conf.message };
    if (conf.value !== null) {
      if (!choice || choice.choice === project.positiveLabel) score = conf.value;
      else if (choice.choice === project.negativeLabel) score = 1 - conf.value;
      else return { error: `predictions[0] chose ${JSON.stringify(choice.choice)}, neither "${project.positiveLabel}" nor "${project.negativeLabel}"` };
    }
  }
  let label: ImportedLabel = null;
  const annotations = Array.isArray(task.annotations) ? task.annotations.filter((a) => isObject(a) && a.was_cancelled !== true) : [];
  const last = annotations[annotations.length - 1] as Record<string, unknown> | undefined;
  const chosen = last ? firstChoice(last.result) : null;
  if (chosen) label = choiceLabel(chosen.choice, project);
  return { fields: { id: dataId ?? task.id, text, score, meta: Object.keys(meta).length ? meta : null }, label };
}

function choiceLabel(choice: string, project: Labels): ImportedLabel {
  if (choice === project.positiveLabel) return { value: "positive" };
  if (choice === project.negativeLabel) return { value: "negative" };
  return { error: `its annotation chose ${JSON.stringify(choice)}, neither "${project.positiveLabel}" nor "${project.negativeLabel}": no label stored` };
}

/**
 * A Prodigy task (JSON Lines: `text`, `meta`, `label`, `answer`, `_input_hash`). Id from `meta.id`, else
 * `_input_hash`, else `id`; score from `score`, else `meta.score`. `answer` is about the task's `label`:
 * with `label` absent or the project's positive label, accept → positive and reject → negative; with `label` the
 * project's negative label, accept → negative and reject → positive; `ignore` stores no label.
 */
export function fromProdigy(task: Record<string, unknown>, project: Labels): MappedTask | { error: string } {
  const { text, meta: rawMeta, label: taskLabel, answer, _input_hash: inputHash, _task_hash: _t, score, id, ...rest } = task;
  if (rawMeta !== undefined && rawMeta !== null && !isObject(rawMeta)) return { error: '"meta" must be an object' };
  const { id: metaId, score: metaScore, ...metaRest } = (rawMeta ?? {}) as Record<string, unknown>;
  const meta = { ...rest, ...metaRest };
  let label: ImportedLabel = null;
  if (answer !== undefined && answer !== null && answer !== "ignore") {
    if (answer !== "accept" && answer !== "reject") return { error: `"answer" must be "accept", "reject" or "ignore", got ${JSON.stringify(answer)}` };
    const flips = taskLabel === project.negativeLabel;
    if (taskLabel !== undefined && taskLabel !== null && taskLabel !== project.positiveLabel && !flips)
      label = { error: `its "label" ${JSON.stringify(taskLabel)} is neither "${project.positiveLabel}" nor "${project.negativeLabel}": no label stored` };
    else label = { value: (answer === "accept") !== flips ? "positive" : "negative" };
  }
  return { fields: { id: metaId ?? inputHash ?? id, text, score: score ?? metaScore, meta: Object.keys(meta).length ? meta : null }, label };
}
