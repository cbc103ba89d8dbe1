import { isIP } from 'node:net';
import { isWebUrl } from '@ritm/domain/web-url';

// Which network addresses a fetch may reach. A source's address is typed by a user, so without
// this guard Ritm would fetch from inside its own network for them (SSRF): the metadata service of
// a cloud host, a database port, the admin of a router. Only globally routable unicast addresses
// pass; every special-purpose range of the IANA IPv4 and IPv6 registries is refused, and an IPv6
// form that carries an IPv4 address (mapped, compatible, NAT64, 6to4) is judged by that address.

/** IPv4 ranges that are not the public internet (IANA special-purpose registry, RFC 6890 and successors). */
const IPV4_REFUSED: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives at 169.254.169.254)
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. the broadcast 255.255.255.255
];

/** IPv6 ranges outside the public internet, or that tunnel to somewhere a check cannot follow. */
const IPV6_REFUSED: readonly (readonly [string, number])[] = [
  ['100::', 64], // discard-only
  ['64:ff9b:1::', 48], // local-use NAT64
  ['2001::', 23], // IETF protocol assignments, incl. Teredo 2001::/32
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment routing SIDs
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inIpv4Range(value: number, [base, bits]: readonly [string, number]): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) === Math.floor(ipv4ToInt(base) / size);
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail read). */
function ipv6Groups(address: string): number[] {
  const withoutZone = address.split('%')[0] ?? address;
  let text = withoutZone;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const value = ipv4ToInt(dotted[1]);
    tail.push(Math.floor(value / 65536), value % 65536);
    text = text.slice(0, -dotted[1].length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = [...(rest === undefined ? [] : parse(rest)), ...tail];
  if (rest === undefined) return [...left, ...right];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function inIpv6Range(groups: readonly number[], [base, bits]: readonly [string, number]): boolean {
  const baseGroups = ipv6Groups(base);
  for (let index = 0; index < 8 && bits > index * 16; index += 1) {
    const take = Math.min(16, bits - index * 16);
    const shift = 16 - take;
    if ((groups[index] ?? 0) >> shift !== (baseGroups[index] ?? 0) >> shift) return false;
  }
  return true;
}

function ipv4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function isPublicIpv4(address: string): boolean {
  const value = ipv4ToInt(address);
  return !IPV4_REFUSED.some((range) => inIpv4Range(value, range));
}

function isPublicIpv6(address: string): boolean {
  const groups = ipv6Groups(address);
  if (groups.length !== 8) return false;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroHead = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated; also :: and ::1): the IPv4 address decides.
  if (zeroHead && g5 === 0xffff) return isPublicIpv4(ipv4FromGroups(g6, g7));
  if (zeroHead && g5 === 0) return g6 !== 0 && isPublicIpv4(ipv4FromGroups(g6, g7));
  // NAT64 64:ff9b::a.b.c.d reaches a.b.c.d; 6to4 2002:AABB:CCDD:: reaches AA.BB.CC.DD.
  if (inIpv6Range(groups, ['64:ff9b::', 96])) return isPublicIpv4(ipv4FromGroups(g6, g7));
  if (inIpv6Range(groups, ['2002::', 16])) return isPublicIpv4(ipv4FromGroups(g1, g2));
  // Only global unicast (2000::/3) is the internet; inside it, the special-purpose blocks are not.
  if (!inIpv6Range(groups, ['2000::', 3])) return false;
  return !IPV6_REFUSED.some((range) => inIpv6Range(groups, range));
}

/**
 * Whether an IP address is a public internet address a fetch may reach. Anything that is not an
 * IP address (a host name, garbage) is not.
 * @example isPublicAddress('93.184.215.14') // true
 * @example isPublicAddress('::ffff:10.0.0.1') // false: an IPv4-mapped private address
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0] ?? bare);
  if (family === 4) return isPublicIpv4(bare);
  if (family === 6) return isPublicIpv6(bare);
  return false;
}

/**
 * What is wrong with an address Ritm will read itself (a feed), besides its look: `not_a_url`
 * when no URL parser can read it (`http://[`), `credentials` when it holds a user name or password
 * (`https://user:secret@example.org/feed`), which everyone who sees the source would read.
 *
 * @example fetchedUrlProblem('https://example.org/feed') // undefined
 * @example fetchedUrlProblem('https://user:secret@example.org/feed') // 'credentials'
 */
export function fetchedUrlProblem(url: string): 'not_a_url' | 'credentials' | undefined {
  if (!isWebUrl(url) || !URL.canParse(url)) return 'not_a_url';
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '' ? 'credentials' : undefined;
}

/**
 * An address as it may be shown: a user name and password in it (kept from before Ritm refused
 * them, see {@link fetchedUrlProblem}) as `***`. The source still reads with them; only who sees
 * the source, or its audit entry, no longer does.
 *
 * @example shownUrl('https://reader:secret@example.org/feed') // 'https://***@example.org/feed'
 * @example shownUrl('https://example.org/feed') // 'https://example.org/feed'
 */
export function shownUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '***';
  parsed.password = '';
  return parsed.href;
}
