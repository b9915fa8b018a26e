import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { addMember } from "@/lib/server/members";
import { makeProject, makeUser } from "@/lib/server/test/fixtures";
import { call } from "@/lib/server/test/call";
import * as projects from "./projects/route";
import * as project from "./projects/[id]/route";
import * as creators from "./project-creators/route";

let admin: UserView;
let adminToken: string;
let ann: UserView;
let annToken: string;
const body = { name: "Mine", positiveLabel: "a", negativeLabel: "b", threshold: 0.5 };

beforeAll(async () => {
  admin = await makeUser(true);
  adminToken = (await createToken(admin.id, "t")).token;
  ann = await makeUser(false);
  annToken = (await createToken(ann.id, "t")).token;
});

describe("project creator role", () => {
  it("lets only admins and granted users create projects; admins grant and withdraw it", async () => {
    const refused = await call(projects.POST, { method: "POST", token: annToken, body });
    expect(refused.status).toBe(403);
    expect(refused.json.error?.message).toMatch(/creator role/);
    expect((await call(creators.POST, { method: "POST", token: annToken, body: { email: ann.email, canCreateProjects: true } })).status).toBe(403);
    expect((await call(creators.POST, { method: "POST", token: adminToken, body: { email: ann.email, canCreateProjects: true } })).json).toMatchObject({ userId: ann.id, canCreateProjects: true });
    expect((await call(creators.GET, { token: adminToken })).json.creators).toEqual([expect.objectContaining({ userId: ann.id, email: ann.email })]);
    expect((await call(projects.POST, { method: "POST", token: annToken, body })).status).toBe(201);
    await call(creators.POST, { method: "POST", token: adminToken, body: { email: ann.email, canCreateProjects: false } });
    expect((await call(projects.POST, { method: "POST", token: annToken, body })).status).toBe(403);
    expect((await call(creators.POST, { method: "POST", token: adminToken, body: { email: "nobody@test.local", canCreateProjects: true } })).status).toBe(404);
  });
});

describe("what labelers see", () => {
  it("lists and reads a project's labeling header only, never its settings", async () => {
    const p = await makeProject(admin, { threshold: 0.93, strategy: "edv" });
    const bob = await makeUser(false);
    const bobToken = (await createToken(bob.id, "t")).token;
    await addMember(p.id, bob.email, "labeler");
    const header = { id: p.id, name: "Test", positiveLabel: "spam", negativeLabel: "ham", leaseSeconds: 600, showMeta: false, role: "labeler" };
    // The list adds the project's progress (items, items labeled): what a labeler's project list shows.
    expect((await call(projects.GET, { token: bobToken })).json.projects).toEqual([{ ...header, progress: { items: 0, labeled: 0 } }]);
    expect((await call(project.GET, { token: bobToken, params: { id: p.id } })).json).toEqual(header);
    // Researchers and admins still get every setting.
    const listed = (await call(projects.GET, { token: adminToken })).json.projects as { id: string; threshold?: number }[];
    expect(listed.find((x) => x.id === p.id)).toMatchObject({ threshold: 0.93, strategy: "edv", auditFraction: 0.1 });
  });
});
