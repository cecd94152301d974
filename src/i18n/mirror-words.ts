import type { Locale } from "./locale";

/** The words a page gains as a static mirror copy (src/mirror), kept apart from the main catalogue. */
export interface MirrorWords {
  /** "This page is a static mirror, generated …", before the time. */
  generated: string;
  /** The link to the live report form. */
  reportLive: string;
  /** In place of a form, which a mirror cannot take. */
  formOnLive: string;
}

const zh: MirrorWords = {
  generated: "此页面为静态镜像，生成于",
  reportLive: "前往实时页面报告问题",
  formOnLive: "请在实时页面提交",
};

const en: MirrorWords = {
  generated: "This page is a static mirror, generated",
  reportLive: "Report a problem on the live page",
  formOnLive: "Submit this on the live page",
};

export const MIRROR_WORDS: Record<Locale, MirrorWords> = { "zh-CN": zh, en };
