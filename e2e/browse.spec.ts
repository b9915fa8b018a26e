import {
  ADMIN,
  adminAuth,
  createProject,
  expect,
  importItems,
  makeItems,
  signIn,
  test,
  unique,
} from "./fixtures";

test("a researcher finds an item by a word, opens it by keyboard and sees every label on it", async ({ page, context, request }) => {
  // Two labels per item, so the zebra snippet is served to both people who label it below.
  const project = await createProject(request, { threshold: 0.5, labelsPerItem: 2 });
  await importItems(request, project.id, [{ id: "zebra-1", text: "A zebra crossed the road at dawn", score: 0.42 }]);
  const found = await request.get(`/api/v1/projects/${project.id}/items?search=zebra`, { headers: adminAuth });
  const itemId = ((await found.json()) as { items: { id: number }[] }).items[0]!.id;

  // Two people disagree on it: the admin says spam, a labeler (through a token the admin made) says ham. A label is
  // accepted only for an item served to its author, so each takes it from /next first.
  const person = { email: `${unique("lab")}@verge.test`, password: `pw-${unique("x")}` };
  const user = (await (await request.post("/api/v1/users", { headers: adminAuth, data: person })).json()) as { id: string };
  expect((await request.post(`/api/v1/projects/${project.id}/members`, { headers: adminAuth, data: { email: person.email, role: "labeler" } })).ok()).toBe(true);
  const token = ((await (await request.post("/api/v1/tokens", { headers: adminAuth, data: { name: "e2e", userId: user.id } })).json()) as { token: string }).token;
  const label = async (auth: Record<string, string>, value: string) => {
    const served = (await (await request.post(`/api/v1/projects/${project.id}/next`, { headers: auth, data: { count: 1 } })).json()) as { items: { itemId: number }[] };
    expect(served.items.map((i) => i.itemId)).toEqual([itemId]);
    return request.post(`/api/v1/projects/${project.id}/labels`, { headers: auth, data: { itemId, value, requestId: unique("req") } });
  };
  expect((await label(adminAuth, "spam")).status()).toBe(201);
  expect((await label({ Authorization: `Bearer ${token}` }, "ham")).status()).toBe(201);
  await importItems(request, project.id, makeItems(40, "brw"));

  await signIn(context, ADMIN);
  await page.goto(`/projects/${project.id}`);
  await page.getByRole("link", { name: "Browse items" }).click();
  await expect(page.getByRole("list", { name: "Items" }).getByRole("listitem")).toHaveCount(41);

  // `/` focuses the search box; Enter searches; Escape leaves the box; Enter opens the selected item.
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search text" })).toBeFocused();
  await page.keyboard.type("ZEBRA");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]search=ZEBRA/);
  const rows = page.getByRole("list", { name: "Items" }).getByRole("listitem");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("A zebra crossed the road at dawn");
  await expect(rows.first()).toContainText("disputed");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/items/${itemId}$`));
  await expect(page.getByTestId("item-text")).toHaveText("A zebra crossed the road at dawn");
  await expect(page.getByRole("heading", { name: /Labels · 2 · disputed/ })).toBeVisible();
  const table = page.getByRole("table", { name: "Labels" });
  await expect(table.getByRole("row").filter({ hasText: ADMIN.email })).toContainText("spam");
  await expect(table.getByRole("row").filter({ hasText: person.email })).toContainText("ham");
  await expect(table.getByRole("row").filter({ hasText: person.email })).toContainText("active");
  await expect(page.getByText("0.420").first()).toBeVisible();

  // j/k move the selection in the list; Back returns to the same search.
  await page.goBack();
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows).toHaveCount(41);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(rows.nth(1).getByRole("link")).toHaveAttribute("aria-current", "true");
});

test("the item browser explains a bad filter instead of failing", async ({ page, context, request }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(3, "bad"));
  await signIn(context, ADMIN);
  await page.goto(`/projects/${project.id}/items?qMin=0.9&qMax=0.1`);
  await expect(page.getByRole("alert").filter({ hasText: "qMin" })).toHaveText("query.qMin: must be ≤ qMax");
});
