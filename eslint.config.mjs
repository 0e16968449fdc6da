import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", "data/**", "e2e/.artifacts/**", "next-env.d.ts", "test-results/**"],
  },
];

export default config;
