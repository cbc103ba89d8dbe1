import { describe, expect, it } from 'vitest';
import { offsetChanges, utcOffset, vtimezone } from './vtimezone.js';

const year2026 = [Date.parse('2026-01-01T00:00Z'), Date.parse('2027-01-01T00:00Z')] as const;

describe('offsetChanges', () => {
  it('finds both daylight-saving changes of Berlin to the minute', () => {
    expect(offsetChanges('Europe/Berlin', ...year2026)).toEqual([
      { at: Date.parse('2026-03-29T01:00Z'), from: 60, to: 120 },
      { at: Date.parse('2026-10-25T01:00Z'), from: 120, to: 60 },
    ]);
  });

  it('finds none in a Russian zone, which keeps one offset all year since 2014', () => {
    expect(offsetChanges('Asia/Vladivostok', ...year2026)).toEqual([]);
  });

  it('handles a half-hour zone south of the equator', () => {
    const changes = offsetChanges('Australia/Adelaide', ...year2026);
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      [630, 570],
      [570, 630],
    ]);
  });
});

describe('vtimezone', () => {
  it('writes one standard observance for a zone without changes', () => {
    expect(vtimezone('Europe/Moscow', ...year2026)).toBe(
      'BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n',
    );
  });

  it('starts each change at the wall-clock time under the offset being left', () => {
    const text = vtimezone('Europe/Berlin', ...year2026);
    expect(text).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT');
    expect(text).toContain('BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD');
  });
});

describe('utcOffset', () => {
  it('writes hours and minutes with a sign', () => {
    expect(utcOffset(180)).toBe('+0300');
    expect(utcOffset(-210)).toBe('-0330');
    expect(utcOffset(0)).toBe('+0000');
  });
});
