import { z } from "zod";
import { passwordProblem } from "./password-policy";

/**
 * Strategies the queue can order by (the sampling engine's registry; a test keeps the two lists equal).
 * `edv`, `edf`, `straddle` and the mixes rank with the decision model once it is trained.
 */
export const STRATEGY_NAMES = ["edv", "edf", "straddle", "margin", "uncertainty", "random", "edv-unc", "edv-unc25", "edv-rand"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

const labelName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(40, "must be at most 40 characters")
  .refine((s) => s.toLowerCase() !== "skip", "\"skip\" is reserved");

const projectFields = {
  name: z.string().trim().min(1, "must not be empty").max(120),
  positiveLabel: labelName,
  negativeLabel: labelName,
  threshold: z.number().gt(0, "must be above 0").lt(1, "must be below 1"),
  strategy: z.enum(STRATEGY_NAMES),
  auditFraction: z.number().min(0).max(1),
  labelsPerItem: z.number().int().min(1).max(10),
  retrainEvery: z.number().int().min(1).max(100_000),
  selfValue: z.number().min(0).max(1),
  leaseSeconds: z.number().int().min(10).max(86_400),
  showMeta: z.boolean(),
  /** Share of each queue round drawn at random with recorded π (the rest: the strategy's picks, π = 1). */
  randomShare: z.number().min(0, "must be at least 0").max(1, "must be at most 1"),
};

/** Rules across fields, checked on create and on the merged settings of every update (one source of truth). */
function projectRules(p: { positiveLabel: string; negativeLabel: string }, ctx: z.RefinementCtx): void {
  if (p.positiveLabel.toLowerCase() === p.negativeLabel.toLowerCase())
    ctx.addIssue({ code: "custom", message: "positiveLabel and negativeLabel must differ", path: ["negativeLabel"] });
}

/** A project's complete settings. An update is valid iff the current settings merged with it pass this. */
export const projectSettingsSchema = z.object(projectFields).strict().superRefine(projectRules);
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
export const PROJECT_SETTING_KEYS = Object.keys(projectFields) as (keyof ProjectSettings)[];

export const createProjectSchema = z
  .object({
    ...projectFields,
    strategy: projectFields.strategy.optional(),
    auditFraction: projectFields.auditFraction.optional(),
    labelsPerItem: projectFields.labelsPerItem.optional(),
    retrainEvery: projectFields.retrainEvery.optional(),
    selfValue: projectFields.selfValue.optional(),
    leaseSeconds: projectFields.leaseSeconds.optional(),
    showMeta: projectFields.showMeta.optional(),
    randomShare: projectFields.randomShare.optional(),
  })
  .strict()
  .superRefine(projectRules);
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

/** The fields of an update; the cross-field rules apply to the merged result (projectSettingsSchema). */
export const updateProjectSchema = z.object(projectFields).partial().strict();
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

/** A labeling session: one browser tab's client-generated id, so two tabs of one labeler lease distinct items. */
export const leaseSessionSchema = z.string().min(8, "must be at least 8 characters").max(100);

export const nextSchema = z.object({ count: z.number().int().min(1).max(20).optional(), session: leaseSessionSchema.optional() }).strict();

/** Renewing (heartbeat) the caller's leases on these items. */
export const renewLeasesSchema = z.object({ itemIds: z.array(z.number().int().positive()).max(100), session: leaseSessionSchema.optional() }).strict();

/** Giving back the caller's leases: the listed items, else all of them (of the session, when one is named). */
export const releaseLeasesSchema = z.object({ itemIds: z.array(z.number().int().positive()).max(100).optional(), session: leaseSessionSchema.optional() }).strict();

export const createLabelSchema = z
  .object({
    itemId: z.number().int().positive(),
    value: z.string().min(1).max(100),
    requestId: z.string().min(8, "must be at least 8 characters").max(100),
  })
  .strict();

export const ROLES = ["admin", "researcher", "labeler"] as const;
export type Role = (typeof ROLES)[number];

/** A password a user chooses: Verge's policy (lib/shared/password-policy.ts), with its reason as the message. */
export const passwordSchema = z.string().superRefine((pw, ctx) => {
  const problem = passwordProblem(pw);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const createUserSchema = z
  .object({
    email: z.email(),
    password: passwordSchema,
    name: z.string().trim().max(120).optional(),
    isAdmin: z.boolean().optional(),
  })
  .strict();

export const memberSchema = z.object({ email: z.email(), role: z.enum(ROLES) }).strict();
export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100), userId: z.string().optional() }).strict();
export const loginSchema = z.object({ email: z.email(), password: z.string().min(1) }).strict();

/** The strategy new projects start with: the label-efficiency benchmark's best at far thresholds (docs/sampling.md). */
export const DEFAULT_STRATEGY_NAME: StrategyName = "edv-unc25";

const probabilityParam = z.coerce.number().gt(0, "must be above 0").lt(1, "must be below 1");

/** Query of GET /projects/{id}/thresholds: candidate thresholds from … to in `steps` even steps (plus the saved τ). */
export const thresholdsQuerySchema = z
  .object({
    from: probabilityParam.optional(),
    to: probabilityParam.optional(),
    steps: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(1000, "must be at most 1000").optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "must not exceed to", path: ["from"] });
export type ThresholdsQuery = z.infer<typeof thresholdsQuerySchema>;

/** Grants or withdraws the global project-creator role (POST /project-creators). */
export const projectCreatorSchema = z.object({ email: z.email(), canCreateProjects: z.boolean() }).strict();

/** PATCH /projects/{id}/members/{userId}: the member's new role. */
export const memberRoleSchema = z.object({ role: z.enum(ROLES) }).strict();
/** POST /projects/{id}/archive: archive (true) or restore (false). */
export const archiveSchema = z.object({ archived: z.boolean() }).strict();
/** DELETE /projects/{id}?confirm=<the project's exact name>. */
export const deleteConfirmSchema = z.string({ error: "required: the project's exact name" }).min(1, "required: the project's exact name");

/** POST /projects/{id}/items/{itemId}/adjudication: the final label's name (positive or negative). */
export const adjudicationSchema = z.object({ value: z.string().min(1).max(200) }).strict();

/** GET /projects/{id}/review query. */
export const reviewQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    contradictions: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
  })
  .strict();

/** PUT /projects/{id}/guidelines: Markdown up to 100,000 characters. */
export const guidelinesSchema = z.object({ markdown: z.string().max(100_000) }).strict();
