import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/**
 * Names the inner input of a third-party control that does not pass
 * attributes through (Naive UI's tree select): screen readers then announce
 * what the field is for.
 */
export function useAriaLabel(root: Ref<HTMLElement | null>, label: () => string, selector = 'input, [tabindex]'): void {
  let observer: MutationObserver | null = null;
  const apply = () => {
    root.value?.querySelectorAll(selector).forEach((el) => {
      if (el.getAttribute('aria-label') !== label()) el.setAttribute('aria-label', label());
    });
  };
  onMounted(() => {
    apply();
    if (root.value) {
      observer = new MutationObserver(apply);
      observer.observe(root.value, { childList: true, subtree: true });
    }
  });
  watch(label, apply);
  onBeforeUnmount(() => observer?.disconnect());
}
