/** An e-mail address with an optional display name, e.g. `花呗状态 <status@example.com>`. */
export interface Mailbox {
  address: string;
  name?: string;
}

/**
 * A plain `local@domain` address: no display name, no spaces, no characters that
 * would end or start another header field. Non-ASCII addresses (SMTPUTF8) and
 * quoted local parts are refused rather than sent half-right.
 */
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

export function isPlainAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

/** Reads `address`, `<address>` or `Name <address>` (the name may be quoted); null when it is none of these. */
export function parseMailbox(text: string): Mailbox | null {
  const trimmed = text.trim();
  const angled = /^(.*?)\s*<([^<>]*)>$/.exec(trimmed);
  const address = angled ? angled[2]!.trim() : trimmed;
  if (!isPlainAddress(address)) return null;
  let name = angled ? angled[1]!.trim() : "";
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).replace(/\\(.)/g, "$1");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a display name must not carry control characters into a header.
  if (/[\u0000-\u001f\u007f]/.test(name)) return null;
  return name ? { address, name } : { address };
}

/** The domain of an address (for Message-ID). */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}
