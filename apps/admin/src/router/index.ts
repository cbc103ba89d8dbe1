import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useOrgsStore } from '../stores/orgs.js';
import { useSessionStore } from '../stores/session.js';
import { landingRoute } from './landing.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** i18n key of the page title. */
    title?: string;
    /** The navigation entry (a route name) this screen belongs to, when it is not that entry's own route. */
    section?: string;
  }
}

// Every screen is its own chunk: the login and the calendar must stay light,
// and the dashboard's charts load only there.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/auth/LoginView.vue'), meta: { public: true, title: 'auth.title' } },
  { path: '/password', name: 'password-change', component: () => import('../views/auth/PasswordChangeView.vue'), meta: { title: 'people.mustChangeTitle' } },
  {
    path: '/plans/:planId/print',
    name: 'plan-print',
    component: () => import('../views/plans/PlanPrintView.vue'),
    meta: { title: 'plans.printTitle' },
  },
  {
    path: '/',
    component: () => import('../views/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/calendar/CalendarView.vue'), meta: { section: 'calendar' } },
      { path: 'calendar', name: 'calendar', component: () => import('../views/calendar/CalendarView.vue'), meta: { title: 'nav.calendar' } },
      { path: 'plans', name: 'plans', component: () => import('../views/plans/PlansView.vue'), meta: { title: 'nav.plans' } },
      { path: 'plans/:planId', name: 'plan', component: () => import('../views/plans/PlanView.vue'), meta: { title: 'nav.plans', section: 'plans' } },
      { path: 'dashboard', name: 'dashboard', component: () => import('../views/dashboard/DashboardView.vue'), meta: { title: 'nav.dashboard' } },
      { path: 'channels', name: 'channels', component: () => import('../views/settings/ChannelsView.vue'), meta: { title: 'nav.channels' } },
      { path: 'audiences', name: 'audiences', component: () => import('../views/settings/AudiencesView.vue'), meta: { title: 'nav.audiences' } },
      {
        path: 'key-messages',
        name: 'key-messages',
        component: () => import('../views/settings/KeyMessagesView.vue'),
        meta: { title: 'nav.keyMessages' },
      },
      { path: 'norms', name: 'norms', component: () => import('../views/norms/NormsView.vue'), meta: { title: 'nav.norms' } },
      { path: 'evidence', name: 'evidence', component: () => import('../views/evidence/EvidenceView.vue'), meta: { title: 'evidenceSources.review.title' } },
      { path: 'import', name: 'import', component: () => import('../views/imports/ImportView.vue'), meta: { title: 'nav.import' } },
      { path: 'orgs', name: 'orgs', component: () => import('../views/orgs/OrgsView.vue'), meta: { title: 'orgAdmin.title' } },
      { path: 'audit', name: 'audit', component: () => import('../views/audit/AuditView.vue'), meta: { title: 'nav.audit' } },
      { path: 'people', name: 'people', component: () => import('../views/people/PeopleView.vue'), meta: { title: 'people.title' } },
      { path: 'production-calendar', name: 'production-calendar', component: () => import('../views/production-calendar/ProductionCalendarView.vue'), meta: { title: 'productionCalendar.title' } },
      { path: 'materials', name: 'materials', component: () => import('../views/materials/MaterialsView.vue'), meta: { title: 'materials.title' } },
      { path: 'materials/received', name: 'materials-received', component: () => import('../views/materials/MaterialsView.vue'), meta: { title: 'materials.title', section: 'materials' } },
      { path: 'materials/new', name: 'material-new', component: () => import('../views/materials/MaterialSendView.vue'), meta: { title: 'materials.form.title', section: 'materials' } },
      { path: 'materials/:materialId', name: 'material', component: () => import('../views/materials/MaterialView.vue'), meta: { title: 'materials.title', section: 'materials' } },
      { path: 'notifications', name: 'notifications', component: () => import('../views/notifications/NotificationsView.vue'), meta: { title: 'notifications.title' } },
      { path: 'templates', name: 'templates', component: () => import('../views/templates/TemplatesView.vue'), meta: { title: 'templates.title' } },
      { path: 'proposals', name: 'proposals', component: () => import('../views/proposals/ProposalsView.vue'), meta: { title: 'proposals.title' } },
      { path: 'profile', name: 'profile', component: () => import('../views/profile/ProfileView.vue'), meta: { title: 'feeds.profileTitle' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export function createAppRouter(pinia: Pinia) {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    if (!session.ready) await session.probe().catch(() => null);
    if (to.meta.public) return session.signedIn && to.name === 'login' ? { path: '/' } : true;
    if (!session.me) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    // A temporary password opens nothing but choosing one's own (the API refuses the rest too).
    if (session.me.mustChangePassword !== (to.name === 'password-change')) return session.me.mustChangePassword ? { name: 'password-change' } : { path: '/' };
    if (to.name === 'password-change') return true;
    const orgs = useOrgsStore(pinia);
    if (orgs.list.length === 0) await orgs.load(session.me);
    const wanted = typeof to.query.org === 'string' ? to.query.org : null;
    if (wanted && wanted !== orgs.currentId) orgs.select(wanted);
    // issue 16 — dashboard: `/` goes where the user's capabilities say they work.
    if (to.name === 'home') return { name: landingRoute(orgs.list), query: to.query };
    return true;
  });
  return router;
}
