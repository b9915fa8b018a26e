/**
 * Drives the public API (design/api.md) to set up the benchmark: a project, labeler users with their own
 * tokens, and the streamed pool import.
 */
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { ndjsonCorpus } from "./api-corpus";

export class Api {
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  async post<T>(path: string, body: unknown, schema: z.ZodType<T>, token = this.token): Promise<T> {
    const r = await fetch(`${this.base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`POST ${path} → ${r.status}: ${text.slice(0, 500)}`);
    return schema.parse(JSON.parse(text));
  }
}

export interface Labeler {
  index: number;
  email: string;
  userId: string;
  token: string;
}

export const PROJECT = { name: "API benchmark", positiveLabel: "pos", negativeLabel: "neg", threshold: 0.9, leaseSeconds: 600 } as const;

/** A project owned by the admin, and `n` labeler users, each a labeler member with a token of its own. */
export async function setupProject(api: Api, n: number): Promise<{ projectId: string; labelers: Labeler[] }> {
  const { id: projectId } = await api.post("/api/v1/projects", PROJECT, z.object({ id: z.string() }));
  const labelers: Labeler[] = [];
  for (let i = 0; i < n; i++) {
    const email = `labeler${i}@bench.local`;
    const { id: userId } = await api.post("/api/v1/users", { email, password: "bench-password" }, z.object({ id: z.string() }));
    const { token } = await api.post("/api/v1/tokens", { name: "bench", userId }, z.object({ token: z.string() }));
    await api.post(`/api/v1/projects/${projectId}/members`, { email, role: "labeler" }, z.object({ role: z.string() }));
    labelers.push({ index: i, email, userId, token });
  }
  return { projectId, labelers };
}

export const importReportSchema = z.object({
  received: z.number(),
  inserted: z.number(),
  updated: z.number(),
  rejected: z.number(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/**
 * Streams `rows` generated snippets as one chunked NDJSON request body (backpressure from the socket paces the
 * generator, so memory stays flat on both sides) and returns the server's report with the wall-clock time.
 */
export async function streamImport(
  api: Api,
  projectId: string,
  rows: number,
  onProgress?: (rows: number, seconds: number) => void,
): Promise<{ report: ImportReport; seconds: number; bytes: number }> {
  const url = new URL(`${api.base}/api/v1/projects/${projectId}/items`);
  const t0 = performance.now();
  let bytes = 0;
  let lastTick = 0;
  const body = Readable.from(
    (async function* () {
      for await (const chunk of ndjsonCorpus({
        rows,
        onRows: (n) => {
          if (n - lastTick >= 100_000 || n === rows) {
            lastTick = n;
            onProgress?.(n, (performance.now() - t0) / 1000);
          }
        },
      })) {
        bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  const req = http.request({
    hostname: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    agent: false,
    headers: { authorization: `Bearer ${api.token}`, "content-type": "application/x-ndjson", "transfer-encoding": "chunked" },
  });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
      res.on("error", reject);
    });
  });
  // A server that answers early (an error) closes the upload: report its answer rather than the broken pipe.
  const sent = pipeline(body, req).then(
    () => null,
    (e: Error) => e,
  );
  const first = await Promise.race([response, sent]);
  if (first instanceof Error) {
    const early = await Promise.race([response, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
    if (!early) throw first;
  }
  const { status, text } = await response;
  const seconds = (performance.now() - t0) / 1000;
  if (status !== 200) throw new Error(`import → ${status}: ${text.slice(0, 500)}`);
  return { report: importReportSchema.parse(JSON.parse(text)), seconds, bytes };
}
