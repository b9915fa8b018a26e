import {
  adminAuth,
  allSaved,
  createMember,
  createProject,
  currentSnippet,
  expect,
  exportedLabels,
  importItems,
  labelButton,
  makeItems,
  pressAndAdvance,
  readyToLabel,
  signIn,
  test,
} from "./fixtures";

test("labels 20 snippets by keyboard, undoes one, and stores exactly those labels", async ({ page, request }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(40));
  const labeler = await createMember(request, project.id);

  // Signing in through the login page brings the labeler back to the page asked for.
  await page.goto(`/projects/${project.id}/label`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Email").fill(labeler.email);
  await page.getByLabel("Password").fill(labeler.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/label$`));
  await readyToLabel(page, project);
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 0\b/);

  // 1 = spam, 2 = ham, s / Space = skip.
  const keys = ["1", "2", "s", "1", "1", "2", "Space", "2", "1", "s", "2", "2", "1", "s", "1", "2", "1", "2", "s", "1"];
  const valueOf = (k: string) => (k === "1" ? "spam" : k === "2" ? "ham" : "skip");
  const expected = new Map<string, string>();
  const seen = new Set<string>();
  let shown = await currentSnippet(page);
  seen.add(shown.itemId);
  const labeledInOrder: { itemId: string; id: string; text: string }[] = [];
  for (const key of keys) {
    const next = await pressAndAdvance(page, key, shown);
    expect(seen.has(next.itemId), `snippet ${next.id} was shown before`).toBe(false);
    seen.add(next.itemId);
    expected.set(shown.id, valueOf(key));
    labeledInOrder.push(shown);
    shown = next;
  }
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 20\b/);
  expect(expected.size).toBe(20);

  // Undo works once the last label is stored (the undo button says when).
  await allSaved(page);
  await expect(labelButton(page, "undo")).toBeEnabled();
  const last = labeledInOrder[labeledInOrder.length - 1]!;
  await page.keyboard.press("u");
  await expect(page.getByTestId("snippet")).toHaveAttribute("data-item-id", last.itemId);
  await expect(page.getByTestId("snippet")).toHaveText(last.text);
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 19\b/);
  expected.delete(last.id);

  // Nothing was lost in the store: 19 labels, exactly the ones given.
  await expect
    .poll(async () => (await exportedLabels(request, project.id)).filter((l) => l.labeler === labeler.email).length)
    .toBe(19);
  const stored = new Map((await exportedLabels(request, project.id)).map((l) => [l.id, l.value]));
  expect(stored).toEqual(expected);

  // Relabel the undone snippet differently.
  const relabel = keys[keys.length - 1] === "1" ? "2" : "1";
  await pressAndAdvance(page, relabel, last);
  expected.set(last.id, valueOf(relabel));
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 20\b/);
  await allSaved(page);
  await expect(labelButton(page, "undo")).toBeEnabled();

  const final = await exportedLabels(request, project.id);
  expect(final.every((l) => l.labeler === labeler.email)).toBe(true);
  expect(new Map(final.map((l) => [l.id, l.value]))).toEqual(expected);
  expect(final).toHaveLength(20);

  // Stats agree: skips are stored but leave the item open; each other label settles its item.
  const values = [...expected.values()];
  const stats = await (await request.get(`/api/v1/projects/${project.id}/stats`, { headers: adminAuth })).json();
  expect(stats).toMatchObject({
    items: 40,
    labeled: values.filter((v) => v !== "skip").length,
    skipped: values.filter((v) => v === "skip").length,
  });
});

test("help overlay opens with ? and closes with Escape", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(5));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await page.goto(`/projects/${project.id}/label`);
  await readyToLabel(page, project);

  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toHaveCount(0);
  await page.keyboard.press("?");
  await expect(help).toBeVisible();
  await expect(help).toContainText("spam");
  await expect(help).toContainText("undo");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  // The help button opens it too; a click outside the panel closes it.
  await page.getByRole("button", { name: "Keyboard help" }).click();
  await expect(help).toBeVisible();
  await help.click({ position: { x: 5, y: 5 } });
  await expect(help).toHaveCount(0);
});
