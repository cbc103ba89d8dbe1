import { describe, expect, it } from 'vitest';
import { fetchedUrlProblem, isPublicAddress, shownUrl } from './address.js';

// The guard's table: each range refused at its edges, its neighbours allowed.

describe('isPublicAddress: IPv4', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', '"this network" end'],
    ['10.0.0.0', 'RFC 1918 start'],
    ['10.255.255.255', 'RFC 1918 end'],
    ['100.64.0.0', 'CGNAT start'],
    ['100.127.255.255', 'CGNAT end'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback end'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['172.16.0.0', 'RFC 1918 start'],
    ['172.31.255.255', 'RFC 1918 end'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['192.88.99.1', '6to4 relay'],
    ['192.168.0.1', 'RFC 1918'],
    ['192.168.255.255', 'RFC 1918 end'],
    ['198.18.0.0', 'benchmarking start'],
    ['198.19.255.255', 'benchmarking end'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast end'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['1.0.0.1'],
    ['8.8.8.8'],
    ['9.255.255.255'], // just below 10/8
    ['11.0.0.0'], // just above 10/8
    ['100.63.255.255'], // just below CGNAT
    ['100.128.0.0'], // just above CGNAT
    ['126.255.255.255'],
    ['128.0.0.0'],
    ['169.253.255.255'],
    ['169.255.0.0'],
    ['172.15.255.255'], // just below 172.16/12
    ['172.32.0.0'], // just above it
    ['192.167.255.255'],
    ['192.169.0.0'],
    ['198.17.255.255'],
    ['198.20.0.0'],
    ['223.255.255.255'], // last unicast before multicast
    ['77.88.55.242'],
  ])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('isPublicAddress: IPv6', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback as a URL writes it'],
    ['0:0:0:0:0:0:0:1', 'loopback written out'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['100::1', 'discard'],
    ['2001::1', 'Teredo'],
    ['2001:db8::1', 'documentation'],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation end'],
    ['3fff::1', 'documentation (RFC 9637)'],
    ['fc00::1', 'unique local start'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique local end'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['febf:ffff::1', 'link-local end'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['1234::1', 'outside global unicast'],
    ['4000::1', 'outside global unicast'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['2a00:1450:4010:c0e::64'],
    ['2606:4700:4700::1111'],
    ['2001:200::1'], // just past IETF 2001::/23
    ['2001:db7:ffff::1'], // just below documentation
    ['2001:db9::1'], // just above it
    ['::ffff:8.8.8.8'], // mapped public
    ['64:ff9b::808:808'], // NAT64 of 8.8.8.8
    ['2002:808:808::1'], // 6to4 of 8.8.8.8
    ['3ffe:ffff::1'], // just below RFC 9637's 3fff::/20
  ])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('isPublicAddress: not an address', () => {
  it.each([['localhost'], ['example.com'], [''], ['999.1.1.1'], ['1.2.3'], ['::gg'], ['010.0.0.1']])('refuses %j', (text) => {
    expect(isPublicAddress(text)).toBe(false);
  });
});

describe('an address Ritm reads itself', () => {
  it('is one a URL parser reads, without a user name or password', () => {
    expect(fetchedUrlProblem('https://example.org/feed?page=1')).toBeUndefined();
    expect(fetchedUrlProblem('HTTP://example.org:8080/rss')).toBeUndefined();
    for (const secret of ['https://user:secret@example.org/feed', 'https://user@example.org/', 'http://:pw@example.org/']) expect(fetchedUrlProblem(secret), secret).toBe('credentials');
    expect(['https://user:secret@example.org/feed?a=1', 'https://user@example.org/', 'http://:pw@example.org/'].map(shownUrl)).toEqual([
      'https://***@example.org/feed?a=1',
      'https://***@example.org/',
      'http://***@example.org/',
    ]);
    expect(shownUrl('https://example.org/feed')).toBe('https://example.org/feed');
    for (const broken of ['http://[', 'https://exa mple.org', 'ftp://example.org', 'http://example.org:99999/']) expect(fetchedUrlProblem(broken), broken).toBe('not_a_url');
  });
});
