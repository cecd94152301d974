import type { Notice } from "../../../src/notify/notice";

/** 2026-12-01 10:30 in Asia/Shanghai. */
export const AT = Date.UTC(2026, 11, 1, 2, 30);

export function sampleNotice(overrides: Partial<Notice> = {}): Notice {
  return {
    key: "incident:inc123:update:upd1",
    serviceId: "huabei",
    kind: "incident",
    incidentId: "inc123",
    componentIds: ["online-pay"],
    level: "major",
    url: "https://status.example.com/incidents/inc123",
    serviceUrl: "https://status.example.com",
    at: AT,
    text: {
      "zh-CN": {
        service: "花呗",
        title: "花呗 · 线上支付：支付失败（已确认）",
        body: "部分用户线上支付失败，提示“系统繁忙”。\n我们正在排查原因。\n\n下一次更新在 30 分钟内。",
        status: "已确认",
      },
      en: {
        service: "Huabei",
        title: "Huabei · Online checkout: payments failing (identified)",
        body: "Some online payments fail with “system busy”.\nWe are looking into it.\n\nNext update within 30 minutes.",
        status: "Identified",
      },
    },
    ...overrides,
  };
}

/** Text an attacker could get into a notice (a crowd-reported detail, a careless admin). */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" 'single'`;

export function hostileNotice(): Notice {
  const hostile = {
    service: HOSTILE,
    title: `Title ${HOSTILE}\r\nBcc: victim@example.org`,
    body: HOSTILE,
    status: HOSTILE,
  };
  return sampleNotice({ text: { "zh-CN": hostile, en: hostile } });
}

export const LINKS = {
  manageUrl: "https://status.example.com/subscriptions/manage?token=abc123",
  unsubscribeUrl: "https://status.example.com/subscriptions/unsubscribe?token=abc123",
};
