import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    globalSetup: ["lib/server/test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
