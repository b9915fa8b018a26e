import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { importItems } from "../import/import-items";
import { createLabel, undoLabel } from "../labels";
import { getProject } from "../projects";
import { leaseItems } from "../queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { exportStream } from "./export";
import { csvCell } from "./csv";
import { sql } from "../db/client";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("export", () => {
  it("streams labels and decisions as JSONL and CSV; undone labels are left out", async () => {
    const p = await makeProject(owner, { threshold: 0.5 });
    const rows = Array.from({ length: 4500 }, (_, i) => ({ id: `e${i}`, text: i === 0 ? "=HYPERLINK(\"http://x\")" : `text ${i}`, score: (i % 10) / 10 }));
    await importItems(p.id, bytes(ndjson(rows), 65536), "ndjson");
    const project = await getProject(p.id);
    const leased = await leaseItems(project, owner.id, 3);
    await createLabel(project, owner.id, { itemId: leased[0]!.itemId, value: "spam", requestId: "exp-1-req" });
    await createLabel(project, owner.id, { itemId: leased[1]!.itemId, value: "ham", requestId: "exp-2-req" });
    const l2 = await createLabel(project, owner.id, { itemId: leased[2]!.itemId, value: "skip", requestId: "exp-3-req" });
    await undoLabel(project, owner.id, l2.labelId);

    const labels = (await read(exportStream(project, "labels", "jsonl"))).trim().split("\n").map((l) => JSON.parse(l));
    expect(labels).toHaveLength(2);
    // Rows come in label-time order; two labels within one millisecond may come either way round.
    expect(labels.find((l: { id: string }) => l.id === leased[0]!.id)).toMatchObject({ value: "spam", labeler: owner.email, stream: "active", strategy: "margin" });
    expect(labels.map((l: { id: string }) => l.id)).toContain(leased[1]!.id);
    expect(Object.keys(labels[0] as object)).toEqual(expect.arrayContaining(["inclusionProbability", "auditPlan", "modelVersion", "scoreAtLabel", "qAtLabel", "createdAt"]));

    const decisionsCsv = await read(exportStream(project, "decisions", "csv"));
    const table = parse(decisionsCsv, { columns: true }) as Record<string, string>[];
    expect(table).toHaveLength(4500);
    const first = table.find((r) => r.id === leased[0]!.id)!;
    expect(first.label).toBe("spam");
    expect(new Set(table.map((r) => r.id)).size).toBe(4500);
    const e5 = table.find((r) => r.id === "e5")!;
    expect(e5).toMatchObject({ score: "0.5", q: "0.5", decision: "spam" });
    expect(table.find((r) => r.id === "e4")!.decision).toBe("ham");

    const labelCsv = parse(await read(exportStream(project, "labels", "csv")), { columns: true }) as Record<string, string>[];
    expect(labelCsv.map((r) => r.value).sort()).toEqual(["ham", "spam"]);
    const decisionsJsonl = (await read(exportStream(project, "decisions", "jsonl"))).trim().split("\n");
    expect(decisionsJsonl).toHaveLength(4500);
  });
});

describe("export formats", () => {
  it("plain CSV and JSONL return every id and text byte-identical; only csv-excel starts with a UTF-8 BOM", async () => {
    const p = await makeProject(owner, { threshold: 0.5 });
    const body = [
      '{"id":1234567890123456789,"text":"überprüfen"}',
      '{"id":"-5","text":"=SUM(A1)"}',
      '{"id":"007","text":" padded, \\"quoted\\" "}',
      '{"id":1.0,"text":"@mention"}',
    ].join("\n");
    await importItems(p.id, bytes(body), "ndjson");
    const project = await getProject(p.id);
    const expected = [
      ["007", ' padded, "quoted" '],
      ["-5", "=SUM(A1)"],
      ["1.0", "@mention"],
      ["1234567890123456789", "überprüfen"],
    ].sort();
    const raw = new Uint8Array(await new Response(exportStream(project, "decisions", "csv")).arrayBuffer());
    expect([...raw.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const plain = parse(new TextDecoder().decode(raw), { columns: true }) as Record<string, string>[];
    const texts = new Map((await sql().all<{ externalId: string; text: string }>(`SELECT "externalId", text FROM "Item" WHERE "projectId" = ?`, [p.id])).map((r) => [r.externalId, r.text]));
    expect(plain.map((r) => [r.id!, texts.get(r.id!)]).sort()).toEqual(expected);
    const jsonl = (await read(exportStream(project, "decisions", "jsonl"))).trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id);
    expect(jsonl.sort()).toEqual(expected.map((e) => e[0]).sort());

    const excelBytes = new Uint8Array(await new Response(exportStream(project, "decisions", "csv-excel")).arrayBuffer());
    expect([...excelBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const excel = parse(new TextDecoder("utf-8", { ignoreBOM: false }).decode(excelBytes), { columns: true }) as Record<string, string>[];
    expect(excel.map((r) => r.id).sort()).toEqual(["'-5", "007", "1.0", "1234567890123456789"]);
    expect(new TextDecoder().decode(excelBytes)).toContain("1234567890123456789");
  });

  it("überprüfen round-trips through the plain and the Excel CSV of labels", async () => {
    const p = await makeProject(owner, { threshold: 0.5, labelsPerItem: 1 });
    await importItems(p.id, bytes(ndjson([{ id: "überprüfen", text: "Bitte überprüfen" }])), "ndjson");
    const project = await getProject(p.id);
    const [leased] = await leaseItems(project, owner.id, 1);
    await createLabel(project, owner.id, { itemId: leased!.itemId, value: "spam", requestId: "umlaut-req" });
    for (const format of ["csv", "csv-excel"] as const) {
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(project, "labels", format)).arrayBuffer());
      expect(text.startsWith("\uFEFF")).toBe(format === "csv-excel");
      const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
      expect(rows.map((r) => r.id)).toEqual(["überprüfen"]);
    }
  });
});

describe("csvCell", () => {
  it("keeps values exact in plain CSV and neutralises formula-like text only in the Excel form", () => {
    for (const v of ["=1+1", "+49 123", "-2", "@SUM(A1)"]) expect(csvCell(v)).toBe(v);
    expect(csvCell("=1+1", true)).toBe("'=1+1");
    expect(csvCell("+49 123", true)).toBe("'+49 123");
    expect(csvCell("-2", true)).toBe("'-2");
    expect(csvCell("@SUM(A1)", true)).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x")', true)).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-0.5, true)).toBe("-0.5");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
  });
});
