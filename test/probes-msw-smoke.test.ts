import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";

const server = setupServer(http.get("https://target.example/x", () => HttpResponse.text("hello")));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

it("intercepts", async () => {
  const r = await fetch("https://target.example/x");
  expect(await r.text()).toBe("hello");
});
