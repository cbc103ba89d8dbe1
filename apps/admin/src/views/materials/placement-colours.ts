import type { PlacementStatus } from '@ritm/domain/materials';

// Colours carry meaning together with a word, never alone (WCAG 1.4.1); each text colour has at
// least 4.5:1 contrast on its background, and the bar's fill colours 3:1 on white.
export const PLACEMENT_COLOURS: Record<PlacementStatus, { bg: string; fg: string; border: string; fill: string }> = {
  placed: { bg: '#e7f5ec', fg: '#17643a', border: '#9fd3b3', fill: '#2e8b57' },
  pending: { bg: '#eef2f7', fg: '#34495e', border: '#c3ccd6', fill: '#7a8a9c' },
  overdue: { bg: '#fff4e0', fg: '#7a4b00', border: '#f0c77a', fill: '#c77700' },
  declined: { bg: '#fdecea', fg: '#a11212', border: '#f2aaa4', fill: '#c0392b' },
};
