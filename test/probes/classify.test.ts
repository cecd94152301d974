import { describe, expect, it } from "vitest";
import { classifyFetchError, classifyResponse } from "../../src/probes/classify";

const spec = {
  expectedStatusMin: 200,
  expectedStatusMax: 299,
  bodyMustContain: null,
  bodyMustNotContain: null,
  latencyThresholdMs: null,
};

describe("classifyResponse", () => {
  it("passes a 2xx answer and marks slow answers degraded", () => {
    expect(classifyResponse(spec, 200, null, 50)).toEqual({ ok: true, degraded: false, errorClass: null });
    expect(classifyResponse({ ...spec, latencyThresholdMs: 100 }, 204, null, 150)).toEqual({
      ok: true,
      degraded: true,
      errorClass: null,
    });
  });
  it("fails a status outside the range as http_status", () => {
    expect(classifyResponse(spec, 503, "", 10).errorClass).toBe("http_status");
    expect(classifyResponse(spec, 301, "", 10).errorClass).toBe("http_status");
    expect(classifyResponse({ ...spec, expectedStatusMax: 399 }, 301, "", 10).ok).toBe(true);
  });
  it("fails a missing required text or a present forbidden text as keyword", () => {
    expect(classifyResponse({ ...spec, bodyMustContain: "收银台" }, 200, "<html>系统繁忙</html>", 10).errorClass).toBe(
      "keyword",
    );
    expect(classifyResponse({ ...spec, bodyMustContain: "收银台" }, 200, "<html>收银台</html>", 10).ok).toBe(true);
    expect(
      classifyResponse({ ...spec, bodyMustNotContain: "系统繁忙" }, 200, "系统繁忙，请稍后再试", 10).errorClass,
    ).toBe("keyword");
  });
});

describe("classifyFetchError", () => {
  it("recognises timeouts from workerd and Node", () => {
    expect(classifyFetchError(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe(
      "timeout",
    );
    expect(
      classifyFetchError(
        Object.assign(new TypeError("fetch failed"), {
          cause: { code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" },
        }),
      ),
    ).toBe("timeout");
  });
  it("recognises DNS, TLS and connection failures", () => {
    expect(
      classifyFetchError(
        Object.assign(new TypeError("fetch failed"), {
          cause: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND x.invalid" },
        }),
      ),
    ).toBe("dns");
    expect(classifyFetchError(new Error("DNS lookup failed"))).toBe("dns");
    expect(
      classifyFetchError(
        Object.assign(new TypeError("fetch failed"), {
          cause: { code: "CERT_HAS_EXPIRED", message: "certificate has expired" },
        }),
      ),
    ).toBe("tls");
    expect(classifyFetchError(new Error("TLS peer's certificate is not trusted"))).toBe("tls");
    expect(classifyFetchError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }))).toBe(
      "connect",
    );
    expect(classifyFetchError(new TypeError("Network connection lost."))).toBe("connect");
  });
});
