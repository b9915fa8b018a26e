import { z } from "zod";
import { createLabelSchema, createProjectSchema, createTokenSchema, createUserSchema, loginSchema, memberSchema, nextSchema, updateProjectSchema } from "@/lib/shared/schemas";
import { releaseLeasesSchema, renewLeasesSchema } from "@/lib/shared/schemas";
import { browseQuerySchema } from "@/lib/shared/browse";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const error = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
/** Query parameters of a zod object, each described by the value it parses to (strings are coerced first). */
const queryParams = (o: z.ZodObject) =>
  Object.entries(o.shape).map(([name, s]) => ({ name, in: "query", schema: z.toJSONSchema(s as z.ZodType, { io: "output", unrepresentable: "any" }) }));

/** The HTTP API contract (design/api.md) as OpenAPI 3.1, with request bodies generated from the zod schemas. */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Verge API", version: "1", description: "Labeling for classifiers that decide at a threshold." },
    servers: [{ url: "/api/v1" }],
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
      "/auth/login": { post: { summary: "Start a browser session", requestBody: json(loginSchema), responses: { 200: ok("The user"), 401: error, 403: error, 429: error } } },
      "/auth/logout": { post: { summary: "End the session", responses: { 204: { description: "Signed out" }, 403: error } } },
      "/me": { get: { summary: "The caller", responses: { 200: ok("The user"), 401: error, 403: error, 429: error } } },
      "/users": { post: { summary: "Create a user (admin)", requestBody: json(createUserSchema), responses: { 201: ok("The user"), 403: error, 409: error } } },
      "/tokens": { post: { summary: "Create an API token, shown once", requestBody: json(createTokenSchema), responses: { 201: ok("{tokenId, token}") } } },
      "/tokens/{tokenId}": { delete: { summary: "Revoke a token", parameters: [{ name: "tokenId", in: "path", required: true, schema: { type: "string" } }], responses: { 204: { description: "Revoked" } } } },
      "/projects": {
        get: { summary: "Projects the caller belongs to", responses: { 200: ok("{projects}") } },
        post: { summary: "Create a project", requestBody: json(createProjectSchema), responses: { 201: ok("The project"), 400: error } },
      },
      "/projects/{id}": {
        get: { summary: "A project (labelers see only its name and label names)", parameters: [id], responses: { 200: ok("The project"), 404: error } },
        patch: { summary: "Change settings (researcher)", parameters: [id], requestBody: json(updateProjectSchema), responses: { 200: ok("The project"), 403: error } },
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
          summary: "Import snippets (streamed NDJSON or CSV; upsert by id)",
          parameters: [id],
          requestBody: {
            required: true,
            content: {
              "application/x-ndjson": {
                schema: { type: "string", description: 'One {"id","text","score"?,"meta"?} per line (a JSON array is refused with code json_array); numeric ids keep their exact token text' },
              },
              "text/csv": { schema: { type: "string", description: "Header id,text[,score]; other columns become meta. LF, CRLF or CR line ends; UTF-8 (BOM allowed) or UTF-16 with BOM" } },
            },
          },
          responses: {
            200: ok("{received, inserted, updated, rejected, errors: [{line, message}] (first 100), textChanged: {count, ids}} (labeled ids whose text changed)"),
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
      "/projects/{id}/labels": { post: { summary: "Store a label (idempotent on requestId)", parameters: [id], requestBody: json(createLabelSchema), responses: { 201: ok("The label"), 200: ok("The label stored by an earlier request with this requestId"), 409: error } } },
      "/projects/{id}/labels/{labelId}": { delete: { summary: "Undo one of the caller's 10 most recent labels", parameters: [id, { name: "labelId", in: "path", required: true, schema: { type: "string" } }], responses: { 200: ok("{item}: the item, leased back to the caller"), 409: error } } },
      "/projects/{id}/members": {
        get: { summary: "Members", parameters: [id], responses: { 200: ok("{members}") } },
        post: { summary: "Add or change a member (project admin)", parameters: [id], requestBody: json(memberSchema), responses: { 201: ok("The member"), 404: error } },
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
              description: "csv: plain UTF-8 RFC 4180, values exact (pandas, R); csv-excel: UTF-8 BOM, formula-like cells prefixed with ' (Excel)",
              schema: { enum: ["jsonl", "csv", "csv-excel"], default: "jsonl" },
            },
            { name: "what", in: "query", schema: { enum: ["labels", "decisions"], default: "labels" } },
          ],
          responses: { 200: { description: "The file", content: { "application/x-ndjson": {}, "text/csv": {} } }, 403: error },
        },
      },
    },
  };
}
