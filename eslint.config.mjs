import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import importPlugin from "eslint-plugin-import";

const frameworkFree = {
  files: ["lib/sampling/**", "lib/model/**"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"], message: "lib/sampling and lib/model stay framework-free." },
          { group: ["@prisma/*", "*/generated/*", "server-only", "pg", "better-sqlite3"], message: "lib/sampling and lib/model never touch the database." },
          { group: ["@/app/*", "@/lib/server/*", "@/lib/client/*", "@/components/*"], message: "lib/sampling and lib/model import nothing from the app." },
        ],
      },
    ],
  },
};

const config = [
  { ignores: ["node_modules/**", ".next/**", "lib/server/db/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
  frameworkFree,
  {
    plugins: { import: importPlugin },
    files: ["lib/sampling/**", "lib/model/**"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib/sampling", from: ["./app", "./lib/server", "./lib/client", "./components"] },
            { target: "./lib/model", from: ["./app", "./lib/server", "./lib/client", "./components"] },
          ],
        },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
];

export default config;
