import { describe, expect, it } from "vitest";
import { STRICT_WEBHOOK_URLS, webhookUrlProblem } from "../../src/domain/webhook-url";

const LOCAL = { allowHttpLocalhost: true };

describe("webhook URLs", () => {
  it("allows https to public host names", () => {
    for (const url of [
      "https://hooks.example.com/status",
      "https://HOOKS.Example.COM:8443/a?b=c",
      "https://hooks.example.com./trailing-dot",
      "https://xn--fsq.example/中文",
      "https://localhost.example.com/",
      "https://internal.example.com/",
    ]) {
      expect(webhookUrlProblem(url, STRICT_WEBHOOK_URLS), url).toBeNull();
      expect(webhookUrlProblem(url, LOCAL), url).toBeNull();
    }
  });

  it("refuses plain http and other schemes", () => {
    for (const url of ["http://hooks.example.com/", "ftp://hooks.example.com/", "javascript:alert(1)"]) {
      expect(webhookUrlProblem(url, STRICT_WEBHOOK_URLS), url).toBe("must use https");
      expect(webhookUrlProblem(url, LOCAL), url).toBe("must use https");
    }
    expect(webhookUrlProblem("not a url", STRICT_WEBHOOK_URLS)).toBe("must be a valid URL");
  });

  it("refuses IP literals, in every form URL parsing turns into one", () => {
    for (const url of [
      "https://93.184.216.34/",
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.1/",
      "https://2130706433/", // decimal 127.0.0.1
      "https://0177.0.0.1/", // octal
      "https://0x7f.0.0.1/", // hex
      "https://0x7f000001/",
      "https://127.1/",
      "https://%31%32%37.0.0.1/", // percent-encoded
      "https://０x7f.1/", // full-width digits, normalised by IDNA
      "https://[2606:4700::1111]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[0:0:0:0:0:0:0:1]/",
      "https://[fe80::1]/",
    ]) {
      expect(webhookUrlProblem(url, STRICT_WEBHOOK_URLS), url).toBe("must name a host, not an IP address");
    }
  });

  it("refuses private, reserved and metadata host names", () => {
    for (const url of [
      "https://localhost/",
      "https://LOCALHOST./",
      "https://metadata/computeMetadata/v1/",
      "https://intranet/",
    ]) {
      expect(webhookUrlProblem(url, STRICT_WEBHOOK_URLS), url).toBe(
        "must be a public host name (a single-label name is not)",
      );
    }
    for (const url of [
      "https://api.localhost/",
      "https://printer.local/",
      "https://service.internal/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://instance-data.ec2.internal/",
      "https://1.0.0.127.in-addr.arpa/",
      "https://router.home.arpa/",
      "https://nas.lan/",
      "https://wiki.corp/",
      "https://metadata.goog/",
      "https://metadata.tencentyun.com/latest/meta-data/",
      "https://Service.Internal./",
    ]) {
      expect(webhookUrlProblem(url, STRICT_WEBHOOK_URLS), url).toBe("must not be a private or reserved host name");
    }
  });

  it("in local development allows http(s) to exactly localhost, 127.0.0.1 and [::1]", () => {
    for (const url of [
      "http://localhost:8787/hook",
      "http://127.0.0.1:3000/hook",
      "http://[::1]:3000/hook",
      "https://localhost/hook",
    ]) {
      expect(webhookUrlProblem(url, LOCAL), url).toBeNull();
      expect(webhookUrlProblem(url, STRICT_WEBHOOK_URLS), url).not.toBeNull();
    }
    // Only those three: other loopback or private addresses and names stay refused.
    expect(webhookUrlProblem("http://127.0.0.2/", LOCAL)).toBe("must use https");
    expect(webhookUrlProblem("https://127.0.0.2/", LOCAL)).toBe("must name a host, not an IP address");
    expect(webhookUrlProblem("https://192.168.1.10/", LOCAL)).toBe("must name a host, not an IP address");
    expect(webhookUrlProblem("http://api.localhost/", LOCAL)).toBe("must use https");
    expect(webhookUrlProblem("https://api.localhost/", LOCAL)).toBe("must not be a private or reserved host name");
    // The decimal form of 127.0.0.1 is 127.0.0.1 after parsing, so it counts as the loopback host.
    expect(webhookUrlProblem("http://2130706433:8787/", LOCAL)).toBeNull();
  });
});
