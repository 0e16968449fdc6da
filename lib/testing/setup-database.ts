// Per test file: a fresh migrated database installed as the app's database, closed afterwards.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, useDatabase } from "../db";
import { createTestDatabase } from "./test-database";
import { flushKeyActivity } from "../services/api-keys/key-activity";
import { clearKeyCache } from "../services/api-keys/key-cache";

process.env.TOLLGATE_DATA_DIR ??= mkdtempSync(join(tmpdir(), "tollgate-int-"));
process.env.NEXTAUTH_SECRET ??= "integration-tests-secret-integration-tests-secret";
process.env.TOLLGATE_ENCRYPTION_KEY ??= "0".repeat(64);
// Tests make many users through the real sign-up: open, as the e2e server runs (sign-up-policy.int.test.ts tests the default).
process.env.TOLLGATE_SIGN_UP ??= "open";

beforeAll(async () => {
  useDatabase(await createTestDatabase(inject("pgliteTemplate")));
});

afterAll(async () => {
  await flushKeyActivity();
  clearKeyCache();
  await closeDb();
});
