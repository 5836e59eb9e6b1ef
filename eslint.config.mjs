import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  // The model, the exploration policies, the didactic world and what is
  // built on them alone are pure: no database, no web framework, so they
  // run the same in the app, the simulator, the benchmarks and unit tests.
  {
    files: ["lib/{model,selection,didactic,learning,experiment,config,util}/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "**/db/**", "next", "next/*", "react", "@/lib/db/*"],
              message: "Pure modules do not touch the database or Next.js.",
            },
            {
              group: [
                "**/service/**",
                "**/http/**",
                "**/admin/**",
                "@/lib/service/*",
                "@/lib/http/*",
              ],
              message: "Pure modules do not import the app's service, HTTP or admin layers.",
            },
          ],
        },
      ],
    },
  },
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/db/generated/**",
      "scratch/**",
      "test-results/**",
      "playwright-report/**",
      "out/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
