import { randomUUID } from "node:crypto";
import { ADMIN, adminAuth, createProject, expect, importItems, makeItems, signIn, test } from "./fixtures";

test("the model panel shows estimates from every label once a queue round has closed", async ({ page, request }) => {
  // No retrain during the test (the model version stays): rounds of 100, half certainty units by the strategy,
  // half a randomized draw from the rest.
  const project = await createProject(request, { threshold: 0.5, retrainEvery: 100_000, randomShare: 0.5 });
  const items = makeItems(200, "est");
  await importItems(request, project.id, items);
  const scoreOf = new Map(items.map((i) => [i.id, i.score]));
  const streams = new Set<string>();
  // Label 15 at a time until the first round is fully labeled (every planned item then carries a label).
  const source = async () =>
    ((await (await request.get(`/api/v1/projects/${project.id}/stats`, { headers: adminAuth })).json()) as { estimates: { source: string } | null }).estimates?.source;
  for (let batch = 0; batch < 14 && (await source()) !== "active"; batch++) {
    const next = (await (await request.post(`/api/v1/projects/${project.id}/next`, { headers: adminAuth, data: { count: 15 } })).json()) as { items: { itemId: number; id: string; stream: string }[] };
    expect(next.items.length).toBeGreaterThan(0);
    for (const it of next.items) {
      streams.add(it.stream);
      const spam = scoreOf.get(it.id)! >= 0.45;
      const res = await request.post(`/api/v1/projects/${project.id}/labels`, { headers: adminAuth, data: { itemId: it.itemId, value: spam ? "spam" : "ham", requestId: randomUUID() } });
      expect(res.status()).toBe(201);
    }
  }
  expect([...streams].sort()).toEqual(["active", "audit"]);
  const stats = (await (await request.get(`/api/v1/projects/${project.id}/stats`, { headers: adminAuth })).json()) as { estimates: { source: string; labels: number } | null };
  expect(stats.estimates).toMatchObject({ source: "active" });

  await signIn(page.context(), ADMIN);
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByTestId("estimate-basis")).toContainText(`From ${stats.estimates!.labels} labels`);
  await expect(page.getByTestId("estimate-basis")).toContainText("effective sample size");
  await expect(page.getByTestId("model-panel")).toContainText("from every label");
});
