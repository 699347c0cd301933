// The browser entry of the experiment panels (bundled by export/panel/bundle.ts): the page's script
// (export/page/runtime.ts) calls backpropLabExperiments.mount(el, Plotly) as each panel comes into
// view; mountAll() mounts every panel of a page at once.
import { mount, mountAll } from "./experiment";

(
  window as unknown as { backpropLabExperiments: { mount: typeof mount; mountAll: typeof mountAll } }
).backpropLabExperiments = { mount, mountAll };
