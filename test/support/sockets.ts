// Which addresses a TCP port listens on, read from the kernel's own tables (/proc/net/tcp and
// tcp6, what `ss -ltn` reads), so the check needs no tool the machine may lack.
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

/** IPv4 "0100007F" → "127.0.0.1"; IPv6 as 32 hex digits, IPv4-mapped ones shown as IPv4. */
function addressOf(hex: string): string {
  if (hex.length === 8)
    return hex
      .match(/../g)!
      .reverse()
      .map((b) => Number.parseInt(b, 16))
      .join('.');
  // Each 32-bit group of an IPv6 address is in host (little-endian) order.
  const bytes = hex.match(/.{8}/g)!.flatMap((group) => group.match(/../g)!.reverse());
  if (bytes.slice(0, 10).every((b) => b === '00') && bytes[10] === 'FF' && bytes[11] === 'FF')
    return bytes
      .slice(12)
      .map((b) => Number.parseInt(b, 16))
      .join('.');
  return bytes.every((b) => b === '00') ? '::' : bytes.join('');
}

/** Every local address listening on `port`, IPv4 and IPv6: `0.0.0.0` or `::` means every interface. */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, portHex] = (local ?? '').split(':');
      if (state === LISTEN && Number.parseInt(portHex ?? '', 16) === port)
        found.push(addressOf(address ?? ''));
    }
  }
  return found;
}
