import { describe, expect, it } from "vitest";
import { STRICT_WEBHOOK_URLS } from "../../../src/domain/webhook-url";
import { chatRobotSchema, chatRobotSchemaFor, chatUrlProblem } from "../../../src/notify/chat";

const LOCAL = { allowHttpLocalhost: true };

const VALID = {
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd",
  slack: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
} as const;

const DINGTALK_SECRET = `SEC${"0123456789abcdef".repeat(4)}`;

/** The fields the schema's problems name, with their messages. */
function problems(input: unknown, schema = chatRobotSchema): Array<{ path: string; message: string }> {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("chat robot addresses", () => {
  it("accept each platform's own webhook address, Lark's included", () => {
    for (const [platform, url] of Object.entries(VALID)) {
      expect(chatRobotSchema.parse({ platform, url }), platform).toEqual({ platform, url, secret: null });
    }
    expect(
      chatRobotSchema.parse({
        platform: "feishu",
        url: "https://open.larksuite.com/open-apis/bot/v2/hook/5e3d587e-d78e",
      }),
    ).toMatchObject({ platform: "feishu" });
    // Pasted with spaces around it.
    expect(chatRobotSchema.parse({ platform: "slack", url: `  ${VALID.slack}\n` }).url).toBe(VALID.slack);
  });

  it("refuse another platform's address, look-alike hosts, other paths, ports, credentials and extra parameters", () => {
    const refused: Array<[keyof typeof VALID, string]> = [
      ["wecom", VALID.dingtalk],
      ["dingtalk", VALID.wecom],
      ["slack", VALID.feishu],
      ["wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4"],
      ["wecom", "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4"],
      ["wecom", "https://evil.example/qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4"],
      ["wecom", "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4"],
      ["wecom", "https://user:pass@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4"],
      ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/upload_media?key=693a91f6-7xxx-4bc4"],
      ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"],
      ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4&debug=1"],
      ["dingtalk", `${VALID.dingtalk}&timestamp=1&sign=x`],
      ["dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=../../etc"],
      ["feishu", `${VALID.feishu}?x=1`],
      ["feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/"],
      ["feishu", `${VALID.feishu}#fragment`],
      ["slack", "https://hooks.slack.com/triggers/T00000000/123/abcdefabcdef"],
      ["slack", "https://hooks.slack.com/services/T00000000/B00000000"],
      ["slack", "http://localhost:8080/services/T00000000/B00000000/XXXXXXXX"],
      ["slack", "not a url"],
    ];
    for (const [platform, url] of refused) {
      const found = problems({ platform, url });
      expect(
        found.map((p) => p.path),
        `${platform} ${url}`,
      ).toEqual(["url"]);
    }
    expect(problems({ platform: "wecom", url: VALID.dingtalk })[0]!.message).toBe(
      "must be a WeCom group robot address (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)",
    );
  });

  it("take a receiver on this machine only where the webhook policy allows local development", () => {
    for (const url of ["http://127.0.0.1:8787/wecom/ok/x", "http://localhost:9000/anything?key=1", "https://[::1]/x"]) {
      expect(chatUrlProblem("wecom", url, LOCAL), url).toBeNull();
      expect(chatUrlProblem("wecom", url, STRICT_WEBHOOK_URLS), url).not.toBeNull();
      expect(problems({ platform: "dingtalk", url }, chatRobotSchemaFor(LOCAL)), url).toEqual([]);
      expect(problems({ platform: "dingtalk", url }), url).toHaveLength(1);
    }
    // The local policy opens loopback only, not other hosts.
    for (const url of ["https://hooks.example.com/services/T0/B0/X", "http://10.0.0.1/", "http://intranet/"]) {
      expect(chatUrlProblem("slack", url, LOCAL), url).not.toBeNull();
    }
  });

  it("take a DingTalk or Feishu signing secret, and refuse one that is not theirs or a secret where none exists", () => {
    expect(chatRobotSchema.parse({ platform: "dingtalk", url: VALID.dingtalk, secret: DINGTALK_SECRET }).secret).toBe(
      DINGTALK_SECRET,
    );
    expect(
      chatRobotSchema.parse({ platform: "feishu", url: VALID.feishu, secret: "nIMtb7r3N9pkXyXdtAbx6e" }).secret,
    ).toBe("nIMtb7r3N9pkXyXdtAbx6e");
    for (const secret of [null, undefined, "", "   "]) {
      expect(chatRobotSchema.parse({ platform: "dingtalk", url: VALID.dingtalk, secret }).secret).toBeNull();
    }
    expect(problems({ platform: "dingtalk", url: VALID.dingtalk, secret: "0123456789abcdef0123456789" })).toEqual([
      { path: "secret", message: "must be the DingTalk signing secret (it starts with SEC)" },
    ]);
    expect(problems({ platform: "feishu", url: VALID.feishu, secret: "has spaces and !!" })).toEqual([
      { path: "secret", message: "must be the Feishu/Lark signing secret (letters and digits)" },
    ]);
    expect(problems({ platform: "wecom", url: VALID.wecom, secret: "abcdefgh12345678" }).map((p) => p.path)).toEqual([
      "secret",
    ]);
    expect(problems({ platform: "slack", url: VALID.slack, secret: "abcdefgh12345678" }).map((p) => p.path)).toEqual([
      "secret",
    ]);
  });

  it("name the field of every other problem", () => {
    expect(problems({ platform: "teams", url: VALID.slack }).map((p) => p.path)).toContain("platform");
    expect(problems({ platform: "slack" }).map((p) => p.path)).toEqual(["url"]);
    const tooLong = problems({ platform: "slack", url: `https://hooks.slack.com/${"a".repeat(3000)}` });
    expect(new Set(tooLong.map((p) => p.path))).toEqual(new Set(["url"]));
  });
});
