import type { Page } from "@playwright/test";
import {
  allSaved,
  createMember,
  createProject,
  currentSnippet,
  expect,
  exportedLabels,
  importItems,
  makeItems,
  openLabeler,
  pressAndAdvance,
  test,
} from "./fixtures";

const ROUNDS = 15;

test("two labelers at once never see the same snippet", async ({ request, contexts }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(60, "cc"));
  const alice = await createMember(request, project.id);
  const bob = await createMember(request, project.id);
  const pages: Page[] = await Promise.all([alice, bob].map(async (p) => (await contexts(p)).newPage()));
  await Promise.all(pages.map((p) => openLabeler(p, project)));

  // Only "spam"/"ham": a skip hands the snippet back to the pool for someone else, by design.
  const seen = pages.map(() => new Set<string>());
  const labeled = pages.map(() => new Set<string>());
  const shown = await Promise.all(pages.map((p) => currentSnippet(p)));
  shown.forEach((s, i) => seen[i]!.add(s.itemId));
  for (let round = 0; round < ROUNDS; round++) {
    // Both press in the same instant, so their lease requests race on the server.
    const next = await Promise.all(pages.map((p, i) => pressAndAdvance(p, (round + i) % 2 === 0 ? "1" : "2", shown[i]!)));
    next.forEach((s, i) => {
      expect(seen[i]!.has(s.itemId), `labeler ${i} saw ${s.id} twice`).toBe(false);
      seen[i]!.add(s.itemId);
      labeled[i]!.add(shown[i]!.id);
      shown[i] = s;
    });
  }
  await Promise.all(pages.map((p) => expect(p.getByTestId("my-count")).toHaveText(new RegExp(`^you: ${ROUNDS}\\b`))));

  const [a, b] = seen as [Set<string>, Set<string>];
  expect(a.size).toBe(ROUNDS + 1);
  expect(b.size).toBe(ROUNDS + 1);
  expect([...a].filter((id) => b.has(id)), "snippets both labelers saw").toEqual([]);

  // The store agrees: 30 labels, 15 each, no item labeled twice.
  await Promise.all(pages.map((p) => allSaved(p)));
  const labels = await exportedLabels(request, project.id);
  expect(labels).toHaveLength(2 * ROUNDS);
  expect(new Set(labels.map((l) => l.id)).size).toBe(2 * ROUNDS);
  const by = (email: string) => new Set(labels.filter((l) => l.labeler === email).map((l) => l.id));
  expect(by(alice.email)).toEqual(labeled[0]);
  expect(by(bob.email)).toEqual(labeled[1]);
});
