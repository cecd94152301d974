/** The console's few extra rules, served at /admin.css so public/status.css stays the pages' own. */
export const ADMIN_CSS = `#console input:not([type=checkbox]), #console textarea, #signin input {
  width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #98a2b3; border-radius: 8px;
  background: var(--card); color: var(--text); box-sizing: border-box;
}
/* status.css gives .button a display, which would beat the hidden attribute the script sets. */
#console [hidden] { display: none !important; }
#console textarea.json { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
#console fieldset { border: 1px solid var(--line); border-radius: 8px; }
#console .row { align-items: center; margin-bottom: 6px; }
#console pre { white-space: pre-wrap; }
#console > nav.actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 16px; }
#console > nav.actions .button { margin-left: auto; }
#console .card { margin-bottom: 16px; }
#console h3 { margin-top: 20px; }
#console .actions { display: flex; flex-wrap: wrap; gap: 8px; }
#console .zone-label { font-weight: 600; white-space: nowrap; }
#console .form-error { color: #b42318; font-weight: 600; white-space: pre-wrap; }
#console .once { border: 2px solid #b54708; border-radius: 8px; padding: 10px 12px; margin: 12px 0; background: #fffaeb; color: #1d2939; }
#console .once code { display: block; word-break: break-all; font-size: 15px; margin-top: 6px; user-select: all; }
#console .editor { margin-top: 8px; }
#console li form { margin-top: 8px; }
#open-list .row { grid-template-columns: 1fr auto; }
#console .outbox-text { white-space: pre-wrap; word-break: break-word; font-size: 14px; }
`;
