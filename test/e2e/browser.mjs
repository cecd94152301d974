// Chromium for the end-to-end tests through playwright-core, never a browser download:
// CHROMIUM_PATH if set, else the system's /usr/bin/chromium if there is one, else the
// Chromium shipped inside the npm package @sparticuz/chromium, unpacked once into
// node_modules/.cache/e2e-browser/. Flags keep it quiet and offline.
//
// Chinese text needs a CJK font, which a fresh machine does not have: whichever Chromium
// runs, fontconfig gets the system's configuration plus the Noto Sans (Simplified Chinese)
// OTF files of the npm package @embedpdf/fonts-sc, so screenshots show glyphs, not boxes.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const CACHE = fileURLToPath(new URL("../../node_modules/.cache/e2e-browser/", import.meta.url));
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const QUIET = ["--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The package's Chromium, unpacked once per package version. */
async function packagedChromium() {
  const { default: pack } = await import("@sparticuz/chromium");
  const root = join(dirname(require.resolve("@sparticuz/chromium")), "..");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const dir = join(CACHE, `chromium-${version}`);
  if (!existsSync(join(dir, "chromium"))) {
    // The package unpacks into os.tmpdir(): point that at a private folder, then rename it
    // into place, so an interrupted run never leaves a half-written browser behind.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = partial;
    try {
      await pack.executablePath();
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
    try {
      renameSync(partial, dir);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run got there first
    }
  }
  // The package's flags are made for one page per process on a serverless host: with
  // --single-process the browser dies when a test closes its first context.
  const args = pack.args.filter((arg) => arg !== "--single-process");
  return { executablePath: join(dir, "chromium"), args: [...args, ...QUIET] };
}

/** A fontconfig file: the system's own configuration, plus the CJK font package's folder. */
function fontconfigFile() {
  const xml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const fonts = join(dirname(require.resolve("@embedpdf/fonts-sc")), "..", "fonts");
  const base = process.env.FONTCONFIG_FILE ?? "/etc/fonts/fonts.conf";
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, "fonts.conf");
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${xml(base)}</include>
  <dir>${xml(fonts)}</dir>
  <cachedir>${xml(join(CACHE, "fontconfig"))}</cachedir>
</fontconfig>
`,
  );
  return file;
}

export async function launchChromium() {
  const path = process.env.CHROMIUM_PATH || (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  const browser = path
    ? { executablePath: path, args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET] }
    : await packagedChromium();
  return chromium.launch({
    ...browser,
    headless: true,
    env: { ...process.env, FONTCONFIG_FILE: fontconfigFile() },
  });
}
