// Compatibility with the official clients, changing only the base URL and the key:
// the `openai` npm client (completion and streamed completion) and the OpenRouter SDK
// (keys provisioning, current key, chat, generation, credits).
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { OpenRouter } from "@openrouter/sdk";
import { signUp, uniqueEmail } from "../fixtures";

async function keys(page: import("@playwright/test").Page) {
  await signUp(page, { name: "Sam SDK", email: uniqueEmail("sdk") });
  const session = { "x-tollgate-account": "personal" };
  const mgmt = await (await page.request.post("/api/v1/keys", { headers: session, data: { name: "mgmt", kind: "management" } })).json();
  const inference = await (await page.request.post("/api/v1/keys", { headers: session, data: { name: "inference" } })).json();
  return { mgmt: mgmt.key as string, inference: inference.key as string };
}

test("the openai client: completion and streamed completion with usage and cost", async ({ page, baseURL }) => {
  const { inference } = await keys(page);
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: inference, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: "sandbox/echo", messages: [{ role: "user", content: "Hi from openai-node" }], user: "user-7" });
  expect(completion.id).toMatch(/^gen-/);
  expect(completion.choices[0].message.content).toContain("Hi from openai-node");
  expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  expect((completion.usage as unknown as { cost: number }).cost).toBe(0);

  const stream = await client.chat.completions.create({ model: "sandbox/echo", messages: [{ role: "user", content: "stream it" }], stream: true, stream_options: { include_usage: true } });
  let text = "";
  let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  expect(text).toContain("stream it");
  expect(usage?.completion_tokens).toBeGreaterThan(0);
  expect(usage?.cost).toBe(0);

  const err = await client.chat.completions.create({ model: "no/such-model", messages: [{ role: "user", content: "x" }] }).catch((e) => e);
  expect(err).toBeInstanceOf(OpenAI.NotFoundError);
});

test("the OpenRouter SDK: provision keys, read the current key, chat, find the generation, read credits", async ({ page, baseURL }) => {
  const { mgmt, inference } = await keys(page);
  const admin = new OpenRouter({ serverURL: `${baseURL}/api/v1`, apiKey: mgmt });
  const created = await admin.apiKeys.create({ requestBody: { name: "from-sdk", limit: 10, limitReset: "weekly" } });
  expect(created.data.name).toBe("from-sdk");
  expect(created.data.limit).toBe(10);
  expect(created.key).toMatch(/^sk-tg-v1-/);
  const listed = await admin.apiKeys.list();
  expect(listed.data.map((k) => k.hash)).toContain(created.data.hash);
  const got = await admin.apiKeys.get({ hash: created.data.hash });
  expect(got.data.limitReset).toBe("weekly");
  const updated = await admin.apiKeys.update({ hash: created.data.hash, requestBody: { name: "renamed", disabled: true } });
  expect(updated.data).toMatchObject({ name: "renamed", disabled: true });
  const deleted = await admin.apiKeys.delete({ hash: created.data.hash });
  expect(deleted.deleted).toBe(true);
  const credits = await admin.credits.getCredits();
  expect(credits.data).toMatchObject({ totalCredits: 0, totalUsage: 0 });

  const user = new OpenRouter({ serverURL: `${baseURL}/api/v1`, apiKey: inference });
  const current = await user.apiKeys.getCurrentKeyMetadata();
  expect(current.data.isManagementKey).toBe(false);
  const reply = await user.chat.send({ chatRequest: { model: "sandbox/echo", messages: [{ role: "user", content: "Hello SDK" }], stream: false } } as never);
  const message = (reply as { id: string; choices: { message: { content: string } }[]; usage: { cost: number } });
  expect(message.choices[0].message.content).toContain("Hello SDK");
  expect(message.usage.cost).toBe(0);
  const generation = await user.generations.getGeneration({ id: message.id });
  expect(generation.data).toMatchObject({ id: message.id, model: "sandbox/echo", providerName: "Sandbox A" });

  const models = await user.models.list();
  expect(models.result.data.map((m) => m.id)).toContain("sandbox/echo");
});
