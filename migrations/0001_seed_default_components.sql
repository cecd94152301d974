-- Default components of the default service (Huabei). Hand-written because
-- drizzle-kit generates schema, not rows. Operators rename or add components
-- through the admin API; INSERT OR IGNORE keeps their edits if re-applied.
INSERT OR IGNORE INTO component_groups (id, name_zh, name_en, position, created_at, updated_at) VALUES
  ('payments', '支付', 'Payments', 1, 1764115200000, 1764115200000),
  ('account', '账户与App', 'Account & app', 2, 1764115200000, 1764115200000);
--> statement-breakpoint
INSERT OR IGNORE INTO components (id, name_zh, name_en, description_zh, description_en, group_id, position, status, status_source, showcase, only_show_if_degraded, created_at, updated_at) VALUES
  ('online-pay', '线上支付', 'Online checkout', '在淘宝、天猫等网店和App内用花呗付款', 'Paying with the service in online shops and apps', 'payments', 1, 'operational', 'default', 1, 0, 1764115200000, 1764115200000),
  ('offline-pay', '线下扫码支付', 'In-store QR payment', '在实体店扫码或出示付款码用花呗付款', 'Paying in stores by scanning or showing a QR code', 'payments', 2, 'operational', 'default', 1, 0, 1764115200000, 1764115200000),
  ('repayment', '还款', 'Repayment', '按时还款、提前还款与自动还款', 'Repaying bills, early and automatic repayment', 'payments', 3, 'operational', 'default', 1, 0, 1764115200000, 1764115200000),
  ('credit-account', '额度与账单', 'Credit line & bills', '查看额度、账单与分期', 'Credit line, bills and instalments', 'account', 4, 'operational', 'default', 1, 0, 1764115200000, 1764115200000),
  ('app-login', '登录与App', 'Login & app', '登录、打开App与花呗页面', 'Signing in and opening the app', 'account', 5, 'operational', 'default', 1, 0, 1764115200000, 1764115200000);
