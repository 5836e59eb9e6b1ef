import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
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
