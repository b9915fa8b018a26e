import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";

const root = path.resolve(__dirname, "..");

/** Runs the CLI on this test file's database. */
function verge(...args: string[]) {
  const r = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/verge.ts", ...args], {
    cwd: root,
    env: { ...process.env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("verge users create (CLI)", () => {
  it("refuses a weak password, naming the flag and the reason, and creates nobody", async () => {
    for (const [password, reason] of [
      ["password", "must be at least 12 characters"],
      ["            ", "must not be only whitespace"],
      ["123456789012", "is too common"],
    ] as const) {
      const r = verge("users", "create", "--email", "weak-cli@verge.test", "--password", password);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`verge: --password: ${reason}`);
    }
    expect(await db().user.count({ where: { email: "weak-cli@verge.test" } })).toBe(0);
  });

  it("creates a user with a strong password", async () => {
    const r = verge("users", "create", "--email", "strong-cli@verge.test", "--password", "four random words here");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ email: "strong-cli@verge.test", isAdmin: false });
    expect(await db().account.count({ where: { providerId: "credential", user: { email: "strong-cli@verge.test" } } })).toBe(1);
  });
});
