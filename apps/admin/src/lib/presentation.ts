import { COMPLIANCE_STATUSES, statusSeverity, type ComplianceStatus } from '@ritm/domain/compliance';
import type { KnownChannelType } from '@ritm/domain/channel';
import type { ItemStatus } from '@ritm/domain/item';
import type { Component } from 'vue';
import {
  Ban,
  Briefcase,
  ChartColumn,
  Check,
  Circle,
  CircleCheck,
  CircleDashed,
  CircleDot,
  CircleX,
  Clapperboard,
  Dot,
  FileText,
  Handshake,
  Landmark,
  Mail,
  MessageCircle,
  Mic,
  Minus,
  Newspaper,
  PartyPopper,
  PenLine,
  Pin,
  Printer,
  Search,
  TrendingUp,
  TriangleAlert,
  Users,
  X,
} from 'lucide-vue-next';

// Colours carry meaning together with a label or icon, never alone (WCAG 1.4.1).

/** The domain's compliance statuses worst first, the order a director reads them in (legends, heatmaps). */
export const STATUSES_WORST_FIRST: readonly ComplianceStatus[] = [...COMPLIANCE_STATUSES].sort((a, b) => statusSeverity(a) - statusSeverity(b));

const CHANNEL_COLOURS: Partial<Record<KnownChannelType, string>> = {
  website: '#2e7d32',
  vk: '#2a5db0',
  ok: '#d9730d',
  telegram: '#1d8fbf',
  max: '#6a3fc1',
  dzen: '#3b3b3b',
  rutube: '#b3261e',
  email: '#8a6d00',
  chat: '#00796b',
  portal: '#5d4037',
  mass_media: '#ad1457',
  print: '#6d4c41',
  info_stand: '#7b5e00',
  info_zone: '#827717',
  in_person: '#455a64',
  tv: '#c62828',
  radio: '#4e342e',
  sms: '#546e7a',
};
const FALLBACK = ['#37474f', '#6a1b9a', '#00695c', '#9e4b00', '#283593'];

export function channelColour(type: string | undefined, index = 0): string {
  return (type && CHANNEL_COLOURS[type as KnownChannelType]) || (FALLBACK[index % FALLBACK.length] as string);
}

export const STATUS_COLOURS: Record<ComplianceStatus, { bg: string; fg: string; border: string }> = {
  met: { bg: '#e3f4e8', fg: '#14532d', border: '#2e7d32' },
  on_track: { bg: '#e6f0fb', fg: '#163d6b', border: '#2a5db0' },
  planned: { bg: '#eef2f6', fg: '#2c3e50', border: '#7890a8' },
  at_risk: { bg: '#fff3dc', fg: '#6b3a00', border: '#d9730d' },
  gap: { bg: '#fde8e6', fg: '#7a1d16', border: '#c0392b' },
  missed: { bg: '#f9dcdc', fg: '#6e0f0f', border: '#a11212' },
  exempt: { bg: '#efebf7', fg: '#3d2a6b', border: '#6a3fc1' },
  not_applicable: { bg: '#f1f2f4', fg: '#474a4f', border: '#9aa0a6' },
};

/**
 * A shape per status, so the strip reads without colour. SVG icons (Lucide), not characters:
 * a workstation without a colour-emoji or symbol font shows characters as empty boxes. Each
 * sits beside its status's words, so it is drawn `aria-hidden`.
 */
export const STATUS_ICONS: Record<ComplianceStatus, Component> = {
  met: Check,
  on_track: TrendingUp,
  planned: Circle,
  at_risk: TriangleAlert,
  gap: CircleDashed,
  missed: X,
  exempt: Ban,
  not_applicable: Minus,
};

export const ITEM_STATUS_ICONS: Record<ItemStatus, Component> = {
  planned: Circle,
  in_progress: CircleDot,
  published: CircleCheck,
  held: CircleCheck,
  cancelled: CircleX,
};

const KIND_ICONS: Record<string, Component> = {
  post: PenLine,
  press_release: Newspaper,
  comment: MessageCircle,
  publication: FileText,
  print_material: Printer,
  video: Clapperboard,
  audio: Mic,
  vacancy_material: Briefcase,
  stand_update: Pin,
  newsletter: Mail,
  public_event: PartyPopper,
  group_event: Users,
  meeting: Handshake,
  commission_meeting: Landmark,
  review: Search,
  report: ChartColumn,
};

/** An item kind's icon; an organisation's own kind gets a plain dot. */
export function kindIcon(kind: string): Component {
  return KIND_ICONS[kind] ?? Dot;
}
