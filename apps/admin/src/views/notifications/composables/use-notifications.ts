import { getCurrentInstance, inject, onScopeDispose, provide, ref, shallowRef, watch, type InjectionKey, type Ref } from 'vue';
import { notificationsApi, type Notification } from '../../../api/notifications.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { formatInstant } from '../../../lib/dates.js';
import { useSessionStore } from '../../../stores/session.js';

/** How often the bell asks for the unread count while someone is signed in (it also asks on every move between screens). */
export const POLL_MS = 60_000;

/** How many the bell's list shows, and how many the full list loads at a time: the newest first. */
export const PAGE_SIZE = 20;

/**
 * The bell's number: nothing when all is read (or not known yet), «99+» beyond 99 so the header
 * keeps its width.
 *
 * @example unreadBadge(3) // '3'
 * @example unreadBadge(140) // '99+'
 * @example unreadBadge(0) // ''
 */
export function unreadBadge(count: number | null): string {
  if (!count || count < 0) return '';
  return count > 99 ? '99+' : String(count);
}

/**
 * When something was said, as people say it: «только что», «5 минут назад», «3 часа назад», then
 * the date and time in the given zone («24 нояб. 2026, 10:15»).
 *
 * @example whenText('2026-11-25T10:00:00Z', Date.parse('2026-11-25T10:05:00Z'), 'ru', 'Europe/Moscow') // '5 минут назад'
 */
export function whenText(at: string, now: number, locale: string, timeZone: string): string {
  const then = Date.parse(at);
  if (Number.isNaN(then)) return at;
  const minutes = Math.floor((now - then) / 60_000);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // A clock a little ahead of the server's still says «just now», not «in 1 minute».
  if (minutes < 1) return i18n.global.t('notifications.justNow');
  if (minutes < 60) return relative.format(-minutes, 'minute');
  if (minutes < 24 * 60) return relative.format(-Math.floor(minutes / 60), 'hour');
  return formatInstant(at, timeZone, locale);
}

/**
 * Where a notification leads: a screen of the admin (its path, for the router), a file the API
 * serves (a report's download: the browser fetches it), or nowhere (a link that does not start
 * with one `/` is not ours to follow).
 *
 * @example linkTarget('/plans/p1?org=o1') // { route: '/plans/p1?org=o1' }
 * @example linkTarget('/api/orgs/o1/report-jobs/r1/file') // { download: '/api/orgs/o1/report-jobs/r1/file' }
 */
export function linkTarget(link: string): { route: string } | { download: string } | null {
  if (!link.startsWith('/') || link.startsWith('//')) return null;
  return link === '/api' || link.startsWith('/api/') ? { download: link } : { route: link };
}

/** The unread count, shared by the bell (in the layout, which provides it) and the list screen (which keeps it true as it marks). */
export interface NotificationCentre {
  /** Unread notifications of the signed-in user; null until known or once signed out. */
  unread: Ref<number | null>;
  /** Asks the server for the count now. */
  refresh: () => Promise<void>;
  /**
   * A count the server gave with another answer (a page of the list, marking read): newer than
   * any ask still out, whose answer is then ignored rather than put back over it.
   */
  known: (unread: number) => void;
}

const CENTRE: InjectionKey<NotificationCentre> = Symbol('notification-centre');

/**
 * The bell's count: asked for at sign-in, every {@link POLL_MS} while the tab is shown (and when
 * it is shown again) and whenever `screen` changes (the route), and never while nobody is signed
 * in (the timer stops at sign-out). A failed ask
 * keeps the last count: the bell is a convenience, the screens say what went wrong.
 */
export function useNotificationCentre(screen: () => unknown): NotificationCentre {
  const session = useSessionStore();
  const unread = ref<number | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  let asked = 0;

  async function refresh(): Promise<void> {
    const ask = ++asked;
    if (!session.signedIn) {
      unread.value = null;
      return;
    }
    try {
      const list = await notificationsApi.list({ limit: 1 });
      // An answer overtaken by a later ask (or by signing out) is old news.
      if (ask === asked && session.signedIn) unread.value = list.unreadCount;
    } catch {
      // Keep what the bell showed; the next tick asks again.
    }
  }

  function known(count: number): void {
    asked++;
    if (session.signedIn) unread.value = count;
  }

  function stop(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  // A tab in the background does not ask (forty open tabs would ask forty times a minute); it asks
  // once when it is looked at again.
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  function onVisibility(): void {
    if (!hidden() && timer !== undefined) void refresh();
  }

  watch(
    () => session.signedIn,
    (signedIn) => {
      stop();
      if (signedIn) timer = setInterval(() => hidden() || void refresh(), POLL_MS);
      void refresh();
    },
    { immediate: true },
  );
  watch(screen, () => void refresh());
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  onScopeDispose(() => {
    stop();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  });

  const centre = { unread, refresh, known };
  if (getCurrentInstance()) provide(CENTRE, centre);
  return centre;
}

/**
 * A list of the user's notifications, newest first, a page at a time: the bell's popup (the newest
 * {@link PAGE_SIZE}) and the full screen (more on request, or only the unread). Opening one marks
 * it read; both keep the bell's count (`centre`, or the one the layout provides) in step. The texts
 * come from the server in the UI language, so a change of language loads the list again.
 */
export function useNotificationList(options: { centre?: NotificationCentre } = {}) {
  const notify = useNotify();
  const centre = options.centre ?? (getCurrentInstance() ? inject(CENTRE, null) : null);
  const items = shallowRef<Notification[]>([]);
  const nextBefore = ref<string | null>(null);
  const unreadOnly = ref(false);
  const loading = ref(false);
  const loaded = ref(false);
  const busy = ref(false);
  let asked = 0;

  function count(unread: number): void {
    centre?.known(unread);
  }

  async function page(before: string | null): Promise<void> {
    const ask = ++asked;
    loading.value = true;
    try {
      const list = await notificationsApi.list({ limit: PAGE_SIZE, ...(unreadOnly.value && { unread: true }), ...(before && { before }) });
      if (ask !== asked) return;
      items.value = before ? [...items.value, ...list.items] : list.items;
      nextBefore.value = list.nextBefore;
      loaded.value = true;
      count(list.unreadCount);
    } catch (error) {
      if (ask === asked) notify.error(error);
    } finally {
      if (ask === asked) loading.value = false;
    }
  }

  /** The newest page again (on open, on a change of filter or language). */
  const load = (): Promise<void> => page(null);
  /** The next, older page. */
  const more = (): Promise<void> => (nextBefore.value ? page(nextBefore.value) : Promise.resolve());

  function markedRead(ids: ReadonlySet<string> | 'all', at: string): void {
    const read = (n: Notification) => ids === 'all' || ids.has(n.id);
    // In «only unread» a read one leaves the list; otherwise it stays, no longer bold.
    items.value = unreadOnly.value ? items.value.filter((n) => !read(n)) : items.value.map((n) => (read(n) && n.readAt === null ? { ...n, readAt: at } : n));
  }

  /**
   * Opens a notification: marks it read (if it was not) and answers where it leads, for the
   * caller to go there. Marking is not a condition of going: a failure is reported and the link
   * still followed.
   */
  async function open(notification: Notification): Promise<ReturnType<typeof linkTarget>> {
    if (notification.readAt === null) {
      try {
        count(await notificationsApi.read(notification));
        markedRead(new Set([notification.id]), new Date().toISOString());
      } catch (error) {
        notify.error(error);
      }
    }
    return linkTarget(notification.link);
  }

  /** «Отметить все прочитанными». */
  async function readAll(): Promise<boolean> {
    busy.value = true;
    try {
      count(await notificationsApi.readAll());
      markedRead('all', new Date().toISOString());
      return true;
    } catch (error) {
      notify.error(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  watch(unreadOnly, () => void load());
  watch(
    () => i18n.global.locale.value,
    () => {
      if (loaded.value) void load();
    },
  );

  const hasUnread = (): boolean => items.value.some((n) => n.readAt === null) || (centre?.unread.value ?? 0) > 0;

  return { items, nextBefore, unreadOnly, loading, loaded, busy, load, more, open, readAll, hasUnread, unread: centre?.unread ?? ref<number | null>(null) };
}
