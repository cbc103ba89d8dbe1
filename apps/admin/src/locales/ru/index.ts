import app from './app.json';
import domain from './domain.json';
import calendar from './calendar.json';
import plans from './plans.json';
import dashboard from './dashboard.json';
import settings from './settings.json';
import issues from './issues.json';
import itemForm from './item-form.json';
import approval from './approval.json';
import governance from './governance.json';
import evidence from './evidence.json';
import evidenceSources from './evidence-sources.json';
import feeds from './feeds.json';
import importScreen from './import.json';
import exportFiles from './export.json';
import reports from './reports.json';
import reportJobs from './report-jobs.json';
import people from './people.json';
import orgAdmin from './org-admin.json';
import productionCalendar from './production-calendar.json';
import auditLog from './audit-log.json';
import catalogue from './catalogue.json';
import notifications from './notifications.json';
import series from './series.json';
import proposals from './proposals.json';
import materials from './materials.json';
import ui from './ui.json';
import templates from './templates.json';

export default {
  ...app,
  ...domain,
  ...calendar,
  ...plans,
  ...dashboard,
  ...settings,
  ...issues,
  ...itemForm,
  ...approval,
  ...governance,
  ...evidence,
  ...evidenceSources,
  ...feeds,
  ...importScreen,
  ...exportFiles,
  ...reports,
  ...reportJobs,
  ...people,
  ...orgAdmin,
  ...productionCalendar,
  ...auditLog,
  ...catalogue,
  ...notifications,
  ...series,
  ...proposals,
  ...materials,
  ...ui,
  ...templates,
};
