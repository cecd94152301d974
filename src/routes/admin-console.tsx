import { Hono } from "hono";
import { listComponents } from "../data/components";
import { IMPACTS, INCIDENT_STATUSES } from "../domain/status";
import { COMPONENT_STATUSES } from "../domain/symptoms";
import { type AppEnv, serviceScope } from "../http/context";
import { UPDATE_STATUS_WORDS } from "../i18n/api-words";
import { type Locale, localName } from "../i18n/locale";
import { messages } from "../i18n/messages";

/**
 * /admin: the operator console. Server-rendered forms; public/admin.js signs
 * in with the admin token (kept in sessionStorage only, never in a URL or a
 * cookie) and talks to /api/admin. Every stored text it shows goes through
 * textContent, never innerHTML.
 */
export const adminConsoleRouter = new Hono<AppEnv>();

const T = {
  "zh-CN": {
    title: "管理控制台",
    noscript: "控制台需要 JavaScript。也可以直接用管理 API（见 /api/docs）。",
    signIn: "登录",
    token: "管理令牌（ADMIN_TOKEN）",
    tokenHint: "只保存在本标签页的会话中，关闭标签页即清除。",
    signOut: "退出",
    review: "待审核的自动检测事件",
    open: "进行中的事件",
    declare: "发布事件",
    name: "标题",
    status: "状态",
    impact: "影响（可选，默认按组件状态计算）",
    auto: "自动",
    body: "说明",
    components: "受影响的组件",
    unaffected: "不受影响",
    submit: "发布",
    maintenance: "计划维护",
    upcoming: "即将进行和进行中的维护",
    start: "开始时间",
    end: "结束时间",
    schedule: "安排维护",
    empty: "暂无",
    docs: "API 文档",
    page: "状态页",
  },
  en: {
    title: "Admin console",
    noscript: "The console needs JavaScript. The admin API works without it (see /api/docs).",
    signIn: "Sign in",
    token: "Admin token (ADMIN_TOKEN)",
    tokenHint: "Kept in this tab's session only; closing the tab forgets it.",
    signOut: "Sign out",
    review: "Detected incidents awaiting review",
    open: "Open incidents",
    declare: "Declare an incident",
    name: "Title",
    status: "Status",
    impact: "Impact (optional; otherwise from component statuses)",
    auto: "automatic",
    body: "Message",
    components: "Affected components",
    unaffected: "not affected",
    submit: "Post",
    maintenance: "Schedule maintenance",
    upcoming: "Upcoming and running maintenance",
    start: "Starts",
    end: "Ends",
    schedule: "Schedule",
    empty: "None",
    docs: "API reference",
    page: "Status page",
  },
} satisfies Record<Locale, Record<string, string>>;

adminConsoleRouter.get("/admin", serviceScope, async (c) => {
  const locale = c.get("locale");
  const t = T[locale];
  const words = UPDATE_STATUS_WORDS[locale];
  const statusWord = messages(locale).statusWord;
  const components = await listComponents(c.get("db"));
  const enabled = Boolean(c.env.ADMIN_TOKEN);
  const title = `${c.get("service").name[locale]} · ${t.title}`;
  c.header("Cache-Control", "no-store");
  const page = (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/status.css" />
        <link rel="stylesheet" href="/admin.css" />
        <script src="/admin.js" defer></script>
      </head>
      <body data-admin-enabled={enabled ? "1" : "0"}>
        <header class="site">
          <div class="wrap site-bar">
            <span class="brand">{title}</span>
            <span class="muted">
              <a href="/">{t.page}</a> · <a href="/api/docs">{t.docs}</a> ·{" "}
              <a href={locale === "en" ? "/admin?lang=zh-CN" : "/admin?lang=en"}>
                {locale === "en" ? "中文" : "English"}
              </a>
            </span>
          </div>
        </header>
        <main class="wrap">
          <noscript>
            <p class="card">{t.noscript}</p>
          </noscript>
          <p id="flash" role="status" aria-live="polite" class="muted"></p>

          <section id="signin" class="card">
            <h2>{t.signIn}</h2>
            {/* method=post so a token never lands in a URL, even if the script failed to load. */}
            <form id="signin-form" method="post" action="/admin">
              <div class="field">
                <label for="token">{t.token}</label>
                <p class="hint">{t.tokenHint}</p>
                <input id="token" name="token" type="password" autocomplete="current-password" required />
              </div>
              <button class="button" type="submit">
                {t.signIn}
              </button>
            </form>
          </section>

          <div id="console" hidden>
            <p class="actions">
              <button id="signout" class="button" type="button">
                {t.signOut}
              </button>
            </p>
            <section class="card">
              <h2>{t.review}</h2>
              <ul id="review-list" class="components" data-empty={t.empty}></ul>
            </section>
            <section class="card">
              <h2>{t.open}</h2>
              <ul id="open-list" class="components" data-empty={t.empty}></ul>
            </section>

            <section class="card">
              <h2>{t.declare}</h2>
              <form id="incident-form">
                <div class="field">
                  <label for="i-name">{t.name}</label>
                  <input id="i-name" name="name" required maxlength={200} />
                </div>
                <div class="row">
                  <div class="field">
                    <label for="i-status">{t.status}</label>
                    <select id="i-status" name="status">
                      {INCIDENT_STATUSES.filter((s) => s !== "postmortem").map((s) => (
                        <option value={s}>{words[s]}</option>
                      ))}
                    </select>
                  </div>
                  <div class="field">
                    <label for="i-impact">{t.impact}</label>
                    <select id="i-impact" name="impact_override">
                      <option value="">{t.auto}</option>
                      {IMPACTS.map((i) => (
                        <option value={i}>{i}</option>
                      ))}
                    </select>
                  </div>
                </div>
                <div class="field">
                  <label for="i-body">{t.body}</label>
                  <textarea id="i-body" name="body" rows={3} maxlength={10000}></textarea>
                </div>
                <fieldset class="field">
                  <legend>{t.components}</legend>
                  {components.map((row) => (
                    <div class="row">
                      <label for={`ic-${row.id}`}>{localName(locale, row)}</label>
                      <select id={`ic-${row.id}`} data-component={row.id}>
                        <option value="">{t.unaffected}</option>
                        {COMPONENT_STATUSES.filter((s) => s !== "operational" && s !== "under_maintenance").map((s) => (
                          <option value={s}>{statusWord[s]}</option>
                        ))}
                      </select>
                    </div>
                  ))}
                </fieldset>
                <button class="button" type="submit">
                  {t.submit}
                </button>
              </form>
            </section>

            <section class="card">
              <h2>{t.upcoming}</h2>
              <ul id="maintenance-list" class="components" data-empty={t.empty}></ul>
            </section>
            <section class="card">
              <h2>{t.maintenance}</h2>
              <form id="maintenance-form">
                <div class="field">
                  <label for="m-name">{t.name}</label>
                  <input id="m-name" name="name" required maxlength={200} />
                </div>
                <div class="row">
                  <div class="field">
                    <label for="m-start">{t.start}</label>
                    <input id="m-start" name="scheduled_for" type="datetime-local" required />
                  </div>
                  <div class="field">
                    <label for="m-end">{t.end}</label>
                    <input id="m-end" name="scheduled_until" type="datetime-local" required />
                  </div>
                </div>
                <div class="field">
                  <label for="m-body">{t.body}</label>
                  <textarea id="m-body" name="body" rows={2} maxlength={10000}></textarea>
                </div>
                <fieldset class="field">
                  <legend>{t.components}</legend>
                  <div class="inline-choices">
                    {components.map((row) => (
                      <label class="pill">
                        <input type="checkbox" name="component_ids" value={row.id} /> {localName(locale, row)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <button class="button" type="submit">
                  {t.schedule}
                </button>
              </form>
            </section>
          </div>
        </main>
      </body>
    </html>
  );
  return c.html(`<!doctype html>${await page.toString()}`);
});

/** The console's few extra rules (text inputs like the page's selects), served here so public/ stays the pages' own. */
const ADMIN_CSS = `#console input:not([type=checkbox]), #signin input {
  width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #98a2b3; border-radius: 8px;
  background: var(--card); color: var(--text);
}
#console fieldset { border: 1px solid var(--line); border-radius: 8px; }
#console .row { align-items: center; margin-bottom: 6px; }
#console pre { white-space: pre-wrap; }
#console > .actions { margin-bottom: 16px; }
#open-list .row { grid-template-columns: 1fr auto; }
`;

adminConsoleRouter.get("/admin.css", (c) =>
  c.body(ADMIN_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300" }),
);

/** Only reached without JavaScript: drop whatever was posted (never log or echo a token) and go back. */
adminConsoleRouter.post("/admin", (c) => c.redirect("/admin", 303));
