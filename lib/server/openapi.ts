import { z } from "zod";
import { createLabelSchema, createProjectSchema, createTokenSchema, createUserSchema, loginSchema, memberSchema, nextSchema, projectCreatorSchema, updateProjectSchema } from "@/lib/shared/schemas";
import { releaseLeasesSchema, renewLeasesSchema } from "@/lib/shared/schemas";
import { archiveSchema, memberRoleSchema } from "@/lib/shared/schemas";
import { browseQuerySchema } from "@/lib/shared/browse";
import { adjudicationSchema, guidelinesSchema } from "@/lib/shared/schemas";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const error = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
/** Query parameters of a zod object, each described by the value it parses to (strings are coerced first). */
const queryParams = (o: z.ZodObject) =>
  Object.entries(o.shape).map(([name, s]) => ({ name, in: "query", schema: z.toJSONSchema(s as z.ZodType, { io: "output", unrepresentable: "any" }) }));
const ITEM_ID = { name: "itemId", in: "path", required: true, schema: { type: "integer" } };

/** The HTTP API contract (design/api.md) as OpenAPI 3.1, with request bodies generated from the zod schemas. */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Verge API", version: "1", description: "Labeling for classifiers that decide at a threshold." },
    servers: [{ url: "/api/v1" }],
    // Cookie-session writes must come from Verge's own pages (Sec-Fetch-Site/Origin, else 403 cross_origin);
    // JSON bodies above VERGE_MAX_JSON_BYTES are a 413 (docs/security.md).
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "verge_session" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } },
        },
      },
    },
    paths: {
      "/project-creators": {
        get: { summary: "Users who may create projects besides admins (admin)", responses: { 200: ok("{creators: [{userId, email, grantedAt}]}"), 403: error } },
        post: { summary: "Grant or withdraw the project-creator role (admin)", requestBody: json(projectCreatorSchema), responses: { 200: ok("{userId, email, canCreateProjects}"), 403: error, 404: error } },
      },
            "/auth/login": { post: { summary: "Start a browser session", requestBody: json(loginSchema), responses: { 200: ok("The user"), 401: error, 403: error, 429: error } } },
      "/auth/logout": { post: { summary: "End the session", responses: { 204: { description: "Signed out" }, 403: error } } },
      "/me": { get: { summary: "The caller", responses: { 200: ok("The user"), 401: error, 403: error, 429: error } } },
      "/users": { post: { summary: "Create a user (admin)", requestBody: json(createUserSchema), responses: { 201: ok("The user"), 403: error, 409: error } } },
      "/tokens": {
        post: { summary: "Create an API token, shown once", requestBody: json(createTokenSchema), responses: { 201: ok("{tokenId, token}") } },
        get: { summary: "The caller's tokens, without secrets", responses: { 200: ok("{tokens: [{id, name, createdAt, lastUsedAt, revokedAt}]}"), 401: error } },
      },
      "/tokens/{tokenId}": { delete: { summary: "Revoke a token", parameters: [{ name: "tokenId", in: "path", required: true, schema: { type: "string" } }], responses: { 204: { description: "Revoked" } } } },
      "/projects": {
        get: {
          summary: "Projects the caller belongs to, with progress {items, labeled}; archived ones are hidden from labelers",
          parameters: [{ name: "q", in: "query", description: "keep names containing this (case-insensitive)", schema: { type: "string" } }],
          responses: { 200: ok("{projects}") },
        },
        post: { summary: "Create a project (admins and holders of the creator role)", requestBody: json(createProjectSchema), responses: { 201: ok("The project"), 400: error, 403: error } },
      },
      "/projects/{id}": {
        get: { summary: "A project (labelers see only its name and label names)", parameters: [id], responses: { 200: ok("The project"), 404: error } },
        patch: { summary: "Change settings (researcher)", parameters: [id], requestBody: json(updateProjectSchema), responses: { 200: ok("The project"), 403: error } },
        delete: {
          summary: "Delete the project and all its rows (project admin); logged in the audit log",
          parameters: [id, { name: "confirm", in: "query", required: true, description: "the project's exact name", schema: { type: "string" } }],
          responses: { 200: ok("{deleted, removed: {table: rows}}"), 400: error, 403: error, 404: error },
        },
      },
      "/projects/{id}/archive": {
        post: { summary: "Archive or restore (project admin); archived projects refuse next, leases and labels with 409", parameters: [id], requestBody: json(archiveSchema), responses: { 200: ok("The project"), 403: error } },
      },
      "/projects/{id}/members/{userId}": {
        patch: { summary: "Change a member's role (project admin)", parameters: [id, { name: "userId", in: "path", required: true, schema: { type: "string" } }], requestBody: json(memberRoleSchema), responses: { 200: ok("The member"), 404: error, 409: error } },
        delete: { summary: "Remove a member (project admin); never the last admin", parameters: [id, { name: "userId", in: "path", required: true, schema: { type: "string" } }], responses: { 204: { description: "Removed" }, 404: error, 409: error } },
      },
      "/projects/{id}/items": {
        get: {
          summary: "Browse items (researcher): substring search of the text, filters, sort, keyset pagination (see docs/browse.md)",
          parameters: [id, ...queryParams(browseQuerySchema)],
          responses: {
            200: ok("{items: [{id, externalId, text (first 300 characters), score, q, decision, priority, labelCount, finalLabel, disputed, lastLabelAt, textChanged}], nextCursor}; pass nextCursor as cursor with the same filters for the next page"),
            400: error,
            403: error,
          },
        },
        post: {
          summary: "Import snippets (streamed NDJSON, CSV, Label Studio JSON or Prodigy JSONL; upsert by id)",
          parameters: [
            id,
            {
              name: "format",
              in: "query",
              description:
                "jsonl | csv | labelstudio (a JSON array of Label Studio tasks) | prodigy (Prodigy JSONL); default: from the Content-Type. Label Studio annotations and Prodigy accept/reject answers become labels of the caller (docs/interop.md)",
              schema: { enum: ["jsonl", "csv", "labelstudio", "prodigy"] },
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/x-ndjson": {
                schema: { type: "string", description: 'One {"id","text","score"?,"meta"?} per line (a JSON array is refused with code json_array); numeric ids keep their exact token text' },
              },
              "text/csv": { schema: { type: "string", description: "Header id,text[,score]; other columns become meta. LF, CRLF or CR line ends; UTF-8 (BOM allowed) or UTF-16 with BOM" } },
              "application/vnd.label-studio+json": { schema: { type: "string", description: 'Label Studio tasks: [{"data": {"text", "id"?}, "predictions"?, "annotations"?, "meta"?}, …]' } },
            },
          },
          responses: {
            200: ok("{received, inserted, updated, rejected, errors: [{line, message}] (first 100), textChanged: {count, ids}} (labeled ids whose text changed), labels: {stored, refused} (labelstudio/prodigy: annotations and answers stored as labels of the caller)"),
            400: error,
            413: error,
            415: error,
          },
        },
      },
      "/projects/{id}/items/{itemId}": {
        get: {
          summary: "One item (researcher): text, meta, score, q, decision, audit stratum, text version and every label with its labeler",
          parameters: [id, { name: "itemId", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
          responses: { 200: ok("The item with labels: [{value, labeler {id, email, name}, createdAt, deletedAt, stream, inclusionProbability, modelVersion, qAtLabel, textVersion, …}]"), 400: error, 404: error },
        },
      },
      "/projects/{id}/scores": {
        post: {
          summary: "Upload scores from your own model: a new model version, then a retrain (all or nothing)",
          parameters: [id, { name: "model", in: "query", required: true, schema: { type: "string" } }],
          requestBody: {
            required: true,
            content: {
              "application/x-ndjson": { schema: { type: "string", description: 'One {"id","score"} per line' } },
              "text/csv": { schema: { type: "string", description: "Header id,score" } },
            },
          },
          responses: {
            200: ok("{modelVersion, received, updated, unknownIds, unknown: [{line, id}] (first 100), rejected, errors, retrainJobId}"),
            400: error,
            413: error,
            415: error,
          },
        },
      },
      "/projects/{id}/next": { post: { summary: "Lease the next items to the caller", parameters: [id], requestBody: json(nextSchema), responses: { 200: ok("{items: [{itemId, id, text, meta, stream, leaseExpiresAt}]}; the caller's held leases (of this session) come first, renewed; labelers get no stream, and meta only when the project's showMeta is on") } } },
      "/projects/{id}/leases": {
        post: { summary: "Renew the caller's leases on the listed items (heartbeat)", parameters: [id], requestBody: json(renewLeasesSchema), responses: { 200: ok("{held, lost, leaseExpiresAt}") } },
        delete: { summary: "Give the caller's leases back (the listed items, else all, or all of the session's)", parameters: [id], requestBody: json(releaseLeasesSchema), responses: { 200: ok("{released}") } },
      },
      "/projects/{id}/labels": { post: { summary: "Store a label (idempotent on requestId)", parameters: [id], requestBody: json(createLabelSchema), responses: { 201: ok("The label"), 200: ok("The label stored by an earlier request with this requestId"), 403: { ...error, description: "The item was not served to the caller" }, 409: error } } },
      "/projects/{id}/labels/{labelId}": { delete: { summary: "Undo one of the caller's 10 most recent labels", parameters: [id, { name: "labelId", in: "path", required: true, schema: { type: "string" } }], responses: { 200: ok("{item}: the item, leased back to the caller"), 409: error } } },
      "/projects/{id}/members": {
        get: { summary: "Members", parameters: [id], responses: { 200: ok("{members}") } },
        post: { summary: "Add or change a member (project admin)", parameters: [id], requestBody: json(memberSchema), responses: { 201: ok("The member"), 404: error } },
      },
      "/projects/{id}/retrain": {
        post: { summary: "Train now: queue a retrain (or get the one already waiting)", parameters: [id], responses: { 202: ok("The retrain job"), 403: error } },
        get: { summary: "The latest retrain job's state and progress, and the live model version", parameters: [id], responses: { 200: ok("Retrain status"), 403: error } },
      },
      "/projects/{id}/stats": { get: { summary: "Counts, decisions, histogram, labelers", parameters: [id], responses: { 200: ok("Statistics") } } },
      "/projects/{id}/export": {
        get: {
          summary: "Streamed export of labels or decisions",
          parameters: [
            id,
            {
              name: "format",
              in: "query",
              description:
                "csv: plain UTF-8 RFC 4180, values exact (pandas, R); csv-excel: UTF-8 BOM, formula-like cells prefixed with ' (Excel); labelstudio: a JSON array of Label Studio tasks, prodigy: Prodigy JSONL (one task per item, `what` ignored)",
              schema: { enum: ["jsonl", "csv", "csv-excel", "labelstudio", "prodigy"], default: "jsonl" },
            },
            { name: "what", in: "query", schema: { enum: ["labels", "decisions", "items"], default: "labels" }, description: "decisions: one row per item with the final human label (`label`: adjudicated, else majority), `adjudicated`, `adjudicatedBy` and `finalDecision` (the human label where one exists, else the model's decision); items: the same with text and meta" },
            { name: "decision", in: "query", schema: { type: "string" }, description: "Only items whose live decision is this label name" },
            { name: "labeled", in: "query", schema: { enum: ["true", "false"] }, description: "Only items with (true) or without (false) a human label" },
            { name: "stream", in: "query", schema: { enum: ["active", "audit", "random"] }, description: "labels: labels of this stream; decisions, items: items with a live label of this stream" },
            { name: "qMin", in: "query", schema: { type: "number", minimum: 0, maximum: 1 } },
            { name: "qMax", in: "query", schema: { type: "number", minimum: 0, maximum: 1 } },
          ],
          responses: { 200: { description: "The file", content: { "application/x-ndjson": {}, "text/csv": {}, "application/json": {} } }, 403: error },
        },
      },
      "/projects/{id}/review": {
        get: {
          summary: "Review queue (researcher): unadjudicated disputed items first, then with contradictions=true items whose human label contradicts a confident model (|q − y| > 0.9)",
          parameters: [
            id,
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
            { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor of the previous page" },
            { name: "contradictions", in: "query", schema: { enum: ["true", "false"], default: "false" } },
          ],
          responses: { 200: ok("{items: [{itemId, id, text, meta, q, decision, finalLabel, reason: disputed|contradiction, labels: [{labelId, labeler, value, stream, createdAt}]}], nextCursor}"), 400: error, 403: error },
        },
      },
      "/projects/{id}/items/{itemId}/adjudication": {
        post: { summary: "Set the item's final label (researcher): a new adjudication record that training and exports use", parameters: [id, ITEM_ID], requestBody: json(adjudicationSchema), responses: { 201: ok("{adjudication: {adjudicationId, itemId, value, y, overrides, by, createdAt}}"), 200: ok("The live adjudication already had this value"), 400: error, 403: error, 404: error } },
        delete: { summary: "Undo the item's live adjudication; the one it replaced, if any, is live again", parameters: [id, ITEM_ID, { name: "adjudicationId", in: "query", schema: { type: "string" }, description: "Undo only if this one is live (a retried undo is a 409)" }], responses: { 200: ok("{itemId, adjudication: the now-live adjudication or null}"), 404: error, 409: error } },
      },
      "/projects/{id}/guidelines": {
        get: { summary: "The project's labeling guidelines (Markdown) and version (any member)", parameters: [id], responses: { 200: ok("{markdown, version}") } },
        put: { summary: "Replace the guidelines (researcher); a changed text is a new version, which labels stored afterwards record", parameters: [id], requestBody: json(guidelinesSchema), responses: { 200: ok("{markdown, version}"), 400: error, 403: error } },
      },
      "/projects/{id}/reliability": {
        get: { summary: "Reliability diagrams (10 bins, 95% Wilson intervals) and expected calibration error of the live model and each model version, from audit labels weighted by 1/π", parameters: [id], responses: { 200: ok("{versions: [{version, source, labels, ece, bins: [{lo, hi, labels, meanQ, rate, low, high}]}]}"), 403: error } },
      },
      "/projects/{id}/labelers": {
        get: { summary: "Labels, skips and pace per labeler; Cohen's κ per pair and Krippendorff's α (nominal) on items with ≥ 2 labels", parameters: [id], responses: { 200: ok("{labelers: [{userId, email, labels, skips, lastHour, perHour}], pairs: [{a, b, items, agreement, kappa}], alpha: {value, items}}"), 403: error } },
      },
      "/projects/{id}/history": {
        get: { summary: "The audit estimate at τ recorded at each retrain, per model version", parameters: [id], responses: { 200: ok("{versions: [{version, kind, createdAt, labelsUsed, estimate: {tau, labeled, falsePositives, falseNegatives, errorRate, cost, imputedShare, at} | null}]}"), 403: error } },
      },
      "/projects/{id}/thresholds": {
        get: {
          summary: "Estimates at candidate thresholds τ′ (researcher): decisions, flips against τ, FP, FN, precision, recall, error rate, cost per 1000 with 95% intervals",
          parameters: [
            id,
            { name: "from", in: "query", schema: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }, description: "Smallest τ′ (default: the pool's smallest q, ≥ 0.001)" },
            { name: "to", in: "query", schema: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }, description: "Largest τ′ (default: the pool's largest q, ≤ 0.999)" },
            { name: "steps", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 }, description: "Even steps from … to; the saved τ is always added" },
          ],
          responses: { 200: ok("{current, costs, level, poolSize, labels, from, to, steps, labelSource, points: [{tau, positive, negative, flips, falsePositives, …}]}; an estimate is {value, low, high} or {value: null, reason}"), 400: error, 403: error, 409: error },
        },
      },
    },
  };
}
