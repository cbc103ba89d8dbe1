import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles/common.css';
import { configureClient } from './api/client.js';
import { currentLocale, i18n } from './i18n.js';
import { createAppRouter } from './router/index.js';
import { resetStores } from './stores/reset.js';

const pinia = createPinia();
const router = createAppRouter(pinia);

configureClient({
  locale: currentLocale,
  onUnauthorized: () => {
    // The session ended on the server: forget everything and ask to sign in again.
    resetStores(pinia);
    const here = router.currentRoute.value;
    if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
  },
});

document.documentElement.lang = currentLocale();
createApp(App).use(pinia).use(i18n).use(router).mount('#app');
