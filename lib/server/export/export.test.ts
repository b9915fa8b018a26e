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

describe("csvCell", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+49 123")).toBe("'+49 123");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-0.5)).toBe("-0.5");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
  });
});
