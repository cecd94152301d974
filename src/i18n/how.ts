import type { VerdictKind } from "../domain/symptoms";
import type { Locale } from "./locale";

/** What the detector needs before it calls something widespread, for one symptom series. */
export interface SeriesNumbers {
  /** Distinct reporters in a window before anything counts. */
  minReporters: number;
  /** Distinct provinces among them. */
  minRegions: number;
  /** The longest window tested, in minutes. */
  longestWindowMinutes: number;
  /** Minutes in a row the signal must hold on moderate evidence. */
  confirmMinutes: number;
  /** Reporters that open it at once when the rise is extreme. */
  strongMinReporters: number;
  /** Calm minutes in a row before it is resolved. */
  calmMinutes: number;
}

/**
 * Every number `/how` tells a reader, taken from the detector's and the
 * project's own parameters by the route (src/routes/pages/how.tsx), never
 * written in the text, so the page cannot drift from what the code does.
 */
export interface HowNumbers {
  /** The verdict's "others in the last N minutes". */
  othersWindowMinutes: number;
  /** One count per reporter per component per this many minutes. */
  repeatWindowMinutes: number;
  /** Reporters one network counts for per component per repeat window. */
  networkCap: number;
  outage: SeriesNumbers;
  accountWave: SeriesNumbers;
  probes: {
    failuresToDown: number;
    minDownLocations: number;
    allFailingMinLocations: number;
    freshMinutes: number;
  };
  /** After a maintenance, crowd reports alone open nothing for this long. */
  maintenanceGraceMinutes: number;
  /** Days a day's random hashing key lives. */
  keyDays: number;
  reportRetentionDays: number;
  probeRetentionDays: number;
  /** Characters of "what the app said". */
  messageMax: number;
  /** Hours a subscription's confirmation link works; an unconfirmed sign-up is deleted after. */
  confirmHours: number;
}

export interface HowWords {
  title: string;
  intro: (service: string) => string;
  kindsHeading: string;
  kinds: Record<VerdictKind, (n: HowNumbers, accountExamples: string) => string>;
  precedence: (labels: string[]) => string;
  evidenceHeading: string;
  evidence: ((n: HowNumbers) => string)[];
  series: (label: string, s: SeriesNumbers) => string;
  outageLabel: string;
  accountLabel: string;
  closing: (n: HowNumbers) => string;
  yoursHeading: string;
  yours: ((n: HowNumbers) => string)[];
  privacyHeading: string;
  privacy: ((n: HowNumbers) => string)[];
  numbersNote: string;
  link: string;
  back: string;
}

const zh: HowWords = {
  title: "我们如何判断",
  intro: (service) =>
    `本站根据用户报告和自动探测，判断${service}是大范围故障、计划维护，还是个别情况。本站不是官方页面，以 App 内公告为准。下面的数字都直接取自判断程序自己的参数。`,
  kindsHeading: "你会看到的六种结论",
  kinds: {
    maintenance: () => "你用的功能正处在已公布的维护时间内。维护期间的失败属于预期，等维护结束再试。",
    outage: () =>
      "这个功能有尚未结束的故障事件：由运营者发布，或由下面的证据自动发现。很多人同时遇到同样的问题，不是你的账户出了问题。",
    account_wave: () =>
      "很多人同时报告额度降低、冻结或风控拦截。这更可能是政策或风控调整，不是技术故障，也不是只针对你。",
    merchant_restriction: () =>
      "很多人同时报告在某些商户或某类消费无法使用。这更可能是服务方限制了部分商户或消费类别，不是技术故障，也不是你的账户的问题；这笔请换用其他付款方式。",
    individual: (_n, examples) =>
      `没有上面三种情况，而你报告的是账户、额度或商户、商品相关的提示${examples ? `（如${examples}）` : ""}。这通常取决于你自己的账户或这笔交易，需要按提示处理或联系官方客服。`,
    unconfirmed: (n) =>
      `没有上面的情况，而你报告的是打不开、付款失败这类技术问题。过去 ${n.othersWindowMinutes} 分钟内报告的人还不足以确认是大范围故障；报告的人多了会自动发现，本页随之更新。`,
  },
  precedence: (labels) => `几种情况同时成立时，按这个顺序取第一个：${labels.join(" > ")}。`,
  evidenceHeading: "什么算证据",
  evidence: [
    (n) =>
      `人数：只数不同的人。同一个人 ${n.repeatWindowMinutes} 分钟内对同一功能重复报告，只算一次。诊断页上的“另有几人报告”指过去 ${n.othersWindowMinutes} 分钟。`,
    (n) =>
      `网络：同一个网络（同一个 IPv4 地址，或同一段 IPv6 /64）在 ${n.repeatWindowMinutes} 分钟内对同一功能最多算 ${n.networkCap} 人。这样一个人换着浏览器刷报告，也只算大约一个人；而共用出口地址的许多真人，也不会只算一个。`,
    () =>
      "省份：地区取自网络所在的位置（Cloudflare 的定位），不是报告者自己选的。报告需要分布在多个省份，一个地方的集中刷报告不够；大部分报告没有地区时不看这一条。",
    (n) =>
      `自动探测：从多个地点定时访问服务。一个地点连续 ${n.probes.failuresToDown} 次失败才算“不可用”；至少 ${n.probes.minDownLocations} 个地点不可用才算故障，只有一个地点出问题从不算；探测地点有 ${n.probes.allFailingMinLocations} 个以上而最近一次全部失败时，立即算作故障。只看最近 ${n.probes.freshMinutes} 分钟内的结果。`,
    (n) =>
      `维护时间：维护期间的报告不会被当成故障。维护结束后 ${n.maintenanceGraceMinutes} 分钟内，单凭用户报告不会判定故障，这段时间的报告也不计入。`,
  ],
  series: (label, s) =>
    `${label}：在最长 ${s.longestWindowMinutes} 分钟的时间窗内至少 ${s.minReporters} 人报告、分布在至少 ${s.minRegions} 个省份，人数明显高于这个时段的通常水平，并连续 ${s.confirmMinutes} 分钟如此；人数达到 ${s.strongMinReporters} 人且极不寻常时立即确认。`,
  outageLabel: "疑似故障（打不开、系统繁忙、付款失败）",
  accountLabel: "大量账户受限（额度降低、冻结、风控提示）",
  closing: (n) =>
    `恢复：报告和探测连续 ${n.outage.calmMinutes} 分钟回到平常水平后，自动发现的故障标记为已恢复（大量账户受限为 ${n.accountWave.calmMinutes} 分钟）。运营者确认过的事件由运营者关闭。`,
  yoursHeading: "你的报告和整体情况",
  yours: [
    (n) =>
      `诊断页最上面是整体情况：这个功能现在有没有维护、故障或大量账户受限，以及过去 ${n.othersWindowMinutes} 分钟内还有多少人报告。`,
    () =>
      "“你报告的是”和“这个提示通常意味着”只解释你自己看到的提示。一个人的报告只是许多证据中的一条，不会单独改变整体判断。",
    () => "分享诊断页链接时，链接预览只描述服务的状况，不包含你报告的内容。",
  ],
  privacyHeading: "隐私",
  privacy: [
    () => "我们不收集姓名、手机号或账号，也不保存 IP 地址。",
    (n) =>
      `为了让同一个人只算一次、限制同一网络的报告数，我们只保存两个带密钥的散列值（这个浏览器在这个网络上，以及这个网络）。散列用每天更换的随机密钥生成，每天的密钥 ${n.keyDays} 天后删除，此后任何人都无法再把散列对应回地址。`,
    (n) => `“App 里的原话”最多 ${n.messageMax} 个字，保存前会自动隐去手机号、身份证号和银行卡号（以及 QQ 号和邮箱）。`,
    (n) =>
      `原始报告 ${n.reportRetentionDays} 天后删除，只保留按分钟汇总的人数（不含任何身份信息）；自动探测的原始结果 ${n.probeRetentionDays} 天后删除。`,
    () =>
      "订阅通知时，你给的地址（邮箱、浏览器推送地址或群机器人链接）连同语言和关注范围只用于发送通知。邮件和群机器人要先点确认链接表示同意，确认前除了这条确认消息什么都不发。",
    (n) =>
      `退订时，这个地址和它的发送记录立即删除；确认链接 ${n.confirmHours} 小时内没有使用，这次登记也会删除。地址从不导出、不写入日志，也不出现在 webhook 里；管理后台只显示订阅人数。`,
  ],
  numbersNote: "本页的数字由程序参数直接生成，参数调整后这里会同步变化。",
  link: "我们如何判断",
  back: "返回服务状态",
};

const en: HowWords = {
  title: "How we decide",
  intro: (service) =>
    `This site tells from user reports and automated checks whether ${service} has a widespread outage, scheduled maintenance, or an individual case. It is not an official page; in-app notices take precedence. Every number below comes straight from the parameters the decisions are made with.`,
  kindsHeading: "The six answers you can get",
  kinds: {
    maintenance: () =>
      "What you use is inside an announced maintenance window. Failures are expected then; try again once it ends.",
    outage: () =>
      "There is an open outage incident for this feature: posted by an operator, or found automatically from the evidence below. Many people have the same problem; it is not your account.",
    account_wave: () =>
      "Many people report lowered limits, freezes or risk-control blocks at the same time. That is more likely a policy or risk-model change than a technical fault, and it is not aimed at you.",
    merchant_restriction: () =>
      "Many people report at the same time that some merchants or kinds of purchase do not accept it. The service has most likely restricted some merchants or categories: not a technical fault, and not your account; pay this one another way.",
    individual: (_n, examples) =>
      `None of the above, and you reported a message about your account, limit, or the merchant or item${examples ? ` (such as ${examples})` : ""}. That usually depends on your own account or this purchase: follow the message or contact official support.`,
    unconfirmed: (n) =>
      `None of the above, and you reported a technical problem such as the app not loading or a failed payment. Not enough people reported in the last ${n.othersWindowMinutes} minutes to confirm a widespread outage; if more do, it is found automatically and this page changes.`,
  },
  precedence: (labels) => `When several hold at once, the first in this order wins: ${labels.join(" > ")}.`,
  evidenceHeading: "What counts as evidence",
  evidence: [
    (n) =>
      `People: only distinct people count. One person reporting the same feature again within ${n.repeatWindowMinutes} minutes counts once. "Others reported" on your answer means the last ${n.othersWindowMinutes} minutes.`,
    (n) =>
      `Networks: one network (one IPv4 address, or one IPv6 /64) counts as at most ${n.networkCap} people per feature within ${n.repeatWindowMinutes} minutes. Someone switching browsers to send many reports counts as about one, while many real people sharing one address still count as more than one.`,
    () =>
      "Provinces: the region is where the network is located (Cloudflare's location), not what the reporter picked. Reports must come from several provinces, so a burst from one place is not enough; this is waived when most reports carry no region.",
    (n) =>
      `Automated checks: the service is checked regularly from several locations. A location is down after ${n.probes.failuresToDown} failed checks in a row; an outage needs at least ${n.probes.minDownLocations} locations down, so one location alone never counts; with ${n.probes.allFailingMinLocations} or more locations all failing their latest check, it counts at once. Only results from the last ${n.probes.freshMinutes} minutes are used.`,
    (n) =>
      `Maintenance windows: reports during maintenance are not taken as an outage. For ${n.maintenanceGraceMinutes} minutes after a maintenance ends, reports alone cannot open an outage and are not counted.`,
  ],
  series: (label, s) =>
    `${label}: at least ${s.minReporters} people within a window of up to ${s.longestWindowMinutes} minutes, from at least ${s.minRegions} provinces, clearly more than usual for that time of day, for ${s.confirmMinutes} minutes in a row; ${s.strongMinReporters} people with an extreme rise confirm it at once.`,
  outageLabel: "Suspected outage (won't load, system busy, payment failed)",
  accountLabel: "Many accounts restricted (limits lowered, frozen, risk warnings)",
  closing: (n) =>
    `Recovery: an outage found automatically is resolved once reports and checks have been back to normal for ${n.outage.calmMinutes} minutes in a row (${n.accountWave.calmMinutes} minutes for account restrictions). Incidents an operator confirmed are closed by the operator.`,
  yoursHeading: "Your report and the overall situation",
  yours: [
    (n) =>
      `The top of your answer is the overall situation: whether this feature has maintenance, an outage or many restricted accounts right now, and how many others reported in the last ${n.othersWindowMinutes} minutes.`,
    () =>
      '"You reported" and "What this message usually means" explain only the message you saw. One report is one piece of evidence among many; it does not change the overall answer on its own.',
    () =>
      "When you share the link to your answer, its preview describes the service's situation, never what you reported.",
  ],
  privacyHeading: "Privacy",
  privacy: [
    () => "We collect no name, phone number or account, and never store IP addresses.",
    (n) =>
      `To count each person once and limit reports per network, we keep only two keyed hashes (this browser on this network, and this network). They are made with a random key that changes every day; each day's key is deleted after ${n.keyDays} days, after which nobody can link the hashes to an address.`,
    (n) =>
      `"The app's exact words" (at most ${n.messageMax} characters) have phone, ID and bank card numbers (and QQ numbers and e-mail addresses) removed before they are stored.`,
    (n) =>
      `Raw reports are deleted after ${n.reportRetentionDays} days; only per-minute counts remain, with nothing that identifies anyone. Raw results of the automated checks are deleted after ${n.probeRetentionDays} days.`,
    () =>
      "When you subscribe, the address you give (an e-mail address, a browser's push address or a group robot's link), with your language and what you follow, is used only to send you notices. E-mail and robots must first follow a confirmation link to consent; until then nothing but that confirmation is sent.",
    (n) =>
      `Unsubscribing deletes the address and its delivery records at once; a sign-up whose confirmation link goes unused for ${n.confirmHours} hours is deleted too. Addresses are never exported, logged or put in webhooks; the admin console shows only how many subscribe.`,
  ],
  numbersNote: "The numbers on this page are generated from the program's parameters and change with them.",
  link: "How we decide",
  back: "Back to status",
};

export const HOW_WORDS: Record<Locale, HowWords> = { "zh-CN": zh, en };
