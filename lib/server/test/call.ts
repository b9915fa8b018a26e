/**
 * In-process calls of route handlers for integration tests: builds a Request, invokes the handler with its
 * params and decodes the JSON answer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
export type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  raw?: string | ReadableStream<Uint8Array>;
  type?: string;
  params?: Record<string, string>;
  query?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };
  text: string;
  headers: Headers;
}

export async function call(handler: Handler, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | ReadableStream<Uint8Array> | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers["content-type"] = opts.type ?? "application/json";
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = opts.type ?? "application/json";
  }
  Object.assign(headers, opts.headers);
  const init: RequestInit & { duplex?: "half" } = { method: opts.method ?? "GET", headers, body };
  if (body instanceof ReadableStream) init.duplex = "half";
  const req = new Request(`http://verge.test/api${opts.query ?? ""}`, init);
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as CallResult["json"], text, headers: res.headers };
}
